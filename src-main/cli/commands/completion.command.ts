// keyward completion bash|zsh|fish: a completion script built from the CLI's own table of
// commands and options, so it cannot drift from what the parser accepts. Offline; no vault.
import { AppError } from '../../core/errors.js';
import { KEY_STATUSES, PLATFORM_IDS } from '../../core/inventory/key.types.js';
import type { Ctx } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { LIST_FIELDS, LIST_FORMATS, LIST_STATUSES } from '../list-output.js';

export type CompletionSpec = { commands: Record<string, readonly string[]>; globals: readonly string[] };

const SUBCOMMANDS: Record<string, string[]> = {
  alerts: ['list', 'snooze', 'ack', 'reopen', 'names'],
  checklist: ['list', 'templates', 'show', 'start', 'tick', 'export', 'import', 'template'],
  team: ['name', 'init', 'sync', 'trust'],
  completion: ['bash', 'zsh', 'fish'],
  hook: ['install'],
  inspect: ['list', 'check', 'calendar'],
};
const FILE_OPTIONS = ['vault', 'password-file', 'env-file', 'env-from', 'out', 'from', 'folder'];
/** Fixed values of an option, by command ('*' for every command). */
const VALUES: Record<string, Record<string, readonly string[]>> = {
  '*': { platform: PLATFORM_IDS, status: KEY_STATUSES },
  list: { format: LIST_FORMATS, sort: Object.keys(LIST_FIELDS), status: LIST_STATUSES },
  check: { format: ['text', 'json', 'sarif', 'junit'] },
  export: { format: ['json', 'csv', 'md', 'html'] },
  import: { format: ['env', 'csv', 'keyward', 'bitwarden-json', 'onepassword-csv', 'keepassxc-csv', 'keepass-xml'] },
  scan: { format: ['text', 'json', 'sarif'] },
};
const valuesFor = (cmd: string, opt: string) => VALUES[cmd]?.[opt] ?? VALUES['*']?.[opt];

const words = (xs: readonly string[]) => xs.join(' ');
const flags = (xs: readonly string[]) => xs.map((o) => `--${o}`);

function bash(spec: CompletionSpec): string {
  const cmds = Object.keys(spec.commands);
  const caseOpts = cmds.map((c) => `    ${c}) opts="${words(flags(spec.commands[c] ?? []))}" ;;`).join('\n');
  const caseSubs = Object.entries(SUBCOMMANDS)
    .map(([c, subs]) => `    ${c}) subs="${words(subs)}" ;;`)
    .join('\n');
  const valueCases: string[] = [];
  // A command's own values before every command's: the first case that matches wins.
  for (const c of [...cmds, '*'])
    for (const [o, vs] of Object.entries(VALUES[c] ?? {}))
      valueCases.push(
        `    ${c === '*' ? '*' : c}:--${o}) COMPREPLY=($(compgen -W "${words(vs)}" -- "$cur")); return ;;`,
      );
  const fileCase = FILE_OPTIONS.map((o) => `*:--${o}`).join('|');
  return `# keyward completion for bash: source <(keyward completion bash)
_keyward() {
  local cur prev cmd i opts subs
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      --vault|--password-file) ((i++)) ;;
      --) break ;;
      -*) ;;
      *) cmd="\${COMP_WORDS[i]}"; break ;;
    esac
  done
  if [[ -z "$cmd" ]]; then
    COMPREPLY=($(compgen -W "${words(cmds)} ${words(flags(spec.globals))}" -- "$cur"))
    return
  fi
  case "$cmd:$prev" in
${valueCases.join('\n')}
    ${fileCase}) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  opts=""
  subs=""
  case "$cmd" in
${caseOpts}
  esac
  case "$cmd" in
${caseSubs}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts ${words(flags(spec.globals))}" -- "$cur"))
  elif [[ -n "$subs" && $((COMP_CWORD - i)) -eq 1 ]]; then
    COMPREPLY=($(compgen -W "$subs" -- "$cur"))
  fi
}
complete -o default -F _keyward keyward
`;
}

function zsh(spec: CompletionSpec): string {
  const cmds = Object.keys(spec.commands);
  const caseOpts = cmds.map((c) => `    ${c}) opts=(${words(flags(spec.commands[c] ?? []))}) ;;`).join('\n');
  const caseSubs = Object.entries(SUBCOMMANDS)
    .map(([c, subs]) => `    ${c}) subs=(${words(subs)}) ;;`)
    .join('\n');
  return `#compdef keyward
# keyward completion for zsh: keyward completion zsh > "\${fpath[1]}/_keyward" (or source it after compinit)
_keyward() {
  local cmd="" i
  local -a opts subs
  for ((i = 2; i < CURRENT; i++)); do
    case "\${words[i]}" in
      --vault|--password-file) ((i++)) ;;
      -*) ;;
      *) cmd="\${words[i]}"; break ;;
    esac
  done
  if [[ -z "$cmd" ]]; then
    compadd -- ${words(cmds)} ${words(flags(spec.globals))}
    return
  fi
  case "\${words[CURRENT-1]}" in
    ${FILE_OPTIONS.map((o) => `--${o}`).join('|')}) _files; return ;;
    --platform) compadd -- ${words(PLATFORM_IDS)}; return ;;
    --status) compadd -- ${words(KEY_STATUSES)}; return ;;
  esac
  case "$cmd" in
${caseOpts}
  esac
  case "$cmd" in
${caseSubs}
  esac
  if [[ "\${words[CURRENT]}" == -* ]]; then
    compadd -- $opts ${words(flags(spec.globals))}
  elif (( \${#subs} > 0 && CURRENT - i == 1 )); then
    compadd -- $subs
  else
    _files
  fi
}
compdef _keyward keyward
`;
}

function fish(spec: CompletionSpec): string {
  const cmds = Object.keys(spec.commands);
  const lines = [
    '# keyward completion for fish: keyward completion fish > ~/.config/fish/completions/keyward.fish',
    'complete -c keyward -f',
    `complete -c keyward -n __fish_use_subcommand -a '${words(cmds)}'`,
    ...spec.globals.map((g) => `complete -c keyward -l ${g}${['vault', 'password-file'].includes(g) ? ' -r -F' : ''}`),
  ];
  for (const c of cmds) {
    for (const o of spec.commands[c] ?? []) {
      const vs = valuesFor(c, o);
      const arg = vs ? ` -x -a '${words(vs)}'` : FILE_OPTIONS.includes(o) ? ' -r -F' : '';
      lines.push(`complete -c keyward -n '__fish_seen_subcommand_from ${c}' -l ${o}${arg}`);
    }
    const subs = SUBCOMMANDS[c];
    if (subs) lines.push(`complete -c keyward -n '__fish_seen_subcommand_from ${c}' -a '${words(subs)}'`);
  }
  return lines.join('\n') + '\n';
}

export function completionScript(shell: string | undefined, spec: CompletionSpec): string {
  switch (shell) {
    case 'bash':
      return bash(spec);
    case 'zsh':
      return zsh(spec);
    case 'fish':
      return fish(spec);
    default:
      throw new AppError('BAD_INPUT', 'completion takes bash, zsh or fish: source <(keyward completion bash)');
  }
}

export function completionCommand(ctx: Ctx, shell: string | undefined, spec: CompletionSpec): number {
  ctx.io.stdout.write(completionScript(shell, spec));
  return EXIT.ok;
}
