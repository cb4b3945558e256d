// Pairs a KAI instance id with its key by exact variable naming only: `X_INSTANCE_ID` goes
// with `X_API_KEY` or `X_KEY` (the same X, compared whole), `INSTANCE_ID` with `API_KEY` / `KEY`.
// KAI_INSTANCE_ID never pairs with KAI_STAGING_API_KEY or KAIROS_API_KEY.

export type Pairing = { instanceId: string; from: string };

const ID = /^(?:(.+)_)?INSTANCE_ID$/i;

/** The `X` of an instance-id variable (upper case, '' for a bare INSTANCE_ID), or null. */
export function instanceIdPrefix(name: string): string | null {
  const m = ID.exec(name);
  return m ? (m[1] ?? '').toUpperCase() : null;
}

/** The prefixes a key variable could pair under: X of X_API_KEY, then X of X_KEY. */
function keyPrefixes(name: string): string[] {
  const upper = name.toUpperCase();
  const out: string[] = [];
  for (const suffix of ['API_KEY', 'KEY']) {
    if (upper === suffix) out.push('');
    else if (upper.endsWith(`_${suffix}`)) out.push(upper.slice(0, -suffix.length - 1));
  }
  return out;
}

/** Builds the pairing lookup of a file's variables; `pairFor(name)` answers for one key variable. */
export function instancePairing(vars: readonly { name: string; value: string }[]) {
  const ids = new Map<string, Pairing>();
  for (const v of vars) {
    const prefix = instanceIdPrefix(v.name);
    if (prefix !== null && v.value !== '') ids.set(prefix, { instanceId: v.value, from: v.name });
  }
  return (name: string): Pairing | undefined => {
    for (const p of keyPrefixes(name)) {
      const hit = ids.get(p);
      if (hit) return hit;
    }
    return undefined;
  };
}
