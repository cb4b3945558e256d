// Realistic, deterministic inventories for tests, screenshots and the benchmark:
// names, accounts, owners and dates spread the way a team's keys are, relative to today.
// Two profiles: 'team' (the default: a real team's vault, most keys fine, about 1% act now,
// 3% due soon, 7% housekeeping) and 'every-rule' (the older mix, where every alert rule
// fires often; for tests that count rows of it or need many alerts).
export type SeedKey = {
  fields: Record<string, unknown>;
  secret: { value: string; instanceId?: string };
  /** A verification on record (stored as the key's lastVerification by seeders that can). */
  verified?: { at: string; result: 'valid' | 'invalid'; message: string };
};
export type SeedProfile = 'team' | 'every-rule';
export type SeedOptions = { seed?: number; profile?: SeedProfile; now?: Date };

const PLATFORMS = ['knouds', 'kubiya', 'kognitos', 'kai', 'kaana', 'custom'] as const;
const PREFIX: Record<(typeof PLATFORMS)[number], string> = {
  knouds: 'knouds_live_',
  kubiya: 'kby_',
  kognitos: 'kgn_pat_',
  kai: 'k1_',
  kaana: 'sk_live_',
  custom: '',
};
const PURPOSES = [
  'Deploy bot',
  'Nightly sync',
  'Billing export',
  'Support triage',
  'Data pipeline',
  'Slack notifier',
  'Incident runner',
  'Invoice parser',
  'Lead enrichment',
  'Staging smoke tests',
  'Search indexer',
  'Audit exporter',
  'Onboarding flow',
  'Metrics relay',
  'Contract review',
];
const TEAMS = ['platform', 'payments', 'growth', 'support', 'data', 'security'];
const OWNERS = [
  'ana.souza@acme.dev',
  'li.wei@acme.dev',
  'omar.haddad@acme.dev',
  'jules.martin@acme.dev',
  'priya.nair@acme.dev',
  'tom.becker@acme.dev',
  'sara.lind@acme.dev',
];
const DEPLOYED = [
  'GitHub Actions secret DEPLOY_KEY in acme/api',
  'Vercel env var in acme/web',
  'AWS Secrets Manager prod/integrations',
  'Kubernetes secret in cluster eu-1',
  'Airflow connection in data-platform',
  'Local .env on the build runner',
];

/** A small deterministic generator (mulberry32), so every run seeds the same vault. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const day = (offset: number, now = new Date()) =>
  new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate() + offset)).toISOString().slice(0, 10);

const ENV_SUFFIX: Record<string, string> = { production: '', staging: ' (staging)', development: ' (dev)' };

/** Every purpose x team x environment once, in a shuffled order, then numbered rounds. */
function names(count: number, r: () => number): { name: string; team: string; env: string }[] {
  const combos = PURPOSES.flatMap((p) =>
    TEAMS.flatMap((team) => ['production', 'staging', 'development'].map((env) => ({ p, team, env }))),
  );
  for (let i = combos.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [combos[i], combos[j]] = [combos[j] as (typeof combos)[number], combos[i] as (typeof combos)[number]];
  }
  return Array.from({ length: count }, (_, i) => {
    const c = combos[i % combos.length] as (typeof combos)[number];
    const round = Math.floor(i / combos.length);
    return {
      name: `${c.p} – ${c.team}${ENV_SUFFIX[c.env]}${round > 0 ? ` #${round + 1}` : ''}`,
      team: c.team,
      env: c.env,
    };
  });
}

export function seedKeys(count: number, options: SeedOptions = {}): SeedKey[] {
  const { seed = 7, profile = 'team', now = new Date() } = options;
  const keys = everyRule(count, seed, now);
  return profile === 'team' ? asTeam(keys, seed, now) : keys;
}

type Role = 'act-now' | 'due-soon' | 'housekeeping' | 'fine';

/** Which keys get which state (and their rank within it): a shuffled pick of ~1% / 3% / 7% of the vault. */
function roles(count: number, r: () => number): { role: Role; nth: number }[] {
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const out: { role: Role; nth: number }[] = Array.from({ length: count }, () => ({ role: 'fine', nth: 0 }));
  const bands: [Role, number][] = [
    ['act-now', Math.round(count * 0.01)],
    ['due-soon', Math.round(count * 0.03)],
    ['housekeeping', Math.round(count * 0.07)],
  ];
  let n = 0;
  for (const [role, size] of bands)
    for (let nth = 0; nth < size && n < count; nth++) out[order[n++] as number] = { role, nth };
  return out;
}

/** Rewrites the dates and status of the every-rule keys into a team's: verified, used, expiring far ahead. */
function asTeam(keys: SeedKey[], seed: number, now: Date): SeedKey[] {
  const r = random(seed * 31 + 1);
  const of = roles(keys.length, r);
  const at = (offset: number) => `${day(offset, now)}T08:00:00.000Z`;
  return keys.map((k, i) => {
    const { role, nth: n } = of[i] as { role: Role; nth: number };
    const created = -Math.floor(r() * 80) - 5;
    const fields: Record<string, unknown> = {
      ...k.fields,
      status: role === 'fine' && k.fields.status === 'revoked' ? 'revoked' : 'active',
      // Platforms with a key cap: a team spreads its keys over accounts that stay under it.
      ...(k.fields.platform === 'kaana' || k.fields.platform === 'kognitos'
        ? { account: `${String(k.fields.account)}-${Math.floor(i / 3)}` }
        : {}),
      createdAt: day(created, now),
      // Fine: expiry well past the first warning (30 days), used in the last fortnight,
      // rotation policy (if any) not due, verified this month.
      expiresAt: day(45 + Math.floor(r() * 300), now),
      lastUsedAt: day(-Math.floor(r() * 14), now),
      rotateEveryDays: r() < 0.3 ? 90 : null,
    };
    let verified: SeedKey['verified'] = { at: at(-Math.floor(r() * 20)), result: 'valid', message: 'Accepted' };
    if (role === 'act-now') {
      // Expired and still in use, or refused by its platform.
      if (n % 2 === 0) {
        fields.expiresAt = day(-3 - n, now);
        fields.deployedTo = [DEPLOYED[n % DEPLOYED.length]];
      } else verified = { at: at(-1), result: 'invalid', message: 'Refused (401)' };
    } else if (role === 'due-soon') {
      // Expires within the week, or its rotation fell due in the last few days.
      if (n % 3 === 2) {
        fields.rotateEveryDays = 90;
        fields.createdAt = day(-90 - (n % 4), now);
      } else fields.expiresAt = day(2 + (n % 5), now);
    } else if (role === 'housekeeping') {
      // Unused for months, never verified, or expiring within the month but not this week.
      if (n % 3 === 0) {
        fields.createdAt = day(-200 - (i % 90), now);
        fields.lastUsedAt = day(-100 - (i % 40), now);
        fields.rotateEveryDays = null;
        // A valid verification counts as a use: this one was last verified when last used.
        verified = { at: at(-100 - (i % 40)), result: 'valid', message: 'Accepted' };
      } else if (n % 3 === 1) verified = undefined;
      else fields.expiresAt = day(12 + (i % 15), now);
    }
    return verified ? { ...k, fields, verified } : { fields, secret: k.secret };
  });
}

function everyRule(count: number, seed: number, now: Date): SeedKey[] {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const named = names(count, r);
  return named.map(({ name, team, env }, i) => {
    const platform = PLATFORMS[i % 17 === 0 ? 5 : Math.floor(r() * 5)] as (typeof PLATFORMS)[number];
    const created = -Math.floor(r() * 400) - 5;
    const expiry = r() < 0.15 ? null : Math.floor(r() * 300) - 12;
    const used = r() < 0.12 ? null : -Math.floor(r() * 120);
    const status =
      expiry !== null && expiry < 0
        ? r() < 0.5
          ? 'expired'
          : 'active'
        : r() < 0.06
          ? 'revoked'
          : r() < 0.04
            ? 'revocation-pending'
            : 'active';
    const tail = Math.floor(r() * 0xffffffff)
      .toString(16)
      .padStart(8, '0');
    const end = Math.floor(r() * 36 ** 6)
      .toString(36)
      .padStart(6, '0');
    return {
      fields: {
        platform,
        name,
        account: platform === 'kai' ? `inst-${tail.slice(0, 6)}` : `acme-${team}`,
        owner: pick(OWNERS),
        environment: env,
        tags: [team, ...(r() < 0.3 ? ['ci'] : []), ...(r() < 0.15 ? ['customer-facing'] : [])],
        deployedTo: r() < 0.8 ? [pick(DEPLOYED)] : [],
        scopes: platform === 'knouds' ? ['workflow:run', 'workflow:read'] : [],
        createdAt: day(created, now),
        expiresAt: expiry === null ? null : day(expiry, now),
        lastUsedAt: used === null ? null : day(Math.max(used, created), now),
        status,
        rotateEveryDays: r() < 0.3 ? 90 : null,
        notes: '',
      },
      secret:
        platform === 'kai'
          ? {
              value: `${PREFIX[platform]}${tail}${i.toString(36).padStart(18, 'x')}${end}`,
              instanceId: `inst-${tail.slice(0, 6)}`,
            }
          : { value: `${PREFIX[platform]}${tail}${i.toString(36).padStart(18, '0')}${end}` },
    };
  });
}
