// A rough master-password strength estimate: character pool and length, minus what
// guessers try first (common words, sequences, repeats). A guide for the meter, not a guarantee.
export type Strength = { score: 0 | 1 | 2 | 3 | 4; label: string; bits: number; hint: string };

const COMMON = [
  'password',
  'passwort',
  'qwerty',
  'azerty',
  'letmein',
  'welcome',
  'admin',
  'keyward',
  'iloveyou',
  'monkey',
  'dragon',
  'secret',
  'master',
  '123456',
  'abc123',
];
const LABELS = ['Too weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;

function pool(p: string): number {
  let n = 0;
  if (/[a-z]/.test(p)) n += 26;
  if (/[A-Z]/.test(p)) n += 26;
  if (/\d/.test(p)) n += 10;
  if (/[^a-zA-Z\d]/.test(p)) n += 33;
  return n;
}

function isSequence(p: string): boolean {
  const s = p.toLowerCase();
  let run = 1;
  for (let i = 1; i < s.length; i++) {
    run = Math.abs(s.charCodeAt(i) - s.charCodeAt(i - 1)) === 1 ? run + 1 : 1;
    if (run >= 4) return true;
  }
  return false;
}

export function passwordStrength(p: string): Strength {
  if (p.length === 0)
    return { score: 0, label: LABELS[0], bits: 0, hint: 'Use four or more unrelated words, or 14+ mixed characters.' };
  const unique = new Set(p).size;
  let bits = Math.log2(Math.max(pool(p), 1)) * Math.min(p.length, unique * 2);
  const lower = p.toLowerCase();
  let hint = '';
  if (COMMON.some((w) => lower.includes(w))) {
    bits *= 0.5;
    hint = 'Avoid common words such as "password".';
  }
  if (isSequence(p)) {
    bits *= 0.75;
    hint ||= 'Avoid sequences such as "abcd" or "1234".';
  }
  if (/(.)\1{2,}/.test(p)) {
    bits *= 0.8;
    hint ||= 'Avoid repeated characters.';
  }
  if (p.length < 10) hint ||= 'Use at least 10 characters; longer is better.';
  const score = (bits < 35 ? 0 : bits < 50 ? 1 : bits < 65 ? 2 : bits < 85 ? 3 : 4) as Strength['score'];
  if (!hint)
    hint =
      score >= 3
        ? 'Good. Write it down somewhere safe, away from this computer.'
        : 'Make it longer: add another word or two.';
  return { score, label: LABELS[score], bits: Math.round(bits), hint };
}

export const MIN_SCORE = 2;
export const MIN_LENGTH = 10;
