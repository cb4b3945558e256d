// The commands the shell's application menu sends to the interface. Imports nothing: the
// sandboxed preload bundles this file, and a sandboxed preload can require only `electron`.
export const SHELL_COMMANDS = ['open-inventory', 'export-inventory', 'backup-vault', 'scan-folder'] as const;
export type ShellCommand = (typeof SHELL_COMMANDS)[number];
