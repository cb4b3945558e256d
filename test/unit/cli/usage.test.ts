// `keyward COMMAND --help` prints that command's part of the usage, with the key fields
// where it takes them and the global options; a word it does not know gets the whole usage.
import { describe, expect, it } from 'vitest';
import { USAGE, commandUsage } from '../../../src-main/cli/usage.js';

const COMMANDS = ['init', 'passwd', 'add', 'list', 'show', 'edit', 'rm', 'verify', 'create', 'rotate', 'revoke']
  .concat(['sandbox', 'import', 'check', 'calendar', 'alerts', 'checklist', 'team', 'export', 'backup'])
  .concat(['restore', 'inspect']);

describe('per-command help', () => {
  it.each(COMMANDS)('%s --help shows its own lines and the global options', (command) => {
    const help = commandUsage(command);
    expect(help).not.toBe(USAGE);
    expect(help).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(help).toContain('--password-file FILE');
    for (const line of help.split('\n').filter((l) => /^ {2}[a-z]/.test(l))) {
      expect(line.startsWith(`  ${command}`) || line.startsWith('  --'), line).toBe(true);
    }
  });

  it('adds the key fields to the commands that take them, and the whole usage for an unknown word', () => {
    expect(commandUsage('add')).toContain('--rotate-every DAYS');
    expect(commandUsage('import')).not.toContain('--rotate-every DAYS');
    expect(commandUsage('frobnicate')).toBe(USAGE);
  });

  it('keeps a usage line that goes on under the command (list --sort, --fields, --format)', () => {
    const list = commandUsage('list');
    for (const flag of ['--sort FIELD', '--fields a,b,c', '--format table|json|csv', '--needs-action'])
      expect(list, flag).toContain(flag);
  });
});
