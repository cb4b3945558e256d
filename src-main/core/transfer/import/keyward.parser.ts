// Keyward's own JSON document (core/transfer/inventory-document.ts). Only a document
// with containsSecrets: true can be imported; an inventory export has no secrets and is
// for `keyward inspect`. Every field of the document is kept, so export -> import round-trips.
import { AppError } from '../../errors.js';
import { INVENTORY_FORMAT, InventoryDocumentSchema } from '../inventory-document.js';
import { parseJson } from './bitwarden.parser.js';
import { showableLabel } from './detect-rules.js';
import type { ParseInput, ParseResult } from './import.types.js';

export function parseKeyward({ text, fileName }: ParseInput): ParseResult {
  const json = parseJson(text, fileName);
  const parsed = InventoryDocumentSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path ?? [];
    const where =
      path[0] === 'keys' && typeof path[1] === 'number'
        ? `entry ${path[1] + 1}${path.length > 2 ? `, field ${path.slice(2).join('.')}` : ''}`
        : path.join('.') || 'document';
    const format = (json as { format?: unknown } | null)?.format;
    const what =
      format === INVENTORY_FORMAT ? 'a Keyward document' : `not a Keyward document (format "${INVENTORY_FORMAT}")`;
    throw new AppError('BAD_INPUT', `${fileName}: ${what}: ${where} ${issue?.message ?? 'is invalid'}.`, {
      subject: fileName,
    });
  }
  const doc = parsed.data;
  if (!doc.containsSecrets) {
    throw new AppError(
      'BAD_INPUT',
      `${fileName}: this Keyward inventory export holds no secrets, so it cannot be imported. Use "keyward inspect ${fileName}" to read it, or export again with secrets.`,
      { subject: fileName },
    );
  }
  const result: ParseResult = { candidates: [], issues: [], skipped: [] };
  doc.keys.forEach((k, i) => {
    const ref = `${fileName}: entry ${i + 1} (${showableLabel(k.name, 'name not shown').slice(0, 60)})`;
    if (!k.secret) {
      result.issues.push({ ref, message: 'has no secret' });
      return;
    }
    const { id: _id, secret, name, recordCreatedAt: _c, recordUpdatedAt: _u, lastVerification: _v, ...fields } = k;
    result.candidates.push({
      ref,
      name,
      secret:
        secret.instanceId === undefined
          ? { value: secret.value }
          : { value: secret.value, instanceId: secret.instanceId },
      fields,
      context: [name],
      warnings: [],
    });
  });
  return result;
}
