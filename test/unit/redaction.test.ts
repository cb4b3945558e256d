// One rule for which secrets are looked for in text, the same for a platform's reply and an
// export: 8 characters or more (core/redaction.ts says why).
import { describe, expect, it } from 'vitest';
import { MIN_SOUGHT_SECRET_LENGTH, isSoughtHint, redactSecret } from '../../src-main/core/redaction.js';
import { makeRedactor } from '../../src-main/core/transfer/export/export-redactor.js';

const exportRedact = (secret: string, text: string) => makeRedactor([{ value: secret }], []).redact(text);

describe('the sought-secret length', () => {
  it('is 8', () => expect(MIN_SOUGHT_SECRET_LENGTH).toBe(8));

  it('a secret of 8 characters is redacted from a platform reply and from an export', () => {
    expect(redactSecret('identity abcdefgh, again abcdefgh', { value: 'abcdefgh' })).toBe(
      'identity [redacted], again [redacted]',
    );
    expect(exportRedact('abcdefgh', 'note: abcdefgh KEY=abcdefgh')).toBe('note: [redacted] KEY=[redacted]');
  });

  it('a secret of 7 characters is left alone by both, so ordinary words survive', () => {
    expect(redactSecret('the deploy1 job', { value: 'deploy1' })).toBe('the deploy1 job');
    expect(exportRedact('deploy1', 'the deploy1 job')).toBe('the deploy1 job');
  });
});

// One rule for which hints are looked for, the same for an export and a shared checklist
// (checklists/shareable.ts): a tail of two characters or more, four or more beside the ellipsis.
describe('the sought hint', () => {
  const hints: [string, boolean][] = [
    ['knouds_live_…9f2a', true],
    ['…abcd', true],
    ['k…abc', true],
    ['kai…ab', true],
    ['…abc', false],
    ['…ab', false],
    ['sk-live…a', false],
    ['knouds_live_…', false],
  ];
  it.each(hints)('%s is sought: %s, and an export redacts it only then', (hint, sought) => {
    expect(isSoughtHint(hint)).toBe(sought);
    const redacted = makeRedactor([], [hint]).redact(`purpose: ${hint} here`);
    expect(redacted).toBe(sought ? 'purpose: [redacted] here' : `purpose: ${hint} here`);
  });
});
