// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import './define';

describe('element attributes', () => {
  it('are reflected to properties and back', () => {
    const feed = document.createElement('cop-practices');
    feed.community = 'support-engineering';
    feed.limit = 3;
    feed.tag = 'kubernetes';
    expect(feed.getAttribute('community')).toBe('support-engineering');
    expect(feed.getAttribute('limit')).toBe('3');
    expect(feed.tag).toBe('kubernetes');
    feed.tag = null;
    expect(feed.hasAttribute('tag')).toBe(false);
  });

  it('keep `kind` to the practice kinds and `limit` to what the store allows', () => {
    const feed = document.createElement('cop-practices');
    feed.setAttribute('kind', 'lesson');
    expect(feed.kind).toBe('lesson');
    feed.setAttribute('kind', '<script>');
    expect(feed.kind).toBe('');
    feed.setAttribute('limit', '500');
    expect(feed.limit).toBe(50);
    feed.setAttribute('limit', 'many');
    expect(feed.limit).toBe(10);
    expect(document.createElement('cop-experts').limit).toBe(5);
  });

  it('treat an empty token as none', () => {
    const ask = document.createElement('cop-ask');
    ask.setAttribute('token', '  ');
    expect(ask.token).toBeNull();
  });
});
