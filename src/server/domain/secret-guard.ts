/**
 * The store's second line against leaked credentials: whatever client wrote a question, answer or
 * practice, text carrying an obvious private key or token is refused with a sentence saying what to remove.
 */
import { isObviousSecret, scanSecrets } from '../../core/secrets';
import { badRequest } from './errors';

/**
 * Throws `secret_detected` for the first field whose text carries an obvious secret.
 * @param what the thing being written, as a person names it ("question", "practice").
 * @param fields the texts to check, by the name a person sees them under ("title", "details").
 */
export function refuseSecrets(what: string, fields: Record<string, string | null | undefined>) {
  for (const [field, text] of Object.entries(fields)) {
    const found = text ? scanSecrets(text).find(isObviousSecret) : undefined;
    if (!found) continue;
    throw badRequest(
      'secret_detected',
      `The ${what}'s ${field} carries a ${found.label} (${found.preview}). Remove it, or replace it with a placeholder, and send again.`,
      { field, label: found.label },
    );
  }
}
