// The app's one table of words (src-renderer/src/api/messages.ts): each code and detail it maps,
// its plurals, and, over the whole table, that no message it gives shows a CLI command or flag,
// an HTTP address, a zod path or a hex id (#16).
import { describe, expect, it } from 'vitest';
import type { ErrorDetail } from '../../../src-main/contract/channels.js';
import {
  alreadyStoredAs,
  fieldOf,
  forPerson,
  holderLabel,
  issueForPerson,
  nextStepFor,
  plural,
  stepForApp,
  verifyLabel,
  VERIFY_LABEL,
} from '../../../src-renderer/src/api/messages.js';
import { ERROR_CODES } from '../../../src-main/core/errors.js';

/** What no message in the app may contain. */
const LEAKS: [string, RegExp][] = [
  ['a keyward command', /\bkeyward [a-z]/],
  ['a -- flag', /(^|\s)--[a-z]/],
  ['an address', /https?:/],
  ['a zod path', /\b[a-z]+[A-Z]\w*\.\d/],
  ['a call name', /Invalid [a-z]+\.[a-z]+/i],
  ['a hex id', /\b[0-9a-f]{8}\b/],
];
const clean = (text: string) => {
  for (const [what, re] of LEAKS) expect(text, `${what} in: ${text}`).not.toMatch(re);
};

const holder = { name: 'Deploy bot', platform: 'knouds', account: 'acme', nameShared: false } as const;
const dup = (over: Partial<ErrorDetail> = {}): ErrorDetail => ({
  reason: 'duplicate-secret',
  holder,
  newKey: false,
  ...over,
});

// The core's own messages for a duplicate secret, as the CLI prints them (inventory.service.ts).
const CLI_DUPLICATE = {
  newKey: 'That secret is already stored as "Deploy bot" (1a2b3c4d), so it is not a new key: nothing was stored.',
  replacement:
    'This secret is already stored as "Deploy bot" (1a2b3c4d); nothing was changed. Paste the new key, or use --allow-duplicate to store it twice.',
};

describe('messages for a person', () => {
  it('counts with the right plural', () => {
    expect(plural(0, 'key')).toBe('0 keys');
    expect(plural(1, 'key')).toBe('1 key');
    expect(plural(2, 'key')).toBe('2 keys');
    expect(plural(1204, 'key')).toBe('1,204 keys');
    expect(plural(1, 'duplicate was', 'duplicates were')).toBe('1 duplicate was');
    expect(plural(3, 'duplicate was', 'duplicates were')).toBe('3 duplicates were');
  });

  it('names the key holding a duplicate secret, with no id and no flag; a new key is refused', () => {
    const asNew = forPerson('BAD_INPUT', CLI_DUPLICATE.newKey, 'secret', dup({ newKey: true }));
    expect(asNew).toContain('already stored as “Deploy bot”');
    expect(asNew).toContain('not a new key');
    clean(asNew);
    const asReplacement = forPerson('BAD_INPUT', CLI_DUPLICATE.replacement, 'secret', dup());
    expect(asReplacement).toContain('“Deploy bot”; nothing was changed');
    expect(asReplacement).not.toContain('allow-duplicate');
    clean(asReplacement);
  });

  it('adds the platform and account only when another key has the same name', () => {
    expect(holderLabel(holder)).toBe('“Deploy bot”');
    expect(holderLabel({ ...holder, nameShared: true })).toBe('“Deploy bot” (Knouds, acme)');
    expect(holderLabel({ ...holder, account: '', nameShared: true })).toBe('“Deploy bot” (Knouds)');
    const issue = issueForPerson({
      field: 'secret',
      level: 'warn',
      code: 'duplicate',
      message: 'This secret is already stored as "Deploy bot": adding it makes a second record of the same key.',
      holder: { ...holder, nameShared: true },
    });
    expect(issue).toContain('“Deploy bot” (Knouds, acme)');
  });

  it('maps a zod issue to the field it concerns', () => {
    expect(forPerson('BAD_INPUT', 'Invalid key: name Too small: expected string to have >=1 characters.')).toMatch(
      /^Name /,
    );
    expect(
      forPerson(
        'BAD_INPUT',
        'Invalid alerts.saveSettings: expiryThresholdsDays.0 Too small: expected number to be >=1.',
      ),
    ).toBe('Warn before expiry must be 1 or more.');
    expect(forPerson('BAD_INPUT', 'Invalid key: expiresAt.x Too big: expected number to be <=3650.')).toBe(
      'Expires must be 3650 or less.',
    );
    expect(forPerson('BAD_INPUT', 'Invalid key: tags Too big: expected array to have <=50 items.')).toBe(
      'Tags takes at most 50 tags.',
    );
    expect(
      forPerson(
        'BAD_INPUT',
        'Invalid alerts.saveSettings: expiryThresholdsDays Too big: expected array to have <=10 items.',
      ),
    ).toBe('Warn before expiry takes at most 10 days to warn on.');
    expect(forPerson('BAD_INPUT', 'Invalid key: rotateEveryDays expected int, received number.')).toBe(
      'Rotate every must be a whole number.',
    );
    expect(forPerson('BAD_INPUT', 'Invalid x.y: zzz.0 is invalid.')).toBe('A value is invalid.');
    expect(fieldOf('expiryThresholdsDays.0')).toBe('expiryThresholdsDays');
    expect(fieldOf('nothing')).toBeNull();
    expect(fieldOf(undefined)).toBeNull();
  });

  it('rewords the CLI phrasing of the core', () => {
    const format = forPerson('BAD_INPUT', 'keys.txt: cannot tell the format; give it with --format (env, csv, json).');
    expect(format).toContain('Choose it in the Format list');
    clean(format);
    const backup = forPerson(
      'BAD_INPUT',
      'That file is a backup: restore it with "keyward restore", or read it with "keyward inspect".',
    );
    expect(backup).toContain('restore a backup with Keyward closed');
    clean(backup);
    clean(forPerson('BAD_INPUT', 'Already stored, or use --allow-duplicate to store it twice.'));
    clean(
      forPerson(
        'BAD_INPUT',
        'A key has that secret. Use keyward edit to change that key, or --allow-duplicate to store it twice.',
      ),
    );
  });

  it('says what to do next for each code, "the highlighted field" only when one is marked', () => {
    expect(nextStepFor('BAD_INPUT', true)).toBe('Correct the highlighted field and try again.');
    expect(nextStepFor('BAD_INPUT', false)).toBe('Correct it and try again.');
    for (const code of ERROR_CODES) {
      const next = nextStepFor(code, false);
      clean(next);
      expect(next).not.toContain(code); // never the code itself
    }
    expect(nextStepFor('WRONG_PASSWORD', false)).toContain('password');
  });

  it('a scan result main forgot says to scan again, not that a key was removed; a found key held already names its holder', () => {
    const next = nextStepFor('NOT_FOUND', false, 'scan-result');
    clean(next);
    expect(next).toMatch(/Nothing was stored\. Scan the folder again/);
    expect(nextStepFor('NOT_FOUND', false, 'some-key-id')).toBe(nextStepFor('NOT_FOUND', false));
    const said = alreadyStoredAs({ name: 'Staging', platform: 'knouds', account: '', nameShared: false });
    clean(said);
    expect(said).toBe('Already in your vault as “Staging”: nothing was stored.');
  });

  it('rewords the checklist and team messages of the core that name a command', () => {
    const untrusted = forPerson(
      'UNTRUSTED_SIGNER',
      'team/checklists/r.json is signed by "Bruno" with key 1a2b-3c4d, who is not among your trusted teammates; nothing was imported. Compare that fingerprint with Bruno, then run: keyward team trust team/checklists/r.json',
    );
    clean(untrusted);
    expect(untrusted).toContain('Import…');
    const noFolder = forPerson(
      'BAD_INPUT',
      'No team folder yet: run keyward team init --folder DIR --name "Your name".',
    );
    clean(noFolder);
    expect(noFolder).toContain('Team sharing');
    clean(forPerson('NOT_FOUND', 'No checklist run "abc". See "keyward checklist list".'));
    clean(forPerson('NOT_FOUND', 'No checklist template "x". See "keyward checklist templates".'));
  });

  it('says a missing author name in the app’s words, never the CLI’s command for it', () => {
    const said = forPerson('NAME_REQUIRED', 'No name is set for you yet: ... set it once with: keyward team name "X".');
    clean(said);
    expect(said).toContain('your name');
    clean(nextStepFor('NAME_REQUIRED', false));
    expect(nextStepFor('NAME_REQUIRED', false)).toContain('Team sharing');
  });

  it('words every verification result, never its id', () => {
    for (const [result, label] of Object.entries(VERIFY_LABEL)) {
      expect(verifyLabel(result)).toBe(label);
      expect(label).not.toContain('-');
      clean(label);
    }
    expect(verifyLabel('platform-error')).toBe('Platform failed');
  });

  it('turns terminal steps into the app’s own actions and drops raw HTTP paths', () => {
    const steps = [
      'Check it: keyward verify KEY (GET /v1/me).',
      'Store it: keyward edit KEY --replace-secret (or keyward rotate KEY).',
      'Then keyward rotate KEY when ready.',
      'The platform answers POST /api/keys/revoke with 204.',
    ];
    for (const s of steps) clean(stepForApp(s));
    expect(stepForApp(steps[0] as string)).toContain('Verify in the key’s detail panel');
    expect(stepForApp(steps[1] as string)).toContain('use Rotate in the key’s detail panel');
  });
});
