// The public surface of the platform layer: definitions, verify, Kubiya create,
// local key facts and limits. Re-exports only; nothing here runs on import.

export type {
  AccessChoice,
  AccessOption,
  AuthScheme,
  Capabilities,
  DefinedPlatformId,
  ExpiryPolicy,
  KeyFormat,
  LocalKeyFacts,
  PlatformDefinition,
  PlatformLimits,
  PortalGuide,
} from './platform.types.js';
export { PLATFORMS, findPlatform, getPlatform, isDefinedPlatform } from './definitions/index.js';
export { verifyKey, type VerifyInput, type VerifyOutcome } from './verify.service.js';
export { createKubiyaKey, type CreateKubiyaKeyInput, type CreateKeyOutcome } from './kubiya-create.js';
export { keyHint, detectPlatform, describeKeyLocally, type DetectedPlatform } from './key-facts.js';
export { decodeJwtPayload } from './jwt.js';
export { checkLimits, assertWithinLimits, type LimitCheck } from './limits.js';
export { createPlatformCallDeps, realSleep, type PlatformCallDeps } from './platform-call.js';
export { createRateLimiters, type RateBudget, type RateLimiters, type Sleep } from './rate-limiter.js';
export { DEFAULT_RETRY, type RetryOptions } from './retry-policy.js';
export { createNodeHttpClient, type NodeHttpClientOptions } from './http-client.js';
export { redactSecret } from '../redaction.js';
