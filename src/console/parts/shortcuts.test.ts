import { describe, expect, it } from 'vitest';
import { queueCommand } from './shortcuts';

const press = (key: string, target: Partial<HTMLElement> = { tagName: 'LI' }, mods = {}) =>
  queueCommand({
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    target: target as EventTarget,
    ...mods,
  });

describe('queue shortcuts', () => {
  it('maps the letters and arrows a coordinator uses', () => {
    expect(press('j')).toBe('next');
    expect(press('ArrowDown')).toBe('next');
    expect(press('k')).toBe('previous');
    expect(press('p')).toBe('publish');
    expect(press('f')).toBe('feature');
    expect(press('a')).toBe('archive');
    expect(press('r')).toBe('reject');
    expect(press('e')).toBe('edit');
    expect(press('m')).toBe('merge');
    expect(press('x')).toBe('select');
    expect(press('?')).toBe('help');
    expect(press('z')).toBeNull();
  });

  it('never takes a letter typed into a field or a browser shortcut', () => {
    for (const tagName of ['INPUT', 'TEXTAREA', 'SELECT'])
      expect(press('p', { tagName })).toBeNull();
    expect(press('p', { tagName: 'DIV', isContentEditable: true })).toBeNull();
    expect(press('p', undefined, { ctrlKey: true })).toBeNull();
    expect(press('a', undefined, { metaKey: true })).toBeNull();
  });
});
