// Runtime validation of key input: the schemas are the contract's (contract/keys.ts), so
// the renderer, the dispatch and the inventory check one definition (parseOrThrow: ../parse-input.ts).
export {
  BulkChangeSchema,
  type BulkChange,
  KeyInputSchema,
  KeyPatchSchema,
  SecretSchema,
  isAllowedBaseUrl,
  type KeyFields,
  type KeyInput,
  type KeyPatch,
} from '../../contract/keys.js';
