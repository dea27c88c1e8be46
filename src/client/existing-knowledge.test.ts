import { describe, expect, it } from 'vitest';
import type { Question } from '../core/types';
import { contentWords, suggestExisting } from './existing-knowledge';
import { createLocalSearch } from './search';
import { samplePractice } from './testing/fake-store';

const question = (id: string, title: string, status: Question['status']): Question => ({
  id,
  community: 'ops',
  title,
  body: '',
  tags: [],
  context: null,
  status,
  acceptedAnswerId: null,
  routedTo: [],
  author: 'u1',
  authorName: 'Ada',
  answerCount: status === 'answered' ? 1 : 0,
  version: 1,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});

const search = createLocalSearch([
  samplePractice({ id: 'drain', title: 'Drain a Kubernetes node safely', community: 'ops' }),
  samplePractice({ id: 'rotate', title: 'Rotating signing keys', community: 'ops' }),
  samplePractice({ id: 'elsewhere', title: 'Kubernetes node labels', community: 'design' }),
]);
const questions = [
  question('q-answered', 'How do we drain a kubernetes node?', 'answered'),
  question('q-open', 'How do we drain a kubernetes node before patching?', 'open'),
];

describe('what may already answer a question, from the cache', () => {
  it('keeps the words that name the subject', () => {
    expect(contentWords('How do I drain a Kubernetes node?')).toEqual([
      'drain',
      'kubernetes',
      'node',
    ]);
  });

  it('finds practices and answered questions while the question is typed, in its community', () => {
    const found = suggestExisting(search, questions, 'How do I drain a kubernetes no', {
      community: 'ops',
    });
    expect(found.map((f) => `${f.kind}:${f.id}`)).toEqual([
      'practice:drain',
      'question:q-answered',
    ]);
  });

  it('falls back to the two longest words when no practice has them all', () => {
    const found = suggestExisting(search, [], 'how do we drain kubernetes pods ', {
      community: 'ops',
    });
    expect(found.map((f) => f.id)).toEqual(['drain']);
  });

  it('offers nothing for a question made only of question words', () => {
    expect(suggestExisting(search, questions, 'How do we do this? ')).toEqual([]);
  });
});
