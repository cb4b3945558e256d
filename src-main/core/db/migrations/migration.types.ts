// One migration per file, keyed on PRAGMA user_version, in steps of 10.
import type { Db } from '../connection.js';

/** What a migration may need beyond SQL: steps that need the vault key, given by an unlocked vault. */
export type MigrationContext = {
  rewriteManifest?: () => void;
  /** Re-seals every sealed blob under the same vault key in the current padding, then rewrites the manifest. */
  resealBlobs?: () => void;
  /** Moves every checklist template to its keyed row id (re-sealed under the same key), then rewrites the manifest. */
  reidTemplates?: () => void;
  /** Fills the blind index (keys.name_tag, keys.secret_tag) of every key row from its sealed meta. */
  fillBlindIndex?: () => void;
};

export type Migration = {
  version: number;
  name: string;
  up: (db: Db, ctx: MigrationContext) => void;
  /** It re-writes sealed rows and leaves the schema as it is (tested with its own file). */
  dataOnly?: true;
  /**
   * For a migration numbered below one that shipped before it: whether a file already past its
   * version still lacks it. Such a file gets the step, and keeps its higher user_version.
   */
  missing?: (db: Db) => boolean;
};
