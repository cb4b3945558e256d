// What Keyward knows about one SaaS platform, as data: where its API is, how a
// key is sent and checked, what keys look like, its limits and its portal steps.
// Definitions hold no secrets and do no I/O; adding a platform = one definition file.

import type { ExpiryPolicy } from '../../contract/rotations.js';
import type { PlatformId, VerifyResult } from '../inventory/key.types.js';

/** The platforms with a definition ('custom' keys have none). */
export type DefinedPlatformId = Exclude<PlatformId, 'custom'>;

/** How the secret travels: one header with a scheme prefix, or KAI's instance-id + api-key pair. */
export type AuthScheme =
  | { kind: 'header'; header: string; prefix: string }
  | { kind: 'instance-pair'; instanceHeader: string; keyHeader: string };

/** A platform's verdict on an error answer, in plain words (never platform free text). */
export type ErrorVerdict = { result: VerifyResult; message: string };

export type VerifySpec = {
  method: 'GET' | 'POST';
  /** Appended to the base URL (which has no trailing slash). */
  path: string;
  query?: Readonly<Record<string, string>>;
  /** Sent as JSON (with Content-Type: application/json) when present. */
  jsonBody?: unknown;
  /** Parses a 2xx answer with zod and says who the key belongs to; null = not the documented shape. */
  identity: (json: unknown, ctx: { account: string }) => string | null;
  /** Platform-specific reading of an error answer (parsed with zod); undefined = generic mapping. */
  explainError?: (status: number, json: unknown) => ErrorVerdict | undefined;
};

export type KeyFormat = {
  /** Known prefixes, longest first, shown in hints and used to detect the platform. */
  prefixes: readonly string[];
  /** How far a prefix match can be trusted: 'high' when the platform documents it. */
  prefixConfidence: 'high' | 'low';
  /** Other shapes that point at this platform (e.g. a JWT with Kubiya's claims). */
  looksLike?: (value: string) => boolean;
  description: string;
};

export type PlatformLimits = {
  maxActiveKeys?: {
    count: number;
    per: 'organization' | 'account' | 'instance';
    /** Only these tiers have the cap (others unlimited); absent = every tier. */
    onlyOnTiers?: readonly string[];
    /** True when making a new key revokes the current one (KAI Regenerate). */
    newKeyReplacesCurrent?: boolean;
  };
  /** Account tiers, cheapest first; `assumedTier` is used when the user has not said. */
  tiers?: readonly string[];
  assumedTier?: string;
  /** Tiers whose keys work at all (Knouds: not free). */
  usableTiers?: readonly string[];
  /** Documented request budget, used by the client-side limiter until the platform's headers say otherwise. */
  rateLimit?: { limit: number; windowMs: number; sendsHeaders: boolean; note: string };
};

/** How the platform rotates a key, with the step labels both hosts show (docs/ROTATION.md). */
export type RotationGuide = {
  sequence: 'overlap' | 'replace-at-once';
  /** One label per step, from "before you start" to the new key verified again after the old one is dead. */
  steps: readonly string[];
  /** The steps a revocation shows, from the dependants screen to the platform's refusal. */
  revokeSteps: readonly string[];
};

export type PortalGuide = {
  /** Deep link when the platform documents an absolute one. */
  url?: string;
  menuPath: string;
  create: readonly string[];
  revoke: readonly string[];
  /** replace-at-once platforms: the one portal action that makes the new key and kills the old one. */
  regenerate?: readonly string[];
  notes?: readonly string[];
};

export type { ExpiryPolicy };

export type AccessOption = { id: string; label: string; grants?: readonly string[] };
export type AccessChoice = { id: string; label: string; multiple: boolean; options: readonly AccessOption[] };

export type Capabilities = {
  verify: 'api';
  create: 'api-experimental' | 'portal';
  revoke: 'portal';
  list: 'portal';
  lastUsed: 'portal' | 'none';
};

/** What can be read from the key value itself, without any network call (display only, never trusted). */
export type LocalKeyFacts = {
  facts: Record<string, string>;
  /** YYYY-MM-DD, when the value carries one (a JWT `exp`). */
  expiresAt?: string;
  warnings: string[];
};

export type CreateApiSpec = { method: 'POST'; path: string; note: string };

export type PlatformDefinition = {
  id: DefinedPlatformId;
  displayName: string;
  defaultBaseUrl: string;
  /** Other official bases (sandbox, regions); only these hosts and loopback may receive a key. */
  knownBaseUrls: readonly string[];
  /** What the `account` field means on this platform (instance, organisation ...). */
  accountLabel: string;
  auth: AuthScheme;
  verify: VerifySpec;
  keyFormat: KeyFormat;
  limits: PlatformLimits;
  portal: PortalGuide;
  rotation: RotationGuide;
  expiry: ExpiryPolicy;
  access: readonly AccessChoice[];
  accessNote: string;
  capabilities: Capabilities;
  createApi?: CreateApiSpec;
  localFacts?: (value: string, now: Date) => LocalKeyFacts;
};
