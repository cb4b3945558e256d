// The text of `keyward --help`.
export const USAGE = `keyward: an encrypted local vault for your API keys

Usage: keyward <command> [options]

Vault
  init                      create a vault (--kdf-memory MiB, --kdf-passes N)
  passwd                    change the master password (new one from $KEYWARD_NEW_PASSWORD or a prompt)
    [--rotate-vault-key]    also re-encrypt every record under a new vault key: use it when the old password
                            may have leaked, so an old copy of the file with the old password opens nothing new
  unlock [--for 15m]        keep the vault unlocked in a per-user agent: commands then ask no password
                            until that long without use, keyward lock, or the app locking; one that must ask
                            a question or the password again (passwd, backup, rotate ...) still asks
                            (any process of yours can use it meanwhile, as with ssh-agent; docs/AGENT.md)
  lock                      lock the agent's session now (its keys are wiped)

Keys
  add  --platform P --name N [fields] [--allow-duplicate]   add a key; the secret is read from standard input
                            (a secret already stored is refused unless --allow-duplicate)
  list [--platform P] [--status S] [--search TEXT] [--tag T] [--owner O] [--needs-action]
       [--sort FIELD[:desc]] [--fields a,b,c] [--format table|json|csv]
                            keys by state (act now, due soon, housekeeping, fine) then expiry; --needs-action:
                            only act now and due soon. fields: state id platform name account hint env owner
                            status expires created last-used rotate-every last-verified verification scopes tags
                            purpose deployed-to notes updated reasons
  show ID [--reveal]        show a key's metadata; --reveal prints the secret
  edit ID [fields] [--replace-secret [--allow-duplicate]]
                            change fields; --replace-secret reads the new secret from stdin
  rm ID [--yes]             delete a key (and scrub it from the file)

Use keys where they live (REF is keyward://ID-or-name[/instance-id]; see docs/INJECTION.md)
  run [--env NAME=REF]... [--env-file|--env-from FILE]... [--no-inherit-env] [--no-masking] -- CMD [ARGS...]
                            start CMD with the keys in its environment; its output has them masked;
                            an env file mixes plain values and REFs; CMD's exit status is returned
  read REF [--no-newline]   print only the secret, for scripts
  clip ID [--seconds N]     put the secret on the clipboard (wl-copy, xclip, xsel, pbcopy or clip.exe) and clear
                            it after N seconds (default 30; 0 keeps it) if it still holds that value

Find plaintext copies (docs/SCAN.md; exit 0 none, 1 found, 2 usage, error or a named file not scanned;
never prints a value)
  scan [PATH...] [--git-history | --staged] [--format text|json|sarif] [--locked] [--import-unknown]
       [--import-ref REF]...
       [--write-index [--with-names]]
                            stored keys (by keyed hash) and, unlocked, unknown key-shaped values in files,
                            every commit or what is staged; findings are recorded on the key (check alerts);
                            --locked reads only the scan index beside the vault (no password; exit 2 without one)
                            --write-index writes that index; with no PATH (nor --staged, --git-history) it
                            scans nothing
  hook install [--repo DIR] [--force] [--with-names]
                            a git pre-commit hook running scan --staged --locked: refuses a commit that holds
                            a stored key, the vault locked; writes the scan index (names only --with-names)

Platforms
  verify ID | --all         ask the platform whether keys work (exit 0 all valid, 1 a key refused, 5 platform trouble)
  create --platform P --name N [fields] [--expires-in DAYS] [--experimental-api --management-key ID]
                            guided creation: portal steps, paste the new key, it is stored and verified at once
  rotate ID [--expires-in DAYS] [--deployed] [--revoked] [--yes] [--revoke-first] [--resume] [--cancel]
                            new key, deployments, revoke the old one, confirm it is dead; re-run to resume
  revoke ID [--yes] [--confirm-name NAME] [--revoked] [--cancel]
                            show what depends on it, then guide the portal step and confirm the key is dead
  sandbox                   simulated platforms, a demo vault and a console playing their portals

Import
  import FILE [--format F] [--dry-run] [--map COLUMN=FIELD (repeat)] [--platform P] [--include-duplicates]
         [--leave-out-invalid] [--yes]
                            preview the keys in a .env, CSV, Keyward JSON, Bitwarden JSON, 1Password CSV,
                            KeePassXC CSV or KeePass XML file, then store them all in one transaction.
                            Formats: env csv keyward bitwarden-json onepassword-csv keepassxc-csv keepass-xml.
                            --platform is the default for keys whose platform is not detected; duplicates
                            of keys already in the vault (or earlier in the file) are skipped unless asked
                            --set ROW:FIELD=VALUE (repeat) corrects one row before it is stored: FIELD is
                            platform, name, environment or include (yes/no); ROW is the # or WHERE column
                            a row with a problem refuses the file unless --leave-out-invalid leaves it out
                            (each one named); a problem of the file itself (a row it cannot read) always does

Alerts
  check [--within DAYS] [--unused-for DAYS] [--format text|json|sarif|junit] [--all] [--by key|alert]
                            what needs attention, one line per key (state first, reasons inside; --by alert:
                            one line per alert) and how many keys need action; exit 1 when a key needs
                            action (act now or due soon), not for housekeeping
  calendar --out FILE.ics [--force]   an iCalendar file with every expiry and rotation date (with alarms)
  alerts [list]             every alert with its id, snooze and acknowledgement
  alerts snooze ALERT_ID --until YYYY-MM-DD | alerts ack ALERT_ID | alerts reopen ALERT_ID
                            ALERT_ID or a unique prefix of it; the snooze must end after today
  alerts names on|off       put key names in the locked-state notification schedule (off by default)

Rotation checklists (shared without a server; see docs/CHECKLISTS.md)
  checklist [list] | templates | show RUN | start KEY [--template ID] [--due YYYY-MM-DD]
  checklist tick RUN STEP [--state done|doing|todo|skipped] [--reason TEXT] [--note TEXT]
                            STEP is a step id or its number; skipped needs --reason
  checklist export RUN --out FILE.json [--force]   a run as signed JSON + FILE.md; existing files are kept
                            unless --force
  checklist export --template ID --out FILE.json [--force]   template ID, likewise
                            (or: checklist export ID --template --out FILE.json)
  checklist import FILE     verify the signature (trusted teammates only) and merge step by step
  checklist template show ID | template edit ID --from FILE.json
  team                      your name and fingerprint, the team folder, trusted teammates
  team name NAME            the name teammates see on the checklists you start, tick and sign; set it
                            once (no default: start, tick, export, team init and team sync without it
                            ask on a terminal, or exit 2 naming the command)
  team init --folder DIR [--name "Your name"] [--create]   share checklists through DIR (git or a synced
                            drive); DIR must exist unless --create
  team sync                 write ours, read theirs; in git: commit, pull (merging by step), push
  team trust FILE [--yes]   trust the teammate who signed FILE after comparing the fingerprint

Export, backup and offline inspection
  export --format json|csv|md|html --out FILE [--force]
                            the inventory without secrets or hints (html: one self-contained report)
  export --format json --with-secrets --out FILE [--i-understand] [--force]
                            every secret IN THE CLEAR; asks the master password again (--password-file in scripts)
  backup --out FILE         the whole vault, consistent while in use, sealed with the master password
  restore FILE [--verify] [--force]
                            check a backup (--verify writes nothing) and restore it to --vault; --force replaces
                            an existing vault, which is kept beside it as VAULT.replaced-DATE
  inspect FILE [list [filters] | check [check flags] | calendar --out FILE.ics]
                            answer list/check/calendar from an export (JSON, CSV) or a backup (asks its
                            password); no vault, no network

Fields: --account --instance-id --base-url URL --expires YYYY-MM-DD --created YYYY-MM-DD
        --last-used YYYY-MM-DD --scopes a,b --env --owner --purpose --deployed-to TEXT (repeat)
        --tag TAG (repeat) --notes --rotate-every DAYS --status S   (an empty value clears a field)
Platforms: kai kubiya kognitos knouds kaana custom

Shell completion
  completion bash|zsh|fish  print a completion script: source <(keyward completion bash)

Global options
  --vault PATH              the vault file (default: $KEYWARD_VAULT, else the desktop app's vault)
  --password-file FILE      read the master password from FILE (wins over $KEYWARD_PASSWORD; else a prompt)
  --json                    machine-readable output (never holds a secret, except show --reveal --json)
  --version, -V             print the version of keyward
  --strict                  stop (exit 4) when the vault fails its checks at unlock (lost writes, manifest)

A vault whose key records fail the manifest check (a row put back from an older copy) reveals no secret
(show --reveal, read, run exit 4) and keeps warning until a change to a key (edit, add, rm) accepts it;
a reveal never accepts it, and passwd --rotate-vault-key refuses such a vault.

ID is a key's id, a unique prefix of it (4+ characters), or its unique name.
Exit status: 0 ok, 1 a key needs action (check), 2 bad usage or input, 3 wrong password,
             4 vault damaged or tampered, 5 platform error, 6 internal or disk error.
`;

/**
 * `keyward COMMAND --help`: that command's lines of the usage (with their continuation
 * lines), the key fields where it takes them, and the global options. The whole usage
 * for a word it does not know.
 */
export function commandUsage(command: string): string {
  const lines = USAGE.split('\n');
  const picked: string[] = [];
  const starts = (l: string) => l.startsWith(`  ${command} `) || l === `  ${command}`;
  for (let i = 0; i < lines.length; i += 1) {
    if (!starts(lines[i] ?? '')) continue;
    picked.push(lines[i] ?? '');
    // Continuation lines: the usage's own (7 spaces, under the command's options) and the description's.
    while ((lines[i + 1] ?? '').startsWith('       ')) picked.push(lines[(i += 1)] ?? '');
  }
  if (picked.length === 0) return USAGE;
  const block = (title: string) => {
    const at = lines.findIndex((l) => l.startsWith(title));
    const end = lines.findIndex((l, j) => j > at && l === '');
    return lines.slice(at, end).join('\n');
  };
  const fields = ['add', 'edit', 'create'].includes(command) ? `\n\n${block('Fields:')}` : '';
  return `Usage: keyward ${command} ...\n\n${picked.join('\n')}${fields}\n\n${block('Global options')}\n\nEvery command: keyward --help\n`;
}
