/** Turns what a person types in a Tags field into tags the store accepts (same rules as `Tag`). */
import { LIMITS } from '../core/limits';

const TAG = /^[\p{L}\p{N}][\p{L}\p{N}._+#-]{0,39}$/u;

/** Splits on commas, normalises like the store (lowercase, spaces → dashes), drops invalid and duplicate tags. */
export function parseTags(input: string): string[] {
  const tags: string[] = [];
  for (const raw of input.split(',')) {
    const tag = raw.trim().toLowerCase().replace(/\s+/g, '-');
    if (tag && TAG.test(tag) && !tags.includes(tag)) tags.push(tag);
    if (tags.length >= LIMITS.tags) break;
  }
  return tags;
}
