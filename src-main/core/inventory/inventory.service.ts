// The key inventory of an unlocked vault: add, list, search, show, edit, remove,
// reveal. Listing and searching decrypt metadata only; secrets are opened one at a
// time on an explicit reveal. Must never return a secret from a read of metadata.
import { randomUUID } from 'node:crypto';
import { createKeysRepo, dataVersion } from '../db/keys.repo.js';
import { mapSqliteError } from '../db/connection.js';
import { scrubAfterDelete, type ScrubOutcome } from '../vault/scrub.js';
import { AppError, isAppError } from '../errors.js';
import type { Clock } from '../ports/clock.port.js';
import { keyTags, openMeta, openSecret, sealMeta, sealSecret, secretTag } from '../vault/records.js';
import { nameTag, normaliseName, secretIndexTag } from '../vault/blind-index.js';
import type { Vault } from '../vault/vault.js';
import { parseOrThrow } from '../parse-input.js';
import { keyHint } from '../platforms/key-facts.js';
import { KeyInputSchema, KeyPatchSchema, SecretSchema, type KeyInput, type KeyPatch } from './key.schemas.js';
import { BulkChangeSchema, type BulkChange } from './key.schemas.js';
import type { SecretHolder } from '../../contract/keys.js';
import type { HistoryEntry, KeyMeta, KeyRecord, KeySecret, KeyStatus, PlatformId } from './key.types.js';
import { matchesFilter, searchText, type KeyFilter } from './key-filter.js';
import { kaiAccountOnAdd, kaiAccountOnEdit } from './kai-account.js';
import { pastedSecretFor } from './pasted-secret.js';
import { isSoughtSecret } from '../redaction.js';
import { refuseTooShort } from './new-key-checks.js';
import { formatOf, looksLikeSecret } from '../scan/key-catalog.js';

export type DamagedRecord = { id: string; message: string };
export type Listing = { keys: KeyRecord[]; damaged: DamagedRecord[] };
type Cached = { record: KeyRecord; tag: string; text?: string };
/** Whose secret it may already be, and how the refusal reads: a new key, or a key's replaced secret. */
export type KnownSecretCheck = { currentId?: string | null; allowDuplicate?: boolean; as: 'new-key' | 'replacement' };

const HISTORY_CAP = 500;
const stripUndefined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

export function createInventory(vault: Vault, clock: Clock) {
  const repo = createKeysRepo(vault.db);
  // What has been opened so far; `complete` once every row is in it. A command about one record
  // (show, edit, rm, add) opens only that record and the ones the blind index names.
  const cache = new Map<string, Cached>();
  const damaged = new Map<string, string>();
  let seenVersion = -1;
  let complete = false;
  /** Ids this inventory wrote (added, changed, removed) since it was made: the schedule updates only these. */
  const touched = new Set<string>();

  const now = () => clock.now().toISOString();
  const history = (meta: KeyMeta, entry: Omit<HistoryEntry, 'at'>): HistoryEntry[] =>
    [...meta.history, { at: now(), ...entry }].slice(-HISTORY_CAP);

  function load(id: string, createdAt: string, updatedAt: string, blob: Uint8Array): void {
    try {
      const { meta, tag } = openMeta(vault, id, blob);
      // The parsed object is fresh and ours: extend it in place rather than copy it (hot at 100k keys).
      const record = meta as KeyRecord;
      record.id = id;
      record.recordCreatedAt = createdAt;
      record.recordUpdatedAt = updatedAt;
      cache.set(id, { record, tag });
      damaged.delete(id);
    } catch (e) {
      if (!isAppError(e, 'INTEGRITY_ERROR')) throw e;
      cache.delete(id);
      damaged.set(id, e.message);
    }
  }

  /** Forgets what was opened when another connection has committed since. */
  function sync(): void {
    vault.keys();
    const version = dataVersion(vault.db);
    if (version === seenVersion) return;
    cache.clear();
    damaged.clear();
    complete = false;
    seenVersion = version;
  }

  /** Opens every record (a listing, a search, the alerts). */
  function refresh(): void {
    sync();
    if (complete) return;
    cache.clear();
    damaged.clear();
    try {
      for (const [id, createdAt, updatedAt, blob] of repo.all()) load(id, createdAt, updatedAt, blob);
    } catch (e) {
      throw mapSqliteError(e); // a damaged page: VAULT_DAMAGED, not an unknown error
    }
    complete = true;
  }

  /** Opens one record by id (cached); false when there is no such row. */
  function openOne(id: string): boolean {
    sync();
    if (cache.has(id) || damaged.has(id)) return true;
    if (complete) return false;
    let row: ReturnType<typeof repo.one>;
    try {
      row = repo.one(id);
    } catch (e) {
      throw mapSqliteError(e);
    }
    if (row === undefined) return false;
    load(row.id, row.created_at, row.updated_at, row.meta);
    return true;
  }

  /** Opened records among `ids` (those that open), in the given order. */
  const opened = (ids: readonly string[]): Cached[] =>
    ids.flatMap((id) => {
      openOne(id);
      const c = cache.get(id);
      return c === undefined ? [] : [c];
    });

  /** Ids whose name is `name` by `same` (candidates from the blind index, checked under the seal). */
  function idsNamed(name: string, same: (stored: string) => boolean): string[] {
    if (!repo.indexed) {
      refresh();
      return [...cache.values()].filter((c) => same(c.record.name)).map((c) => c.record.id);
    }
    sync();
    const ids = repo.byNameTag(nameTag(vault.sodium, vault.keys().blind, name));
    return opened(ids)
      .filter((c) => same(c.record.name))
      .map((c) => c.record.id);
  }

  /** Records holding the secret whose fingerprint is `tag`, oldest first. */
  function holdersOf(tag: string): Cached[] {
    if (!repo.indexed) {
      refresh();
      return [...cache.values()].filter((c) => c.tag === tag);
    }
    sync();
    return opened(repo.bySecretTag(secretIndexTag(vault.sodium, vault.keys().blind, tag))).filter((c) => c.tag === tag);
  }

  function resolve(ref: string): string {
    if (openOne(ref)) return ref;
    const lower = ref.toLowerCase();
    const byPrefix = ref.length >= 4 ? repo.withPrefix(lower) : [];
    if (byPrefix.length === 1) return byPrefix[0] as string;
    const byName = idsNamed(ref, (stored) => stored.toLowerCase() === lower);
    const found = new Set([...byPrefix, ...byName]);
    if (found.size === 1) return [...found][0] as string;
    if (found.size > 1) {
      const some = [...found].slice(0, 4).map((id) => id.slice(0, 8));
      throw new AppError(
        'AMBIGUOUS',
        `"${ref}" matches ${found.size} keys (${some.join(', ')}${found.size > 4 ? ', ...' : ''}); name one by its id or a unique prefix of it (4 characters or more).`,
        { subject: ref },
      );
    }
    notFoundButDamaged(ref);
    // SECURITY: a key pasted where its name belongs is not repeated (errors reach terminals and logs).
    const holder = isSoughtSecret(ref) ? holdersOf(secretTag(vault, { value: ref }))[0]?.record : undefined;
    if (holder !== undefined)
      throw new AppError(
        'NOT_FOUND',
        `The text given is the secret of the key "${holder.name}" (id ${holder.id.slice(0, 8)}), not a name or id: name the key by its name or id.`,
      );
    if (looksLikeSecret(ref))
      throw new AppError(
        'NOT_FOUND',
        'No key with that id or name; the text given looks like a key itself, so it is not repeated here.',
      );
    throw new AppError('NOT_FOUND', `No key with id or name "${ref}".`, { subject: ref });
  }

  /**
   * A name is looked up through the blind index, whose tags are keyed: a key record that does not
   * open under this header (one put back from another copy) cannot match by name. Rather than
   * "no such key", such a vault says which records are there and damaged (the ref may be one).
   */
  function notFoundButDamaged(ref: string): void {
    refresh();
    if (damaged.size === 0) return;
    const ids = [...damaged.keys()];
    const named = ids.slice(0, 4).join(', ') + (ids.length > 4 ? `, ... (${ids.length} in all)` : '');
    throw new AppError(
      'INTEGRITY_ERROR',
      `No key named "${ref}" opens, but ${ids.length} key record(s) are there and do not open: ${named}. The vault header does not match those keys (a header or key row put back from another copy, or an edited file); "${ref}" may be one of them. Check your keys against a backup.`,
      { subject: ids[0] as string },
    );
  }

  /** The first key holding `secret`, and whether another key shares its name (the app then says more). */
  function holderOf(secret: KeySecret): ({ id: string } & SecretHolder) | null {
    const first = holdersOf(secretTag(vault, secret))[0]?.record;
    if (!first) return null;
    const lower = first.name.toLowerCase();
    const nameShared = idsNamed(first.name, (stored) => stored.toLowerCase() === lower).length > 1;
    return { id: first.id, name: first.name, platform: first.platform, account: first.account, nameShared };
  }

  /**
   * Refuses a secret that is already stored: the key's own current secret (`currentId`: the old
   * key pasted again) or another record's (by keyed hash), the latter unless `allowDuplicate`.
   * One rule for every path that takes in a secret for a key: a new key made in the portal
   * (create, rotation: "nothing was stored") and a replaced secret (edit: "nothing was changed").
   * Nothing is written before.
   */
  function refuseKnownSecret(
    secret: KeySecret,
    { currentId = null, allowDuplicate = false, as }: KnownSecretCheck,
  ): void {
    const holder = holderOf(secret);
    if (!holder) return;
    const newKey = as === 'new-key';
    if (holder.id === currentId)
      throw new AppError(
        'BAD_INPUT',
        newKey
          ? 'That is the current key, not a new one: nothing was stored. Make the new key in the portal and paste the key it shows.'
          : 'That is the current key, not a new one: nothing was changed.',
        { subject: 'secret' },
      );
    if (allowDuplicate) return;
    // The message is the CLI's (the id prefix finds the key there, the flag overrides); the app words
    // the detail instead (src-renderer/src/api/messages.ts).
    const stored = `"${holder.name}" (${holder.id.slice(0, 8)})`;
    const shown: SecretHolder = {
      name: holder.name,
      platform: holder.platform,
      account: holder.account,
      nameShared: holder.nameShared,
    };
    throw new AppError(
      'BAD_INPUT',
      newKey
        ? `That secret is already stored as ${stored}, so it is not a new key: nothing was stored.`
        : `This secret is already stored as ${stored}; nothing was changed. ` +
            'Paste the new key, or use --allow-duplicate to store it twice.',
      { subject: 'secret', detail: { reason: 'duplicate-secret', holder: shown, newKey } },
    );
  }

  function get(ref: string): KeyRecord {
    const id = resolve(ref);
    openOne(id);
    const hit = cache.get(id);
    if (!hit) throw new AppError('INTEGRITY_ERROR', damaged.get(id) ?? `Key ${id} is damaged.`, { subject: id });
    return hit.record;
  }

  /**
   * Opens a secret for the core's own use (the auth header of a platform call); not
   * logged as a use. SECURITY: callers pass it only to the platform client.
   */
  function secretFor(ref: string): KeySecret {
    const id = resolve(ref);
    const blob = repo.secret(id);
    if (!blob) throw new AppError('NOT_FOUND', `No key with id "${id}".`, { subject: id });
    return openSecret(vault, id, blob);
  }

  function writeMeta(id: string, meta: KeyMeta, tag: string, secretBlob?: Uint8Array): KeyRecord {
    const at = now();
    const metaBlob = sealMeta(vault, id, { meta, tag });
    const tags = keyTags(vault, meta.name, tag);
    vault.write(() => {
      const changes = secretBlob
        ? repo.updateBoth(id, metaBlob, secretBlob, at, tags)
        : repo.updateMeta(id, metaBlob, at, tags);
      if (changes !== 1) throw new AppError('NOT_FOUND', `Key ${id} no longer exists.`, { subject: id });
    });
    touched.add(id);
    const prev = cache.get(id)?.record;
    const record = { ...meta, id, recordCreatedAt: prev?.recordCreatedAt ?? at, recordUpdatedAt: at };
    cache.set(id, { record, tag });
    seenVersion = dataVersion(vault.db);
    return record;
  }

  /** Optional facts about where a new key came from (an import keeps its last verification and says so). */
  type Origin = { detail?: string; lastVerification?: KeyMeta['lastVerification'] };

  /**
   * SECURITY: a name is shown everywhere (lists, exports, the schedule on opt-in, checklists): a
   * key's own secret, or another stored key's, pasted as its name is refused, never stored.
   */
  function refuseSecretAsName(name: string, own?: KeySecret, everyName = false): void {
    const n = name.trim();
    if (own !== undefined && isSoughtSecret(n) && n.includes(own.value))
      throw new AppError(
        'BAD_INPUT',
        'That name is the key’s own secret: give the key a name that is not its secret.',
        {
          subject: 'name',
        },
      );
    // Every name of a rename is looked up; an add (imports of many rows) looks up the names that look like keys.
    if (!isSoughtSecret(n) || (!everyName && !looksLikeSecret(n))) return;
    const holder = holdersOf(secretTag(vault, { value: n }))[0]?.record;
    if (holder !== undefined)
      throw new AppError(
        'BAD_INPUT',
        `That name is the secret of the key "${holder.name}": give the key a name that is not a secret.`,
        { subject: 'name' },
      );
    if (formatOf(n) !== null)
      throw new AppError(
        'BAD_INPUT',
        'That name is a key itself (its format is one of a known service’s keys): give the key a name people can read.',
        { subject: 'name' },
      );
  }

  function prepareNew(input: KeyInput, secretInput: KeySecret, origin: Origin = {}) {
    const fields = parseOrThrow(KeyInputSchema, input, 'key');
    const secret = parseOrThrow(SecretSchema, secretInput, 'secret');
    fields.account = kaiAccountOnAdd(fields.platform, fields.account, secret);
    refuseSecretAsName(fields.name, secret);
    const id = randomUUID();
    const meta: KeyMeta = {
      ...fields,
      hint: keyHint(fields.platform, secret.value),
      lastVerification: origin.lastVerification ?? null,
      history: [{ at: now(), action: 'created', ...(origin.detail ? { detail: origin.detail } : {}) }],
    };
    const tag = secretTag(vault, secret);
    return {
      id,
      meta,
      tag,
      tags: keyTags(vault, meta.name, tag),
      metaBlob: sealMeta(vault, id, { meta, tag }),
      secretBlob: sealSecret(vault, id, secret),
    };
  }
  type Prepared = ReturnType<typeof prepareNew>;

  /**
   * Stores keys sealed by prepareNew in one transaction: all are stored, or none. `at` dates the records (an
   * import stored in batches inside one transaction gives every batch the same time).
   */
  function insertPrepared(prepared: Prepared[], at = now()): KeyRecord[] {
    sync();
    vault.write(() => {
      for (const p of prepared)
        repo.insert({ id: p.id, createdAt: at, meta: p.metaBlob, secret: p.secretBlob, ...p.tags });
    });
    for (const p of prepared) touched.add(p.id);
    seenVersion = dataVersion(vault.db);
    return prepared.map((p) => {
      const record: KeyRecord = { ...p.meta, id: p.id, recordCreatedAt: at, recordUpdatedAt: at };
      cache.set(p.id, { record, tag: p.tag });
      return record;
    });
  }

  /** Adds many keys in one transaction: all are stored, or none. */
  function addMany(items: { input: KeyInput; secret: KeySecret }[]): KeyRecord[] {
    sync();
    return insertPrepared(items.map((i) => prepareNew(i.input, i.secret)));
  }

  return {
    resolve,
    get,
    secretFor,
    /** Forgets the cache, e.g. after an enclosing transaction rolled back. */
    invalidate: () => {
      seenVersion = -1;
    },
    /** Whether every record has been opened in this inventory's current view (a listing did). */
    isComplete: () => complete && seenVersion === dataVersion(vault.db),
    /** Ids this inventory added, changed or removed; the schedule is updated for these alone. */
    touched: (): ReadonlySet<string> => touched,
    /** The records among `ids` that exist and open (a removed or damaged one is left out). */
    existing: (ids: Iterable<string>): KeyRecord[] => opened([...ids]).map((c) => c.record),
    add: (input: KeyInput, secret: KeySecret): KeyRecord => addMany([{ input, secret }])[0] as KeyRecord,
    addMany,
    /** Seals one new key without storing it (imports seal in chunks, then store all at once with insertPrepared). */
    prepare: prepareNew,
    insertPrepared,

    list(filter: KeyFilter = {}): Listing {
      refresh();
      const keys: KeyRecord[] = [];
      for (const c of cache.values()) {
        if (matchesFilter(c.record, filter, () => (c.text ??= searchText(c.record)))) keys.push(c.record);
      }
      return { keys, damaged: [...damaged].map(([id, message]) => ({ id, message })) };
    },

    edit(ref: string, patchInput: KeyPatch, pasted?: KeySecret, options: { allowDuplicate?: boolean } = {}): KeyRecord {
      const current = get(ref);
      const patch = parseOrThrow(KeyPatchSchema, patchInput, 'change');
      if (patch.name !== undefined) refuseSecretAsName(patch.name, pasted ?? undefined, true);
      const newSecret = pasted && pastedSecretFor(patch.platform ?? current.platform, pasted);
      let secretIn = newSecret;
      let isInstanceMove = false;
      if ((patch.platform ?? current.platform) === 'kai') {
        const kai = kaiAccountOnEdit(
          { account: current.account, secret: () => secretFor(current.id) },
          patch.account,
          newSecret,
        );
        if (kai.account !== undefined) patch.account = kai.account;
        secretIn = kai.secret ?? newSecret;
        isInstanceMove = kai.isInstanceMove === true;
      }
      // A cut-short copy would overwrite the working secret: refused as Add key refuses it.
      if (newSecret) refuseTooShort(patch.platform ?? current.platform, newSecret);
      if (newSecret && secretIn)
        refuseKnownSecret(secretIn, {
          currentId: current.id,
          allowDuplicate: options.allowDuplicate === true,
          as: 'replacement',
        });
      const changed = Object.keys(patch).filter(
        (k) => JSON.stringify(patch[k as keyof typeof patch]) !== JSON.stringify(current[k as keyof KeyRecord]),
      );
      const { id, recordCreatedAt: _c, recordUpdatedAt: _u, ...meta } = current;
      let next: KeyMeta = { ...meta, ...patch } as KeyMeta;
      // Setting the platform confirms one import only guessed (even when it is the same platform).
      if (patch.platform !== undefined && next.extra['platform.guess'] !== undefined) {
        const { 'platform.guess': _guess, ...extra } = next.extra;
        next = { ...next, extra };
        changed.push('platform confirmed');
      }
      let tag = cache.get(id)?.tag ?? '';
      let secretBlob: Uint8Array | undefined;
      if (secretIn) {
        const secret = parseOrThrow(SecretSchema, secretIn, 'secret');
        secretBlob = sealSecret(vault, id, secret);
        tag = secretTag(vault, secret);
        // A new instance id beside the same api-key is another pair to verify, not a new key.
        next = isInstanceMove
          ? { ...next, lastVerification: null }
          : { ...next, hint: keyHint(next.platform, secret.value), lastVerification: null };
        changed.push(isInstanceMove ? 'instance id' : 'secret');
      }
      if (changed.length === 0) return current;
      // 'secret-changed' restarts the rotation clock (alerts read the history).
      const action = secretBlob && !isInstanceMove ? 'secret-changed' : 'edited';
      next.history = history(next, { action, detail: changed.join(', ') });
      return writeMeta(id, next, tag, secretBlob);
    },

    /**
     * Sets the same fields on many keys (owner, account, environment; tags added or removed; a
     * name pattern: see BulkChangeSchema) in one transaction: all are changed, or none. A key
     * the change leaves as it was is not written and keeps its history.
     */
    bulkEdit(refs: readonly string[], changeInput: BulkChange): KeyRecord[] {
      // A rename that gives two keys one name (within the selection, or one a key outside it has) would
      // make them look the same everywhere: refused before anything changes, with the hint to use {n}.
      const refuseNameCollisions = (ids: string[], names: string[]) => {
        const norm = (n: string) => n.trim().toLowerCase();
        const selected = new Set(ids);
        const seen = new Map<string, number>();
        for (const n of names) seen.set(norm(n), (seen.get(norm(n)) ?? 0) + 1);
        const twice = names.find((n) => (seen.get(norm(n)) ?? 0) > 1);
        if (twice !== undefined)
          throw new AppError(
            'BAD_INPUT',
            `The name pattern gives ${seen.get(norm(twice))} keys the same name "${twice.trim()}": add {n} to number them (for example "${change.namePattern?.trim()} {n}").`,
            { subject: 'namePattern' },
          );
        const taken = names.find((n) =>
          [...cache.values()].some((c) => !selected.has(c.record.id) && norm(c.record.name) === norm(n)),
        );
        if (taken !== undefined)
          throw new AppError(
            'BAD_INPUT',
            `Another key is already named "${taken.trim()}": choose a pattern that gives new names, for example with {n}.`,
            { subject: 'namePattern' },
          );
      };
      const change = parseOrThrow(BulkChangeSchema, changeInput, 'change');
      const ids = [...new Set(refs.map(resolve))];
      const currents = ids.map(get);
      // The pattern reads each key's fields as the change leaves them ({environment} is the new one).
      const names = currents.map((current, i) => {
        if (change.namePattern === undefined) return current.name;
        const after = { ...current, ...stripUndefined({ account: change.account, environment: change.environment }) };
        return change.namePattern.replace(/\{(name|n|platform|environment|account)\}/g, (_m, field: string) =>
          field === 'n' ? String(i + 1) : after[field as 'name' | 'platform' | 'environment' | 'account'],
        );
      });
      if (change.namePattern !== undefined) refuseNameCollisions(ids, names);
      const nextOf = (current: KeyRecord, i: number) => {
        const remove = new Set(change.removeTags ?? []);
        const tags = [...new Set([...current.tags.filter((t) => !remove.has(t)), ...(change.addTags ?? [])])];
        const patch = parseOrThrow(
          KeyPatchSchema,
          {
            name: (names[i] as string).trim(),
            tags,
            ...(change.owner !== undefined ? { owner: change.owner } : {}),
            ...(change.account !== undefined ? { account: change.account } : {}),
            ...(change.environment !== undefined ? { environment: change.environment } : {}),
          },
          'change',
        );
        const changed = Object.keys(patch).filter(
          (k) => JSON.stringify(patch[k as keyof typeof patch]) !== JSON.stringify(current[k as keyof KeyRecord]),
        );
        const { id, recordCreatedAt: _c, recordUpdatedAt: _u, ...meta } = current;
        const next = { ...meta, ...patch } as KeyMeta;
        if (changed.length > 0)
          next.history = history(next, { action: 'edited', detail: `${changed.join(', ')} (bulk edit)` });
        return { id, next, changed: changed.length > 0, tag: cache.get(id)?.tag ?? '' };
      };
      const planned = currents.map(nextOf).filter((p) => p.changed);
      const sealed = planned.map((p) => ({ ...p, blob: sealMeta(vault, p.id, { meta: p.next, tag: p.tag }) }));
      const at = now();
      vault.write(() => {
        for (const p of sealed)
          if (repo.updateMeta(p.id, p.blob, at, keyTags(vault, p.next.name, p.tag)) !== 1)
            throw new AppError('NOT_FOUND', `Key ${p.id} no longer exists.`, { subject: p.id });
      });
      for (const p of sealed) {
        const prev = cache.get(p.id)?.record;
        const record = { ...p.next, id: p.id, recordCreatedAt: prev?.recordCreatedAt ?? at, recordUpdatedAt: at };
        cache.set(p.id, { record, tag: p.tag });
      }
      seenVersion = dataVersion(vault.db);
      return ids.map(get);
    },

    /** Records a verification, status change or other event without user edits. */
    annotate(
      ref: string,
      change: Partial<Pick<KeyMeta, 'lastVerification' | 'status' | 'lastUsedAt'>>,
      entry: Omit<HistoryEntry, 'at'>,
    ): KeyRecord {
      const { id, recordCreatedAt: _c, recordUpdatedAt: _u, ...meta } = get(ref);
      const next: KeyMeta = { ...meta, ...change };
      next.history = history(next, entry);
      return writeMeta(id, next, cache.get(id)?.tag ?? '');
    },

    /** Deletes a key and scrubs its bytes from the file and the WAL (or records that the scrub is pending). */
    remove(ref: string): ScrubOutcome {
      const id = resolve(ref);
      vault.write(() => {
        if (repo.remove(id) !== 1) throw new AppError('NOT_FOUND', `Key ${id} no longer exists.`, { subject: id });
      });
      cache.delete(id);
      damaged.delete(id);
      touched.add(id);
      const outcome = scrubAfterDelete(vault, clock.now().toISOString());
      seenVersion = dataVersion(vault.db);
      return outcome;
    },

    /**
     * Opens the secret of one key. `purpose` (and `detail`, e.g. "run in DIR") is logged in the
     * key's history, never the value.
     */
    reveal(ref: string, purpose: 'revealed' | 'copied' | 'used', detail?: string): KeySecret {
      // SECURITY: a record whose metadata is damaged is not revealed: the reveal could not be logged in its history.
      const { id, name } = get(ref);
      // SECURITY: nor one while the key records fail the manifest check (a row put back from an older
      // copy would hand out its old, revoked secret); checked again if another process wrote meanwhile.
      vault.recheck();
      if (vault.suspect.keys !== undefined)
        throw new AppError(
          'INTEGRITY_ERROR',
          `The secret of "${name}" (${id.slice(0, 8)}) was not revealed: the vault's key records do not match its manifest (${vault.suspect.keys}), so it may be an old, revoked secret put back from an older copy. Check your keys against a backup; a change to a key (keyward edit, add or rm) accepts the vault as it is.`,
          { subject: id },
        );
      let blob: Uint8Array | undefined;
      try {
        blob = repo.secret(id);
      } catch (e) {
        throw mapSqliteError(e);
      }
      if (!blob) throw new AppError('NOT_FOUND', `No key with id "${id}".`, { subject: id });
      const secret = openSecret(vault, id, blob);
      if (!vault.readOnly && cache.has(id)) {
        const { recordCreatedAt, recordUpdatedAt, id: _i, ...meta } = get(id);
        const entry = detail === undefined ? { action: purpose } : { action: purpose, detail };
        const next = { ...meta, history: history(meta, entry) };
        const tag = cache.get(id)?.tag ?? '';
        const metaBlob = sealMeta(vault, id, { meta: next, tag });
        // SECURITY: only the sealed history changes; revision and times stay, so the file does not date a reveal.
        vault.write(
          () => {
            if (repo.resealMeta(id, metaBlob) !== 1)
              throw new AppError('NOT_FOUND', `Key ${id} no longer exists.`, { subject: id });
          },
          { keepTimes: true },
        );
        cache.set(id, { record: { ...next, id, recordCreatedAt, recordUpdatedAt }, tag });
        touched.add(id);
        seenVersion = dataVersion(vault.db);
      }
      return secret;
    },

    /** Each stored secret's keyed hash -> the first key holding it (import's duplicate check). */
    keysBySecretTag(): Map<string, { id: string; name: string }> {
      refresh();
      const byTag = new Map<string, { id: string; name: string }>();
      for (const [id, c] of cache) if (!byTag.has(c.tag)) byTag.set(c.tag, { id, name: c.record.name });
      return byTag;
    },

    /** Stored keys a new key would repeat: the same name (any case) or the same secret (by keyed hash). */
    sameAs(name: string, secret: KeySecret): { sameName: KeyRecord[]; sameSecret: KeyRecord[] } {
      const tag = secretTag(vault, parseOrThrow(SecretSchema, secret, 'secret'));
      const lower = normaliseName(name);
      const sameName = opened(idsNamed(name, (stored) => normaliseName(stored) === lower)).map((c) => c.record);
      return { sameName, sameSecret: holdersOf(tag).map((c) => c.record) };
    },

    /** The first key holding this secret (by keyed hash), or null: refuses a "new" key that is already stored. */
    holderOfSecret(secret: KeySecret): ({ id: string } & SecretHolder) | null {
      return holderOf(secret);
    },

    refuseKnownSecret,

    /** Groups of key ids that hold the same secret (by keyed hash). */
    duplicateGroups(): string[][] {
      refresh();
      const byTag = new Map<string, string[]>();
      for (const [id, c] of cache) {
        const group = byTag.get(c.tag);
        if (group === undefined) byTag.set(c.tag, [id]);
        else group.push(id);
      }
      return [...byTag.values()].filter((g) => g.length > 1);
    },

    countBy(platform: PlatformId, status: KeyStatus = 'active'): number {
      refresh();
      return [...cache.values()].filter((c) => c.record.platform === platform && c.record.status === status).length;
    },
  };
}
export type Inventory = ReturnType<typeof createInventory>;
