// SECURITY: the allow-list of columns that may hold plaintext. Every other column
// must be an encrypted blob. A schema test walks every table against this list,
// so a new column fails the tests until it is classified here.
export const PLAINTEXT_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  vault_header: [
    'singleton',
    'format_version',
    'vault_id',
    'kdf_alg',
    'kdf_ops',
    'kdf_mem',
    'kdf_salt',
    'kdf_version',
    'kek_check',
    'header_hash',
    'created_at',
    'updated_at',
  ],
  keys: ['id', 'created_at', 'updated_at', 'revision'],
  settings: ['name', 'updated_at'],
  rotations: ['id', 'key_id', 'kind', 'phase', 'created_at', 'updated_at', 'revision'],
  checklist_templates: ['id', 'created_at', 'updated_at', 'revision'],
  checklist_runs: ['id', 'key_id', 'created_at', 'updated_at', 'revision'],
  manifest: ['singleton', 'updated_at'],
  pending_scrub: ['singleton', 'since'],
};

export const ENCRYPTED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  vault_header: ['wrapped_key'],
  keys: ['meta', 'secret'],
  settings: ['value'],
  rotations: ['data'],
  checklist_templates: ['data'],
  checklist_runs: ['data'],
  manifest: ['data'],
  pending_scrub: [],
};

/**
 * Columns that hold a keyed hash (BLAKE2b under a subkey of the vault key): neither plaintext nor a
 * sealed blob. Without the vault key they cannot be computed or tested against a guess; two copies
 * of the file tell whether a row's name or secret stayed the same (docs/VAULT-FORMAT.md, blind index).
 */
export const KEYED_HASH_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  keys: ['name_tag', 'secret_tag'],
};
