import { expect, it } from 'vitest';
import { questionTopics } from './routing';

it('looks experts up by the question’s tags, then its distinctive title words', () => {
  expect(
    questionTopics({ title: 'How do we upgrade Kubernetes without downtime?', tags: ['k8s'] }),
  ).toEqual(['k8s', 'upgrade', 'kubernetes', 'downtime']);
  expect(questionTopics({ title: 'Why is it so?', tags: [] })).toEqual([]);
});
