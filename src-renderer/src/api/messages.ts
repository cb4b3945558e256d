// The one place that turns what the core and the host say into words for a person using
// the app: error codes and zod issues (mapped to the field they concern), the CLI's own
// phrasing (flags and commands are never shown as instructions here), verification results,
// checklist steps written for a terminal, and counts with their plural.

import type { ErrorDetail } from '../../../src-main/contract/channels.js';
import type { NewKeyIssue, SecretHolder } from '../../../src-main/contract/keys.js';
import { PLATFORM_LABEL } from '../lib/platforms.js';

/** "1 key", "2 keys", "1,204 keys"; `many` when the plural is not `one` + s. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** What the user calls each field the core may name in a BAD_INPUT (its subject). */
const FIELD_LABEL: Record<string, string> = {
  name: 'Name',
  platform: 'Platform',
  account: 'Account',
  environment: 'Environment',
  owner: 'Owner',
  tags: 'Tags',
  deployedTo: 'Deployed to',
  notes: 'Notes',
  purpose: 'Purpose',
  expiresAt: 'Expires',
  createdAt: 'Created',
  lastUsedAt: 'Last used',
  rotateEveryDays: 'Rotate every',
  baseUrl: 'API address',
  secret: 'Secret',
  value: 'Secret',
  instanceId: 'Instance ID',
  expiryThresholdsDays: 'Warn before expiry',
  unusedDays: 'Flag unused keys after',
  namePattern: 'Name pattern',
  addTags: 'Add tags',
  removeTags: 'Remove tags',
  password: 'Master password',
  newPassword: 'New password',
  oldPassword: 'Current password',
  displayName: 'Your name',
};

/** The field a subject names ("expiryThresholdsDays.0" -> "expiryThresholdsDays"), or null. */
export function fieldOf(subject: string | undefined): string | null {
  if (!subject) return null;
  const head = subject.split('.')[0] ?? '';
  return Object.hasOwn(FIELD_LABEL, head) ? head : null;
}

/** What a list field holds, for "takes at most 10 days to warn on" (never a bare number). */
const ITEMS_OF: Record<string, string> = {
  expiryThresholdsDays: 'days to warn on',
  tags: 'tags',
  addTags: 'tags',
  removeTags: 'tags',
};

/** Zod's own wording, as a person would say it; `field` names what a list holds. */
function plainIssue(issue: string, field: string | null = null): string {
  const n = (re: RegExp) => re.exec(issue)?.[1];
  const atLeast = n(/Too small: expected number to be >=?(-?\d+)/);
  if (atLeast !== undefined) return `must be ${atLeast} or more`;
  const atMost = n(/Too big: expected number to be <=?(-?\d+)/);
  if (atMost !== undefined) return `must be ${atMost} or less`;
  const fewest = n(/Too small: expected array to have >=?(\d+) items?/);
  const items = field ? ITEMS_OF[field] : undefined;
  if (fewest !== undefined) return `needs at least ${fewest}${items ? ` ${items}` : ''}`;
  const most = n(/Too big: expected array to have <=?(\d+) items?/);
  if (most !== undefined) return `takes at most ${most}${items ? ` ${items}` : ' values'}`;
  if (/expected int/i.test(issue)) return 'must be a whole number';
  if (/expected number/i.test(issue)) return 'must be a number';
  if (/expected string/i.test(issue)) return 'must be text';
  if (/Too small: expected string/i.test(issue)) return 'must not be empty';
  return issue.replace(/\.$/, '');
}

// Phrasing meant for a terminal, and what the app says instead.
const CLI_PHRASES: [RegExp, string][] = [
  [
    /:?\s*cannot tell the format;?\s*give it with --format \(([^)]*)\)\.?/,
    ': Keyward cannot tell its format. Choose it in the Format list and read the file again.',
  ],
  [
    /:?\s*restore it with "keyward restore", or read it with "keyward inspect"\.?/,
    '. Import reads exports, not backups: restore a backup with Keyward closed (see Backup in the app menu).',
  ],
  [/,? or use --allow-duplicate to store it twice\.?/, '.'],
  [/\s*Use keyward edit to change that key, or --allow-duplicate to store it twice\.?/, ' Open that key to change it.'],
  [
    /\s*Compare that fingerprint with (.+?), then run: keyward team trust \S+/,
    ' To trust $1, import the file with Import… on the Checklists screen and compare the fingerprint it shows.',
  ],
  [/:\s*run keyward team init --folder DIR --name "Your name"\.?/, ': choose one in Settings › Team sharing.'],
  [/\s*See "keyward checklist (?:list|templates)"\.?/, ''],
];

/** A stored key as a person knows it: “Name”, and its platform and account when another key has that name. */
export function holderLabel(h: SecretHolder): string {
  if (!h.nameShared) return `“${h.name}”`;
  const where = [PLATFORM_LABEL[h.platform], h.account].filter(Boolean).join(', ');
  return `“${h.name}” (${where})`;
}

/** What an error's detail says, in the app's words (never the id or flag the CLI's message gives). */
function detailForPerson(d: ErrorDetail): string {
  // One reason so far (duplicate-secret); a new reason adds its words here.
  return d.newKey
    ? `That secret is already stored as ${holderLabel(d.holder)}, so it is not a new key: nothing was stored. Make the new key in the portal and paste the key it shows.`
    : `That secret is already stored as ${holderLabel(d.holder)}; nothing was changed. Paste the new key.`;
}

/** A new key's issue as the app shows it: a duplicate names its holder as a person knows it. */
export function issueForPerson(issue: NewKeyIssue): string {
  if (issue.code === 'duplicate' && issue.holder)
    return `This secret is already stored as ${holderLabel(issue.holder)}: adding it makes a second record of the same key.`;
  return issue.message;
}

/** The name teammates see: asked once, the first time something records the user as its author. */
export const AUTHOR_NAME = {
  title: 'Your name as your team sees it',
  label: 'Your name',
  placeholder: 'Ana Lima',
  help: 'Asked once. Teammates see it on the checklists you start, the steps you tick and the files you sign; change it any time in Settings › Team sharing.',
  empty: 'Type your name: teammates see it on your checklists and ticks.',
  save: 'Save and continue',
  saveInSettings: 'Save name',
  notSet: 'Not set yet: you are asked the first time you start or tick a checklist.',
  settingsLabel: 'Your name on checklists',
  required: 'Keyward needs your name first: teammates see it on the checklists you start, tick and sign.',
  saved: (name: string) => `Your name is now “${name}”`,
};

/** The Templates dialog: the app shows templates; changing one is done outside it. */
export const TEMPLATE_EDIT_NOTE =
  'Templates are read-only in the app; they are changed with Keyward’s command line (see the checklists guide). An edited built-in keeps its id and replaces the built-in.';
/** Under a field edited in place whose value Keyward doubts, once Enter was pressed on it. */
export const CONFIRM_WARNED_EDIT = 'Press Enter again to save it anyway, or Esc to keep it as it was.';

/** A message from the core fit for the app: zod paths become the field's name, CLI phrasing the app's. */
export function forPerson(code: string, message: string, subject?: string, detail?: ErrorDetail): string {
  if (detail) return detailForPerson(detail);
  if (code === 'NAME_REQUIRED') return AUTHOR_NAME.required;
  if (code === 'BAD_INPUT') {
    // The dispatch's "Invalid alerts.saveSettings: expiryThresholdsDays.0 Too small: ..." -> "Warn before expiry must be 1 or more."
    const m = /^Invalid [\w.]+: ([\w.]+) (.*?)\.?$/.exec(message);
    if (m) {
      const field = fieldOf(m[1]) ?? fieldOf(subject);
      const label = field ? FIELD_LABEL[field] : null;
      return `${label ?? 'A value'} ${plainIssue(m[2] ?? '', field)}.`;
    }
  }
  let out = message;
  for (const [re, instead] of CLI_PHRASES) out = out.replace(re, instead);
  return out;
}

/**
 * What to do next, per error code: shown under the message. `highlighted`: a field on screen shows the error.
 * `subject`: what the error is about, where that changes the way on (a scan result main no longer holds).
 */
export function nextStepFor(code: string, highlighted: boolean, subject?: string): string {
  if (code === 'BAD_INPUT')
    return highlighted ? 'Correct the highlighted field and try again.' : 'Correct it and try again.';
  if (subject !== undefined && Object.hasOwn(NEXT_STEP_ABOUT, subject)) return NEXT_STEP_ABOUT[subject] ?? '';
  return NEXT_STEP[code] ?? '';
}

const NEXT_STEP_ABOUT: Record<string, string> = {
  // An import from a scan result main forgot (the vault locked, another scan started): nothing was stored.
  'scan-result': 'Nothing was stored. Scan the folder again, then import the key from the new result.',
};

/** An unknown key from a scan that the vault turned out to hold already (stored meanwhile). */
export function alreadyStoredAs(holder: SecretHolder): string {
  return `Already in your vault as ${holderLabel(holder)}: nothing was stored.`;
}

const NEXT_STEP: Record<string, string> = {
  WRONG_PASSWORD: 'Check the password and try again.',
  NAME_REQUIRED: 'Try again and type your name when asked, or set it in Settings › Team sharing.',
  REAUTH_REQUIRED: 'Type the master password in the field and try again.',
  VAULT_LOCKED: 'Unlock the vault to continue.',
  VAULT_READ_ONLY: 'Restore the vault from a backup; you can still read and copy keys.',
  INTEGRITY_ERROR: 'That record is damaged. Restore the vault from a backup if you need it.',
  NOT_FOUND: 'It may have been removed; the list has been refreshed.',
  DISK_FULL: 'Free some disk space and try again.',
  DISK_ERROR: 'Choose a folder on a writable disk and try again.',
  PLATFORM_ERROR: 'The platform refused or failed; try again later or check the key in its portal.',
  PLATFORM_UNREACHABLE: 'Check the network connection and try again.',
  PLATFORM_RATE_LIMITED: 'The platform asked Keyward to slow down; try again in a minute.',
  INTERNAL: 'Try again; if it keeps happening, restart Keyward.',
};

/** A verification result as words ("platform-error" is never shown as such). */
export const VERIFY_LABEL: Record<string, string> = {
  valid: 'Valid',
  invalid: 'Refused',
  revoked: 'Revoked',
  retired: 'Retired',
  forbidden: 'No permission',
  'wrong-instance': 'Wrong instance',
  'rate-limited': 'Rate limited',
  unreachable: 'Unreachable',
  'platform-error': 'Platform failed',
};
export const verifyLabel = (result: string): string => VERIFY_LABEL[result] ?? result;

/**
 * A checklist or portal step as the app shows it: a terminal command becomes the app's own
 * action, and a raw HTTP path (what the CLI calls under the hood) is left out.
 */
export function stepForApp(text: string): string {
  return text
    .replace(/keyward verify KEY\s*(\([^)]*\))?\.?/g, 'Use Verify in the key’s detail panel.')
    .replace(
      /keyward edit KEY --replace-secret \(or keyward rotate KEY\)\.?/g,
      'use Rotate in the key’s detail panel, which stores the new key and keeps the old one’s history.',
    )
    .replace(/keyward rotate KEY/g, 'Rotate in the key’s detail panel')
    .replace(/\s*\((?:GET|POST|PUT|PATCH|DELETE) \/[^)]*\)/g, '')
    .replace(/\b(?:GET|POST|PUT|PATCH|DELETE) \/\S+/g, 'the platform’s check');
}

/** After a path where a plaintext copy was found: `:LINE`, or that the key is in the file's or folder's name. */
export const placeLine = (line: number): string => (line > 0 ? `:${line}` : ' (in the name)');
