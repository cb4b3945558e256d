// docs/CHECKLISTS.md is enough to verify a signed checklist without Keyward: an independent
// verifier in Python + PyNaCl (independent_checklist_verifier.py) agrees with Keyward's
// import on real files and on every point the doc specifies: the members the signature
// covers, numbers by value (1.0 is 1), lone surrogates, a byte order mark and base64 forms.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp-vault.js';
import { codeOf, member, type Member } from './support.js';

const PYTHON = '/usr/bin/python3';
const hasNacl = spawnSync(PYTHON, ['-c', 'import nacl.signing'], { encoding: 'utf8' }).status === 0;
const verifier = new URL('./independent_checklist_verifier.py', import.meta.url).pathname;
if (!hasNacl)
  console.warn('python3-nacl not installed (apt-get install python3-nacl): the independent verifier is skipped.');

let dir: { dir: string; cleanup: () => void };
let ana: Member;
let runJson: string;
let templateJson: string;
beforeAll(async () => {
  dir = tempDir('keyward-checklist-verifier-');
  ana = await member(dir.dir, 'Ana');
  const run = ana.session.checklists.start(ana.keyId);
  ana.session.checklists.tick(run.id, 'create-new', { state: 'done', note: 'made it: ünïcödé ✓ 𝄞' });
  runJson = ana.session.checklists.exportRun(run.id).json;
  templateJson = ana.session.checklists.exportTemplate('kognitos').json;
});
afterAll(() => {
  if (ana.session.vault.isUnlocked) ana.session.lock();
  dir.cleanup();
});

/** Keyward's verdict (import into Ana's own vault) and the Python verifier's, as one word each. */
function verdicts(text: string | Buffer, name: string): { keyward: string; python: string } {
  const file = join(dir.dir, `${name}.json`);
  writeFileSync(file, text);
  const k = codeOf(() => ana.session.sharing.importText(Buffer.from(text).toString('utf8'), file));
  const r = spawnSync(PYTHON, [verifier, file], { encoding: 'utf8' });
  const python = r.status === 0 ? 'ok' : r.stderr.trim();
  return {
    keyward: k === 'no error' ? 'ok' : k.startsWith('BAD_INPUT') ? 'malformed' : (k.split(':')[0] ?? k),
    python: python.startsWith('malformed')
      ? 'malformed'
      : python === 'signature does not match'
        ? 'INTEGRITY_ERROR'
        : python,
  };
}

const signatureOf = (text: string) => (JSON.parse(text) as { signature: string }).signature;
const withSignature = (text: string, sig: string) => text.replace(signatureOf(text), sig);

describe.skipIf(!hasNacl)('independent checklist verifier (python3-nacl)', () => {
  it('verifies a run and a template Keyward signed: the signature covers format, version, kind, body, signer', () => {
    expect(verdicts(runJson, 'run')).toEqual({ keyward: 'ok', python: 'ok' });
    expect(verdicts(templateJson, 'template')).toEqual({ keyward: 'ok', python: 'ok' });
  });

  it('numbers count by value: version written 1.0 or 1e0 still verifies; 1.5 is refused as malformed', () => {
    expect(runJson).toContain('"version": 1,');
    expect(verdicts(runJson.replace('"version": 1,', '"version": 1.0,'), 'v10')).toEqual({
      keyward: 'ok',
      python: 'ok',
    });
    expect(verdicts(runJson.replace('"version": 1,', '"version": 1e0,'), 'v1e0')).toEqual({
      keyward: 'ok',
      python: 'ok',
    });
    const half = runJson.replace('"body": {', '"body": {"weight": 1.5,');
    expect(verdicts(half, 'half')).toEqual({ keyward: 'malformed', python: 'malformed' });
  });

  it('a lone surrogate, a byte order mark or another top-level member is malformed (exit 2), before the signature', () => {
    const lone = runJson.replace('"title": "', '"title": "\\ud800');
    expect(lone).not.toBe(runJson);
    expect(verdicts(lone, 'lone')).toEqual({ keyward: 'malformed', python: 'malformed' });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(runJson)]);
    expect(verdicts(bom, 'bom')).toEqual({ keyward: 'malformed', python: 'malformed' });
    const extra = runJson.replace('"format":', '"comment": "hi",\n  "format":');
    expect(verdicts(extra, 'extra')).toEqual({ keyward: 'malformed', python: 'malformed' });
  });

  it('a member name given twice in one object is malformed (exit 2): the file would show one value and mean another', () => {
    const twice = templateJson.replace('"kind": "template"', '"kind": "run", "kind": "template"');
    expect(twice).not.toBe(templateJson);
    expect(verdicts(twice, 'twice')).toEqual({ keyward: 'malformed', python: 'malformed' });
    const deep = runJson.replace('"title": "', '"title": "x", "title": "');
    expect(verdicts(deep, 'deep')).toEqual({ keyward: 'malformed', python: 'malformed' });
    // The same name in two different objects is not a repeat.
    expect(verdicts(runJson, 'run-again')).toEqual({ keyward: 'ok', python: 'ok' });
  });

  it('base64 is the standard alphabet with padding in its canonical form; any other form is malformed (exit 2)', () => {
    const sig = signatureOf(runJson);
    expect(sig).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    const last = sig[85] as string; // its low 4 bits are zero in the canonical form
    const variants = {
      unpadded: sig.slice(0, -2),
      urlSafe: `-${sig.slice(1)}`,
      lineBreak: `${sig.slice(0, 40)}\\n${sig.slice(40)}`,
      space: `${sig.slice(0, 40)} ${sig.slice(40)}`,
      trailingBits: `${sig.slice(0, 85)}${String.fromCharCode(last.charCodeAt(0) + 1)}==`,
      short: sig.slice(0, 84),
    };
    for (const [name, bad] of Object.entries(variants))
      expect({ name, ...verdicts(withSignature(runJson, bad), name) }).toEqual({
        name,
        keyward: 'malformed',
        python: 'malformed',
      });
  });

  it('a one-character change of the content or a well-formed other signature is refused as tampering (exit 4)', () => {
    const changed = runJson.replace('made it', 'made It');
    expect(verdicts(changed, 'changed')).toEqual({ keyward: 'INTEGRITY_ERROR', python: 'INTEGRITY_ERROR' });
    const other = withSignature(runJson, signatureOf(templateJson));
    expect(verdicts(other, 'other')).toEqual({ keyward: 'INTEGRITY_ERROR', python: 'INTEGRITY_ERROR' });
  });
});
