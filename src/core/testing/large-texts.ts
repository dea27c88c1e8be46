/**
 * The large texts that the anchoring and secret-scanning tests check answers on, and that
 * `npm run bench -- --only=core,anchoring` times: the same inputs, so the figures speak of what the tests prove.
 */

/** The quote `PAGE_WITH_QUOTE` holds, about 120 KB in. */
export const PAGE_QUOTE = 'the incident commander owns the timeline and the status page';

/** PAGE_QUOTE with three small edits, as a page changed since the quote was taken. */
export const EDITED_PAGE_QUOTE = 'the incident comander owns the time line and a status page';

/** A page text of about 200 KB with PAGE_QUOTE in it once. */
export function pageWithQuote(): string {
  const filler = Array.from(
    { length: 4400 },
    (_, i) => `Paragraph ${i} talks about topic ${i % 97} at length. `,
  ).join('');
  return `${filler.slice(0, 120_000)} ${PAGE_QUOTE} ${filler.slice(120_000, 200_000)}`;
}

/** 400 KB built to make a secret scan backtrack, ending with private key markers it must still find. */
export function hostileText(): string {
  return [
    'a'.repeat(100_000),
    '1 '.repeat(50_000),
    `${'x.'.repeat(30_000)}@`,
    'password'.repeat(10_000),
    '-----BEGIN PRIVATE KEY-----'.repeat(500),
  ].join('\n');
}
