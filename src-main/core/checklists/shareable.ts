// SECURITY: the last check before a checklist leaves the vault. The file text must not
// contain any key's secret, instance id or hint, even one a user typed into a note or a
// deployment name by mistake. Refuses the whole file, naming the key, never the value.
import { AppError } from '../errors.js';
import type { Inventory } from '../inventory/inventory.service.js';

/** A hint worth looking for: a tail of at least two characters after the ellipsis. */
const usefulHint = (hint: string) => /….{2,}$/u.test(hint);

export function assertShareable(text: string, inventory: Inventory): void {
  for (const key of inventory.list().keys) {
    const secret = inventory.secretFor(key.id);
    const found =
      (secret.value.length > 0 && text.includes(secret.value)) ||
      // A KAI instance id that is also the key's recorded account is shared on purpose (the account).
      (secret.instanceId !== undefined &&
        secret.instanceId !== key.account &&
        secret.instanceId.length >= 8 &&
        text.includes(secret.instanceId)) ||
      (usefulHint(key.hint) && text.includes(key.hint));
    if (found) {
      throw new AppError(
        'BAD_INPUT',
        `This checklist would contain the secret or the hint of key "${key.name}" (in a title, note or deployment you typed); nothing was written. Remove it and try again.`,
        { subject: key.id },
      );
    }
  }
}
