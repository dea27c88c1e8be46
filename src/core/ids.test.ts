import { describe, expect, it } from 'vitest';
import { createIdGenerator, idTime, newId } from './ids';
import { EntityId } from './schemas';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newId', () => {
  it('returns a UUIDv7 carrying the current time, accepted as an entity id', () => {
    const before = Date.now();
    const id = newId();
    const after = Date.now();
    expect(id).toMatch(UUID_V7);
    expect(idTime(id)).toBeGreaterThanOrEqual(before);
    expect(idTime(id)).toBeLessThanOrEqual(after);
    expect(EntityId.safeParse(id).success).toBe(true);
  });

  it('makes ids that are unique and sort in creation order, many per millisecond', () => {
    const ids = Array.from({ length: 20_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.findIndex((id, i) => i > 0 && id <= ids[i - 1]!)).toBe(-1);
    expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
  });
});

describe('createIdGenerator', () => {
  const fixedRandom = (value: number) => (bytes: Uint8Array) => bytes.fill(value);

  it('counts up within one millisecond and keeps the timestamp', () => {
    const next = createIdGenerator(() => 1_700_000_000_000, fixedRandom(0x42));
    const ids = Array.from({ length: 1000 }, next);
    expect(ids.map(idTime).every((t) => t === 1_700_000_000_000)).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(1000);
  });

  it('stays increasing when the clock steps back', () => {
    const times = [5_000, 5_000, 4_000, 4_500, 6_000];
    const next = createIdGenerator(() => times.shift()!, fixedRandom(0x10));
    const ids = Array.from({ length: 5 }, next);
    expect([...ids].sort()).toEqual(ids);
    expect(ids.map(idTime)).toEqual([5_000, 5_000, 5_000, 5_000, 6_000]);
  });

  it('carries into higher bits rather than wrap around', () => {
    // All-ones random bits leave no room in the low 62 bits: the first step carries.
    const next = createIdGenerator(() => 9_000, fixedRandom(0xff));
    const first = next();
    const ids = [first, ...Array.from({ length: 5 }, next)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
  });

  it('draws fresh random bits each new millisecond', () => {
    let t = 0;
    const next = createIdGenerator(() => t++);
    const a = next().slice(15);
    const b = next().slice(15);
    expect(a).not.toBe(b);
  });
});
