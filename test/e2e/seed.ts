// Realistic, deterministic inventories for tests, screenshots and the benchmark:
// names, accounts, owners and dates spread the way a team's keys are, relative to today.
export type SeedKey = { fields: Record<string, unknown>; secret: { value: string; instanceId?: string } };

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

export function seedKeys(count: number, seed = 7): SeedKey[] {
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
        createdAt: day(created),
        expiresAt: expiry === null ? null : day(expiry),
        lastUsedAt: used === null ? null : day(Math.max(used, created)),
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
