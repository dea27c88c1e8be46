import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from './webhook-delivery';
import { signWebhook, verifyWebhookSignature, webhookBody, webhookText } from './webhooks';

const payload = (data: Record<string, unknown>) => ({
  community: { slug: 'platform', name: 'Platform' },
  data,
});

describe('webhook messages', () => {
  it('say what happened in one sentence Slack and Teams show as text', () => {
    expect(
      webhookText('question.created', payload({ question: { title: 'Why?', authorName: 'Milo' } })),
    ).toBe('New question in Platform: “Why?”, asked by Milo.');
    expect(
      webhookText(
        'question.routed',
        payload({ question: { title: 'Why?' }, routedTo: [{ name: 'Eva' }, { name: 'Finn' }] }),
      ),
    ).toBe('Question routed to Eva, Finn in Platform: “Why?”.');
    expect(
      webhookText(
        'practice.featured',
        payload({ practice: { title: 'Drain', authorName: 'Eva' } }),
      ),
    ).toBe('Featured practice in Platform: “Drain” by Eva.');
    expect(
      webhookText(
        'practice.due',
        payload({ practice: { title: 'Drain', owner: { id: 'u1', name: 'Eva' } } }),
      ),
    ).toBe('Due for review in Platform: “Drain”; Eva, is it still right?');
    expect(webhookText('ping', payload({}))).toContain('this webhook works');
  });

  it('builds the same bytes on every attempt, with a console link when the store knows its address', () => {
    const delivery = { id: 'd1', event: 'ping', created_at: '2025-03-01T00:00:00.000Z' };
    const a = webhookBody(delivery, payload({}), 'https://cop.example.org/console');
    expect(webhookBody(delivery, payload({}), 'https://cop.example.org/console')).toBe(a);
    const json = JSON.parse(a);
    expect(json.text).toMatch(/\nhttps:\/\/cop\.example\.org\/console#\/c\/platform$/);
    expect(json).toMatchObject({ '@type': 'MessageCard', event: 'ping', id: 'd1' });
  });
});

describe('webhook signatures', () => {
  it('are HMAC-SHA256 of "timestamp.body", checked in constant time', () => {
    const sig = signWebhook('whsec_abc', '1700000000', '{"a":1}');
    expect(sig).toBe(
      `sha256=${createHmac('sha256', 'whsec_abc').update('1700000000.{"a":1}').digest('hex')}`,
    );
    expect(verifyWebhookSignature('whsec_abc', '1700000000', '{"a":1}', sig)).toBe(true);
    expect(verifyWebhookSignature('whsec_abc', '1700000001', '{"a":1}', sig)).toBe(false);
    expect(verifyWebhookSignature('whsec_abc', '1700000000', '{"a":2}', sig)).toBe(false);
    expect(verifyWebhookSignature('whsec_other', '1700000000', '{"a":1}', sig)).toBe(false);
    expect(verifyWebhookSignature('whsec_abc', '1700000000', '{"a":1}', 'sha256=short')).toBe(
      false,
    );
  });
});

it('backs off exponentially and never waits more than an hour', () => {
  expect([1, 2, 3, 4].map((n) => backoffDelay(n, 15_000))).toEqual([
    15_000, 30_000, 60_000, 120_000,
  ]);
  expect(backoffDelay(30, 15_000)).toBe(3_600_000);
});
