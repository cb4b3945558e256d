// The non-secret hint shown for a key: a known public prefix and the last four
// characters. SECURITY: never more of the secret than that, and nothing for short secrets.
const KNOWN_PREFIXES = [
  'knouds_live_',
  'kgn_pat_',
  'kby_',
  'k1_',
  'github_pat_',
  'ghp_',
  'sk_live_',
  'sk_test_',
  'xoxb-',
  'AKIA',
];

export function secretHint(secret: string): string {
  const prefix = KNOWN_PREFIXES.find((p) => secret.startsWith(p)) ?? '';
  const rest = secret.length - prefix.length;
  // Short secrets give away too much with 4 characters: show 2, or none.
  const tailLength = rest >= 16 ? 4 : rest >= 8 ? 2 : 0;
  return tailLength === 0 ? `${prefix}…` : `${prefix}…${secret.slice(-tailLength)}`;
}
