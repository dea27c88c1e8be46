import { describe, expect, it } from 'vitest';
import { CreatePracticeArgs } from './schemas';

describe('practice validation', () => {
  it('keeps script text as plain text and strips control characters', () => {
    const parsed = CreatePracticeArgs.parse({
      id: '0190f3c2-7c1e-7a2b-9c3d-1a2b3c4d5e6f',
      community: 'support',
      title: ' <script>alert(1)</script>\u0000 ',
      tags: ['On Call', 'on-call'],
    });
    expect(parsed.title).toBe('<script>alert(1)</script>');
    expect(parsed.tags).toEqual(['on-call']);
    expect(parsed.kind).toBe('method');
  });

  it('refuses a javascript: source URL with a useful message', () => {
    const r = CreatePracticeArgs.safeParse({
      id: '0190f3c2-7c1e-7a2b-9c3d-1a2b3c4d5e6f',
      community: 'support',
      title: 'x',
      source: { url: 'javascript:alert(1)' },
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('must be an http or https URL');
  });
});

describe('text hygiene', () => {
  const id = '0190f3c2-7c1e-7a2b-9c3d-1a2b3c4d5e6f';
  it('turns a lone surrogate into a replacement character, keeping real emoji', () => {
    const parsed = CreatePracticeArgs.parse({ id, community: 'support', title: 'a\ud800b 🎉' });
    expect(parsed.title).toBe('a\ufffdb 🎉');
  });

  it('refuses control characters in a source URL', () => {
    const r = CreatePracticeArgs.safeParse({
      id,
      community: 'support',
      title: 'x',
      source: { url: 'https://a.example/\u0000' },
    });
    expect(r.success).toBe(false);
  });
});
