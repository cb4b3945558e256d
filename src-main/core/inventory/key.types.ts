// The key model is declared in the contract (contract/keys.ts): the renderer reads it
// from there, the core from here.
export {
  KEY_STATUSES,
  PLATFORM_IDS,
  VERIFY_RESULTS,
  type HistoryEntry,
  type KeyMeta,
  type KeyRecord,
  type KeySecret,
  type KeyStatus,
  type PlatformId,
  type Verification,
  type VerifyResult,
} from '../../contract/keys.js';
