// Fuzzing the importers (short, deterministic run; `npm run fuzz` runs a long one):
// thousands of generated and mutated files in every format must each end in a
// preview or a typed BAD_INPUT error, never a crash, another error type or a hang.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fuzzImporters } from '../helpers/import-fuzz.js';

const long = process.env['KEYWARD_FUZZ_LONG'] === '1';
const count = Number(process.env['KEYWARD_FUZZ_INPUTS'] ?? (long ? 200_000 : 5_000));
const seed = Number(process.env['KEYWARD_FUZZ_SEED'] ?? 20261125);

describe('import fuzzing', () => {
  it(
    `${count} inputs (seed ${seed}) end in a preview or BAD_INPUT, each within the time limit`,
    () => {
      const { findings, outcomes } = fuzzImporters({
        seed,
        count,
        limitMs: long ? 2_000 : 1_000,
        fixtures: join(import.meta.dirname, '../fixtures/import'),
      });
      expect(findings.slice(0, 5)).toEqual([]);
      // Both ends must be exercised: a fuzzer whose every input is refused tests only the first check.
      expect(outcomes.previews).toBeGreaterThan(count / 2);
      expect(outcomes.refusals).toBeGreaterThan(count / 2);
    },
    long ? 6 * 60 * 60_000 : 60_000,
  );
});
