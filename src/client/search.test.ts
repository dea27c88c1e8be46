import { describe, expect, it } from 'vitest';
import { createLocalSearch, markMatches, parseQuery, plainLowercase } from './search';
import { samplePractice } from './testing/fake-store';

const practices = [
  samplePractice({
    id: 'body-hit',
    title: 'Weekly team rhythm',
    body: 'We hold a blameless postmortem after every incident.',
  }),
  samplePractice({
    id: 'title-hit',
    title: 'Postmortem template',
    body: 'Copy the document and fill in the timeline.',
  }),
  samplePractice({
    id: 'tag-hit',
    title: 'Writing things down',
    body: 'Short notes help.',
    tags: ['postmortem'],
  }),
  samplePractice({
    id: 'accents',
    title: 'Café crème onboarding',
    body: 'Bienvenue à l’équipe: première semaine.',
    community: 'paris',
  }),
  samplePractice({ id: 'archived', title: 'Postmortem (old)', status: 'archived' }),
];

describe('local search', () => {
  it('ranks a title match above a tag match above a body match', () => {
    const search = createLocalSearch(practices);
    expect(search.query('postmortem ').map((h) => h.id)).toEqual([
      'title-hit',
      'tag-hit',
      'body-hit',
    ]);
  });

  it('matches the word being typed as a prefix, on every keystroke', () => {
    const search = createLocalSearch(practices);
    const typed = 'postmortem template';
    for (let i = 1; i <= typed.length; i++) {
      const prefix = typed.slice(0, i);
      const ids = search.query(prefix).map((h) => h.id);
      if (prefix.trim().length > 0 && 'postmortem'.startsWith(prefix))
        expect(ids).toContain('title-hit');
    }
    expect(search.query('postmortem temp').map((h) => h.id)).toEqual(['title-hit']);
    // A finished word (followed by a space) must match exactly, not as a prefix.
    expect(search.query('post ')).toEqual([]);
    expect(search.query('post').length).toBe(3);
  });

  it('ignores case and diacritics in both the query and the practices', () => {
    const search = createLocalSearch(practices);
    expect(search.query('CAFE creme').map((h) => h.id)).toEqual(['accents']);
    expect(search.query('equipe').map((h) => h.id)).toEqual(['accents']);
    expect(search.query('prémière').map((h) => h.id)).toEqual(['accents']);
    expect(plainLowercase('Ørsted Straße')).toBe('orsted strasse');
  });

  it('follows changes as they arrive: new, edited and deleted practices', () => {
    const search = createLocalSearch(practices);
    search.update([
      {
        entity: 'practice',
        id: 'new',
        row: samplePractice({ id: 'new', title: 'Kanban for support' }),
      },
      {
        entity: 'practice',
        id: 'title-hit',
        row: samplePractice({ id: 'title-hit', title: 'Retrospective template' }),
      },
      { entity: 'practice', id: 'body-hit' },
      { entity: 'question', id: 'q', row: undefined },
    ]);
    expect(search.query('kanban').map((h) => h.id)).toEqual(['new']);
    expect(search.query('postmortem ').map((h) => h.id)).toEqual(['tag-hit']);
    expect(search.query('retro').map((h) => h.id)).toEqual(['title-hit']);
    expect(search.size).toBe(5);
  });

  it('leaves out archived practices unless asked, and filters by community', () => {
    const search = createLocalSearch(practices);
    expect(search.query('postmortem').map((h) => h.id)).not.toContain('archived');
    expect(search.query('postmortem', { status: ['archived'] }).map((h) => h.id)).toEqual([
      'archived',
    ]);
    expect(search.query('onboarding', { community: 'support' })).toEqual([]);
    expect(search.query('onboarding', { community: ['paris'] })).toHaveLength(1);
  });

  it('highlights matches in escaped HTML, with a snippet around the first body match', () => {
    const search = createLocalSearch([
      samplePractice({
        id: 'x',
        title: '<b>Incident</b> review',
        body: `${'filler '.repeat(60)}then the incident commander <script> writes it up ${'tail '.repeat(60)}`,
      }),
    ]);
    const [hit] = search.query('incid');
    expect(hit?.highlight.title).toBe('&lt;b&gt;<mark>Incident</mark>&lt;/b&gt; review');
    expect(hit?.highlight.snippet).toContain('<mark>incident</mark> commander &lt;script&gt;');
    expect(hit?.highlight.snippet.startsWith('… ')).toBe(true);
    expect(hit?.highlight.snippet.length).toBeLessThan(260);
  });

  it('parses the query into terms, the last one still being typed', () => {
    expect(parseQuery('Incident Rev')).toEqual([
      { term: 'incident', prefix: false },
      { term: 'rev', prefix: true },
    ]);
    expect(markMatches('Revue, review', parseQuery('rev'))).toBe(
      '<mark>Revue</mark>, <mark>review</mark>',
    );
  });
});
