// The scan benchmark's generated tree and its verdict: a git history of many commits at any size, in which
// the history-only keys were committed and then removed, and a run that throws on a missed or a false match.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeScanTree } from '../../../src-main/bench/scan-tree.js';
import { benchScan, problemsOf, tally, type ScanRun } from '../../../src-main/bench/scan.bench.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('scan benchmark', () => {
  it('commits the tree in many commits; history-only keys are in history and not in the final tree', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyward-scan-tree-'));
    dirs.push(dir);
    // 1,000 files: every 50th is a binary, and the commit step once sat behind that branch (one commit).
    const t = makeScanTree(join(dir, 'tree'), 1_000, 600);
    expect(t.commits).toBeGreaterThanOrEqual(20);
    expect(t.historyOnly.length).toBeGreaterThanOrEqual(10);
    const log = execFileSync('git', ['log', '--all', '-p'], { cwd: t.root, encoding: 'utf8', maxBuffer: 1 << 28 });
    const now = execFileSync('git', ['grep', '-h', '-e', 'TOKEN', '-e', 'API_KEY', 'HEAD'], {
      cwd: t.root,
      encoding: 'utf8',
    });
    for (const k of t.historyOnly) {
      expect(log.split(k.value).length - 1).toBe(2); // added once, removed once
      expect(now.includes(k.value)).toBe(false);
    }
    for (const k of t.planted) expect(now.includes(k.value)).toBe(true);
    for (const k of t.decoys) expect(log.includes(k.value)).toBe(false);
  });

  it('counts a missed planted key and a matched unplanted one as problems', () => {
    expect(tally(['a', 'b'], new Set(['a', 'b']))).toEqual({ expected: 2, found: 2, missed: 0, falseMatches: 0 });
    const bad = tally(['a', 'c', undefined], new Set(['a', 'b']));
    expect(bad).toEqual({ expected: 2, found: 1, missed: 1, falseMatches: 1 });
    const run = (t: ScanRun['tally']): ScanRun => ({
      label: 'x',
      whole: true,
      history: false,
      ms: 1,
      rssMb: 1,
      tally: t,
    });
    expect(problemsOf([run(tally(['a'], new Set(['a'])))])).toEqual([]);
    expect(problemsOf([run(bad)])).toHaveLength(1);
  });

  it('finds every planted stored key in files and history, in the process and as a whole keyward scan', async () => {
    const r = await benchScan(400, { meanBytes: 600, peerSample: 0 });
    expect(r.commits).toBeGreaterThanOrEqual(20);
    expect(r.runs.map((x) => x.label)).toHaveLength(4);
    for (const x of r.runs) expect(x.tally.missed + x.tally.falseMatches).toBe(0);
    const whole = r.runs.filter((x) => x.whole);
    expect(whole.every((x) => (x.rssMb ?? 0) > 10)).toBe(true);
    expect(whole.find((x) => x.history)?.tally.expected).toBe(r.planted + r.historyOnly);
  }, 180_000);
});
