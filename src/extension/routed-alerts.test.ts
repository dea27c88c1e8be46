import { describe, expect, it, vi } from 'vitest';
import type { Answer, Question } from '../core/types';
import { announceRouted, inQuietHours, routedKey, routedToMe } from './routed-alerts';

const question = (over: Partial<Question>): Question => ({
  id: 'q1',
  community: 'c',
  title: 'How do I drain a node?',
  body: '',
  tags: [],
  context: null,
  status: 'open',
  acceptedAnswerId: null,
  routedTo: ['me'],
  author: 'asker',
  authorName: 'Ada',
  answerCount: 0,
  version: 1,
  createdAt: '2026-12-01T10:00:00Z',
  updatedAt: '2026-12-01T10:00:00Z',
  ...over,
});
const answer = (questionId: string, author: string): Answer => ({
  id: `a-${questionId}-${author}`,
  questionId,
  community: 'c',
  body: 'Drain it.',
  author,
  authorName: author,
  accepted: false,
  createdAt: '2026-12-01T11:00:00Z',
});

describe('routed questions', () => {
  it('counts open questions routed to me that I have not answered', () => {
    const qs = [
      question({ id: 'q1' }),
      question({ id: 'q2', routedTo: ['someone'] }),
      question({ id: 'q3', status: 'answered' }),
      question({ id: 'q4' }),
      question({ id: 'q5', author: 'me' }),
    ];
    const mine = routedToMe('me', qs, [answer('q4', 'me'), answer('q1', 'other')]);
    expect(mine.map((q) => q.id)).toEqual(['q1']);
  });

  it('knows quiet hours, across midnight too', () => {
    const at = (h: number, m = 0) => new Date(2026, 11, 4, h, m);
    const night = { from: '22:00', to: '07:00' };
    expect(inQuietHours(night, at(23))).toBe(true);
    expect(inQuietHours(night, at(6, 59))).toBe(true);
    expect(inQuietHours(night, at(7))).toBe(false);
    expect(inQuietHours({ from: '12:00', to: '13:00' }, at(12, 30))).toBe(true);
    expect(inQuietHours({ from: '12:00', to: '13:00' }, at(13, 30))).toBe(false);
    expect(inQuietHours(null, at(23))).toBe(false);
  });

  it('announces each routed question once, and silently when muted or quiet', async () => {
    const notify = vi.fn(async () => {});
    const routed = [question({ id: 'q1' }), question({ id: 'q2' })];
    const noon = new Date(2026, 11, 4, 12);
    const open = { muted: false, quietHours: null };
    const keys = await announceRouted(routed, new Set([routedKey('q2')]), open, noon, notify);
    expect(keys).toEqual([routedKey('q1')]);
    expect(notify).toHaveBeenCalledTimes(1);

    notify.mockClear();
    const muted = await announceRouted(routed, new Set(), { ...open, muted: true }, noon, notify);
    expect(muted).toHaveLength(2);
    expect(notify).not.toHaveBeenCalled();
    const quiet = { muted: false, quietHours: { from: '11:00', to: '13:00' } };
    await announceRouted(routed, new Set(), quiet, noon, notify);
    expect(notify).not.toHaveBeenCalled();
  });
});
