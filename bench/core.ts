/**
 * Text work that runs in people's pages and forms: anchoring a quote in a 200 KB page, scanning hostile text
 * for secrets, comparing a draft with 3,000 practices, matching prompt rules on a large page, and a prompt pattern
 * built to backtrack. The unit tests
 * check what these answer; this prints how long they take.
 */
import { findQuoteInText, foldText } from '../src/core/anchoring';
import { compilePromptRules, globMatch, matchPrompts } from '../src/core/prompts';
import { scanSecrets } from '../src/core/secrets';
import { findSimilar } from '../src/core/similarity';
import {
  EDITED_PAGE_QUOTE,
  hostileText,
  PAGE_QUOTE,
  pageWithQuote,
} from '../src/core/testing/large-texts';
import { timed } from './lib/timed';
import type { Recorder } from './report';

const SECTION = 'text work';

export function benchCore(rec: Recorder, { quick }: { quick: boolean }) {
  const rounds = quick ? 5 : 20;
  const page = pageWithQuote();
  const folded = foldText(page);
  rec.add({
    section: SECTION,
    name: 'anchor an exact quote in a 200 KB page',
    unit: 'ms',
    runs: timed(rounds, () => findQuoteInText(page, { exact: PAGE_QUOTE })),
    goal: { op: '<=', value: 10 },
  });
  rec.add({
    section: SECTION,
    name: 'anchor an edited quote in a 200 KB page',
    unit: 'ms',
    runs: timed(rounds, () => findQuoteInText(folded, { exact: EDITED_PAGE_QUOTE })),
    goal: { op: '<=', value: 50 },
  });

  const hostile = hostileText();
  rec.add({
    section: SECTION,
    name: 'secret scan of 400 KB of hostile text',
    unit: 'ms',
    runs: timed(rounds, () => scanSecrets(hostile)),
    goal: { op: '<=', value: 250 },
  });

  const practices = Array.from({ length: 3000 }, (_, i) => ({
    id: `m${i}`,
    title: `Practice number ${i} about topic ${i % 50}`,
    body: `Some body text for practice ${i}, with details on topic ${i % 50} and more. `.repeat(5),
  }));
  rec.add({
    section: SECTION,
    name: 'similar practices for a draft among 3,000',
    unit: 'ms',
    runs: timed(rounds, () =>
      findSimilar({ title: 'Practice about topic 7', body: 'details on topic 7' }, practices),
    ),
    goal: { op: '<=', value: 100 },
  });
  const rules = compilePromptRules(
    Array.from({ length: 300 }, (_, i) => ({
      id: `r${i}`,
      community: 'support',
      message: 'Ask the support community',
      enabled: true,
      version: 1,
      updatedAt: '2025-01-01T00:00:00.000Z',
      urlPatterns: i % 2 ? [`https://*.acme.test/area${i}/*`, '*/tickets/*'] : [],
      keywords: [`topic${i}`, `two words ${i}`, 'vpn'],
    })),
  );
  const text = Array.from({ length: 20_000 }, (_, i) => `word${i} topic${i % 400}`).join(' ');
  const big = {
    url: 'https://wiki.acme.test/tickets/1',
    text: `${text} two words 7`,
    title: 'Ticket',
  };
  rec.add({
    section: SECTION,
    name: '300 prompt rules matched on a 20,000-word page',
    unit: 'ms',
    runs: timed(rounds, () => matchPrompts(rules, big)),
    goal: { op: '<=', value: 200 },
  });
  rec.add({
    section: SECTION,
    name: 'prompt pattern built to backtrack, on 5,000 characters',
    unit: 'ms',
    runs: timed(rounds, () => globMatch(`${'*a'.repeat(50)}*b`, 'a'.repeat(5000))),
    goal: { op: '<=', value: 50 },
  });
}
