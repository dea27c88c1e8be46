import { describe, expect, it } from 'vitest';
import { normalizeEmail } from './email';

describe('normalizeEmail', () => {
  it('lowercases plain addresses', () => {
    expect(normalizeEmail('Ada.Lovelace+ops@Example.COM')).toBe('ada.lovelace+ops@example.com');
    expect(normalizeEmail('admin@localhost')).toBe('admin@localhost');
  });

  it('gives compatibility forms the one form they stand for', () => {
    // Fullwidth letters and the Kelvin sign (U+212A, which lowercases to ASCII "k").
    expect(normalizeEmail('ａｄａ@ｄｅｍｏ.example')).toBe('ada@demo.example');
    expect(normalizeEmail('\u212Aate@example.com')).toBe('kate@example.com');
    expect(normalizeEmail('ﬁona@example.com')).toBe('fiona@example.com');
  });

  it('refuses what is not a plain address once normalised', () => {
    for (const raw of [
      'no-at-sign',
      'two@@example.com',
      'space in@example.com',
      'trailing@example.com ',
      'josé@example.com',
      'ada@exam\u0430ple.com', // Cyrillic a
      'ada@example.com\u0000',
      '.dot@example.com',
      'dot.@example.com',
      'a@-host.example',
      `${'a'.repeat(250)}@example.com`,
    ])
      expect(normalizeEmail(raw), raw).toBeNull();
  });
});
