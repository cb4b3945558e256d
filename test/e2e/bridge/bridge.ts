// The e2e test bridge: a loopback HTTP server (127.0.0.1, random port, random bearer
// token) that serves the built renderer with the production CSP, and a POST /call
// endpoint that runs the real host (its one dispatch over the core's and the host's calls)
// and core, compiled by `npm run build:cli` (out/cli), on a vault in its own temp folder.
// Tests only: the page reaches it through an exposed binding.
/// <reference types="node" />
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_PREFERENCES, type Envelope, type Preferences } from '../../../src-main/contract/channels';
import type { createCore as CreateCore } from '../../../src-main/core/app/create-core';
import type { KDF_TEST_COST as KdfTestCost } from '../../../src-main/core/crypto/kdf';
import type { systemClock as SystemClock } from '../../../src-main/core/ports/clock.port';
import type { readBundleFile as ReadBundleFile } from '../../../src-main/host/bundle';
import type { systemTimers as SystemTimers } from '../../../src-main/host/clipboard-guard';
import type { createHost as CreateHost } from '../../../src-main/host/host';

const ROOT = resolve(import.meta.dirname, '../../..');
const RENDERER_DIR = join(ROOT, 'out/renderer');

type CompiledCore = {
  createCore: typeof CreateCore;
  createHost: typeof CreateHost;
  readBundleFile: typeof ReadBundleFile;
  systemTimers: typeof SystemTimers;
  KDF_TEST_COST: typeof KdfTestCost;
  systemClock: typeof SystemClock;
};

let compiled: Promise<CompiledCore> | null = null;
/** The core and the host as `npm run build:cli` compiled them (out/cli), loaded once per worker. */
function loadCore(): Promise<CompiledCore> {
  const load = async (): Promise<CompiledCore> => {
    const from = (rel: string) => import(pathToFileURL(join(ROOT, 'out/cli', rel)).href);
    const [app, host, bundle, guard, kdf, clock] = await Promise.all([
      from('core/app/create-core.js'),
      from('host/host.js'),
      from('host/bundle.js'),
      from('host/clipboard-guard.js'),
      from('core/crypto/kdf.js'),
      from('core/ports/clock.port.js'),
    ]);
    return {
      createCore: app.createCore,
      createHost: host.createHost,
      readBundleFile: bundle.readBundleFile,
      systemTimers: guard.systemTimers,
      KDF_TEST_COST: kdf.KDF_TEST_COST,
      systemClock: clock.systemClock,
    };
  };
  compiled ??= load();
  return compiled;
}

/** What the host wrote to "the clipboard": tests read it instead of the OS clipboard. */
export type FakeClipboard = { text: string; writes: number };
export type Bridge = {
  url: string;
  dataDir: string;
  /** The XDG_RUNTIME_DIR the host's command-line agent uses (a `keyward` child must be given the same). */
  runtimeDir: string;
  clipboard: FakeClipboard;
  /** What the next native save/open dialogs answer, in order: a path, or null (cancelled). Empty: cancelled. */
  dialogAnswers: (string | null)[];
  /** What each native save dialog was asked to show (title, default name, kind), in order. */
  saveRequests: { title: string; defaultName: string; kind: string }[];
  /** Calls the core as the page would, over HTTP with the token. */
  call: <T = unknown>(channel: string, input?: unknown) => Promise<Envelope<T>>;
  /** The same, JSON in and out: what the page's binding carries (strings cross it far faster than objects). */
  callJson: (channel: string, inputJson: string) => Promise<string>;
  /** Adds many keys in one transaction straight through the core (test set-up only; the UI adds one at a time). */
  /** Stores keys as given, each with its verification on record when it has one (seed.ts). */
  seed: (
    keys: {
      fields: Record<string, unknown>;
      secret: { value: string; instanceId?: string };
      verified?: { at: string; result: 'valid' | 'invalid'; message: string };
    }[],
  ) => void;
  /** What the next "open inventory" dialog answers: a path, or null for Cancel. */
  pickFile: (path: string | null) => void;
  /** The path the next host.pickImportFile answers (the shell's native dialog); null = the user cancels. */
  setImportFile: (path: string | null) => void;
  /** The folder every host.scanFolder's native dialog answers until set again; null (the default) = cancelled. */
  setScanFolder: (path: string | null) => void;
  /** Starts keeping every answer the host gives through the bridge (the page's calls and the test's), as JSON, in order. */
  recordAnswers: () => string[];
  /** Locks the way the shell does on idle or suspend (the page must reload). */
  lockFromHost: () => Promise<void>;
  close: () => Promise<void>;
};

function readBody(req: IncomingMessage, limit = 1 << 20): Promise<string> {
  return new Promise((ok, fail) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) req.destroy(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
    req.on('error', fail);
  });
}

export async function startBridge(): Promise<Bridge> {
  const { createCore, createHost, readBundleFile, systemTimers, KDF_TEST_COST, systemClock } = await loadCore();
  const serveStatic = async (path: string, res: ServerResponse): Promise<void> => {
    const file = await readBundleFile(RENDERER_DIR, `app://bundle${path}`);
    if (file === null) res.writeHead(404).end('Not found');
    else res.writeHead(200, file.headers).end(file.body);
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'keyward-e2e-'));
  const core = createCore({ clock: systemClock, vaultPath: join(dataDir, 'vault.db'), kdf: KDF_TEST_COST });
  const runtimeDir = join(dataDir, 'run');
  mkdirSync(runtimeDir, { mode: 0o700 });
  const clipboard: FakeClipboard = { text: '', writes: 0 };
  let prefs: Preferences = DEFAULT_PREFERENCES;
  let pickedFile: string | null = null;
  let importFile: string | null = null;
  let scanFolder: string | null = null;
  let answers: string[] | null = null;
  const dialogAnswers: (string | null)[] = [];
  const answerDialog = async () => dialogAnswers.shift() ?? null;
  const saveRequests: Bridge['saveRequests'] = [];
  const host = createHost({
    // The native dialogs' stand-ins: inventory, import and scan picks answer what the test set; others take the queue.
    dialogs: {
      saveFile: async (request) => {
        saveRequests.push(request);
        return answerDialog();
      },
      openFile: async ({ kind }) =>
        kind === 'inventory' ? pickedFile : kind === 'import' ? importFile : answerDialog(),
      openFolder: async ({ kind }) => (kind === 'scan' ? scanFolder : answerDialog()),
    },
    core,
    clipboard: {
      writeSecret: async (text) => {
        clipboard.text = text;
        clipboard.writes += 1;
      },
      readText: async () => clipboard.text,
      clear: () => {
        clipboard.text = '';
      },
    },
    preferences: { load: () => prefs, save: (p) => (prefs = p) },
    timers: systemTimers,
    // What the shell does in a checkout under plain Node: this runtime runs the checkout's `keyward`
    // (the vault is at the test cost, which the CLI accepts only with KEYWARD_TEST_KDF).
    agentLauncher: {
      command: process.execPath,
      args: [join(ROOT, 'bin/keyward.mjs')],
      env: { ...process.env, XDG_RUNTIME_DIR: runtimeDir, KEYWARD_TEST_KDF: '1' },
    },
  });
  const token = randomBytes(32);
  const isAuthorised = (header: string | undefined) => {
    const given = Buffer.from(header?.replace(/^Bearer /, '') ?? '', 'hex');
    return given.length === token.length && timingSafeEqual(given, token);
  };

  const server = createServer((req, res) => {
    void (async () => {
      if (req.method === 'GET') return serveStatic(new URL(req.url ?? '/', 'http://x').pathname, res);
      if (req.method !== 'POST' || req.url !== '/call' || !isAuthorised(req.headers.authorization)) {
        res.writeHead(403).end();
        return;
      }
      const { channel, input } = JSON.parse(await readBody(req)) as { channel: unknown; input: unknown };
      const reply = await host.dispatch(channel, input);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const callJson = async (channel: string, inputJson: string): Promise<string> => {
    const res = await fetch(`${url}/call`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.toString('hex')}`, 'content-type': 'application/json' },
      body: `{"channel":${JSON.stringify(channel)},"input":${inputJson}}`,
    });
    const answer = await res.text();
    answers?.push(answer);
    return answer;
  };

  return {
    url,
    dataDir,
    runtimeDir,
    clipboard,
    dialogAnswers,
    saveRequests,
    callJson,
    async call<T>(channel: string, input: unknown = {}): Promise<Envelope<T>> {
      return JSON.parse(await callJson(channel, JSON.stringify(input))) as Envelope<T>;
    },
    seed(keys) {
      const inv = core.inventory();
      inv.insertPrepared(
        keys.map((k) => inv.prepare(k.fields as never, k.secret, k.verified ? { lastVerification: k.verified } : {})),
      );
    },
    pickFile(path) {
      pickedFile = path;
    },
    setImportFile: (path) => {
      importFile = path;
    },
    setScanFolder: (path) => {
      scanFolder = path;
    },
    recordAnswers: () => (answers ??= []),
    lockFromHost: () => host.lock(),
    async close() {
      await host.lock();
      await new Promise<void>((ok) => server.close(() => ok()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
