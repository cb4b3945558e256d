// keyward sandbox: every platform simulated on this machine, a fresh sandbox vault
// full of demo keys pointing at them, and a console that plays each platform's
// portal (create, revoke, regenerate), so every flow can be tried without accounts.
// The throw-away vault it made is removed when it ends (quit, end of input, Ctrl-C).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { KDF_FLOOR } from '../../core/crypto/kdf.js';
import { AppError } from '../../core/errors.js';
import { createInventory } from '../../core/inventory/inventory.service.js';
import type { PlatformId } from '../../core/inventory/key.types.js';
import { describeKeyLocally, keyHint } from '../../core/platforms/key-facts.js';
import { createVault } from '../../core/vault/vault.js';
import { SIM_PLATFORM_IDS, SimRefusal, startSandbox, type Sandbox } from '../../sandbox/platform-sim/index.js';
import type { SimPlatformId } from '../../sandbox/platform-sim/sim.types.js';
import type { Ctx } from '../context.js';
import { EXIT } from '../exit-codes.js';

export const SANDBOX_PASSWORD = 'sandbox';

const HELP = `Portal console (the simulated platforms' web pages):
  keys                       list every key the simulators know, live or revoked
  create PLATFORM [ACCOUNT]  "Create API key" in a portal: prints the new key once
  revoke …END|START          revoke the key whose value ends with END (its hint as keys lists it,
                             e.g. …1GSQ) or starts with START (8+ characters)
  regenerate INSTANCE        KAI's "Regenerate API key": the old key dies at once
  quit                       stop the simulators`;

async function seedVault(path: string, sb: Sandbox, ctx: Ctx): Promise<void> {
  const vault = await createVault(path, SANDBOX_PASSWORD, { clock: ctx.clock, kdf: KDF_FLOOR });
  try {
    const inv = createInventory(vault, ctx.clock);
    for (const id of SIM_PLATFORM_IDS) {
      for (const k of sb.demoKeys[id]) {
        const local = describeKeyLocally(id, k.value, ctx.clock.now());
        const expiresAt =
          id === 'kognitos'
            ? new Date(ctx.clock.now().getTime() + 30 * 86_400_000).toISOString().slice(0, 10)
            : (local.expiresAt ?? null);
        inv.add(
          {
            platform: id as PlatformId,
            name: k.label,
            account: k.account,
            baseUrl: sb.baseUrls[id],
            environment: 'sandbox',
            tags: ['sandbox'],
            deployedTo: ['Sandbox service config'],
            expiresAt,
            extra: local.facts,
          },
          id === 'kai' ? { value: k.value, instanceId: k.account } : { value: k.value },
        );
      }
    }
  } finally {
    vault.lock();
  }
}

function portalCommand(sb: Sandbox, line: string): string {
  const [cmd, arg, arg2] = line.trim().split(/\s+/);
  const sims = Object.values(sb.simulators);
  switch (cmd) {
    case undefined:
    case '':
      return '';
    case 'help':
      return HELP;
    case 'keys':
      return sims
        .flatMap((s) =>
          s.keys().map(
            (k) =>
              // By hint (the key's end): JWT keys all start alike, so their first characters tell nothing apart.
              `${s.platform.padEnd(9)} ${k.account.padEnd(14)} ${k.revoked ? 'revoked' : 'live   '} ${keyHint(s.platform as PlatformId, k.value)}`,
          ),
        )
        .join('\n');
    case 'create': {
      if (!arg || !(SIM_PLATFORM_IDS as readonly string[]).includes(arg))
        return `create needs one of: ${SIM_PLATFORM_IDS.join(', ')}`;
      const sim = sb.simulators[arg as SimPlatformId];
      const account = arg2 ?? sb.demoKeys[arg as SimPlatformId][0]?.account ?? 'demo';
      let key;
      try {
        key = sim.addKey({ account });
      } catch (e) {
        // The portal's own refusal (a key cap): shown as the portal would, the console carries on.
        if (e instanceof SimRefusal) return `The ${arg} portal refused for ${account}: ${e.message}.`;
        throw e;
      }
      return `New ${arg} key for ${key.account} (shown once):\n${key.value}`;
    }
    case 'revoke': {
      const end = arg?.startsWith('…') ? arg.slice(1) : null;
      if (!arg || (end === null && arg.length < 8) || (end !== null && end.length < 4))
        return 'revoke needs the first 8+ characters of the key, or …END with its last 4+';
      const matches = (v: string) => (end === null ? v.startsWith(arg) : v.endsWith(end));
      const hit = sims.flatMap((s) =>
        s
          .keys()
          .filter((k) => !k.revoked && matches(k.value))
          .map((k) => ({ s, k })),
      );
      if (hit.length !== 1) return `${hit.length} keys start with that; give more characters`;
      hit[0]?.s.revokeKey(hit[0].k.value);
      return `Revoked the ${hit[0]?.s.platform} key ${arg}.`;
    }
    case 'regenerate':
      if (!arg) return 'regenerate needs the KAI instance id';
      return `New KAI key for ${arg} (the old one is dead now):\n${sb.simulators.kai.regenerateKey(arg)}`;
    default:
      return `Unknown command "${cmd}". Type help.`;
  }
}

export async function sandboxCommand(ctx: Ctx, vaultFlag: string | undefined): Promise<number> {
  const path = vaultFlag ?? join(mkdtempSync(join(tmpdir(), 'keyward-sandbox-')), 'sandbox.db');
  if (path === ctx.vaultPath && !vaultFlag) throw new AppError('BAD_INPUT', 'The sandbox never uses your real vault.');
  // Only the folder it made itself: a vault named with --vault is the user's to keep.
  const cleanup = () => {
    if (!vaultFlag) rmSync(dirname(path), { recursive: true, force: true });
  };
  let sb: Sandbox;
  try {
    sb = await startSandbox();
  } catch (e) {
    cleanup();
    throw e;
  }
  let rl: ReturnType<typeof createInterface> | null = null;
  let stopped = false;
  const stop = () => {
    stopped = true;
    rl?.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await seedVault(path, sb, ctx);
    ctx.out(`Keyward sandbox: five simulated platforms on 127.0.0.1 and a sandbox vault with demo keys.

In another terminal:
  export KEYWARD_VAULT='${path}' KEYWARD_PASSWORD='${SANDBOX_PASSWORD}'
  keyward list
  keyward verify --all
  keyward rotate "CI pipeline"          # then "create kubiya" below plays the portal

${HELP}`);
    rl = createInterface({ input: ctx.io.stdin, terminal: false });
    if (stopped) rl.close();
    if (ctx.io.stdin.isTTY) ctx.io.stdout.write('portal> ');
    for await (const line of rl) {
      if (line.trim() === 'quit') {
        // Ends at once: standard input left open (a terminal) would otherwise keep the process alive.
        rl.close();
        ctx.io.stdin.destroy();
        break;
      }
      const answer = portalCommand(sb, line);
      if (answer) ctx.out(answer);
      if (ctx.io.stdin.isTTY) ctx.io.stdout.write('portal> ');
    }
    return EXIT.ok;
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
    rl?.close();
    await sb.close();
    cleanup();
  }
}
