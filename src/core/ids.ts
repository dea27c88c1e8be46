/**
 * Client-generated entity ids: UUIDv7 (RFC 9562). Time-ordered, so ids sort by creation, and
 * strictly increasing within one JavaScript context even when many are made in one millisecond.
 */

/** Fills `bytes` with random values (crypto.getRandomValues, or a fake in tests). */
export type RandomFill = (bytes: Uint8Array) => void;

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/**
 * Makes an id generator. Within one millisecond (or when the clock steps back) it counts the
 * 74 random bits up by a small random step instead of drawing new ones (RFC 9562 §6.2, method 2).
 */
export function createIdGenerator(
  now: () => number = Date.now,
  fill: RandomFill = (bytes) => crypto.getRandomValues(bytes),
): () => string {
  let lastMs = -1;
  // The bits after the timestamp: rand_a (12), then rand_b as hi (30) and lo (32).
  let a = 0;
  let hi = 0;
  let lo = 0;
  const bytes = new Uint8Array(10);
  const step = new Uint8Array(1);

  return () => {
    const ms = Math.floor(now());
    if (ms > lastMs) {
      fill(bytes);
      const b = (i: number) => bytes[i]!;
      // rand_a's top bit starts clear, leaving room to count up without running out.
      a = ((b(0) << 8) | b(1)) & 0x7ff;
      hi = ((b(2) << 24) | (b(3) << 16) | (b(4) << 8) | b(5)) & 0x3fffffff;
      lo = ((b(6) << 24) | (b(7) << 16) | (b(8) << 8) | b(9)) >>> 0;
      lastMs = ms;
    } else {
      fill(step);
      lo += 1 + step[0]!;
      if (lo > 0xffffffff) {
        lo -= 0x100000000;
        hi++;
        if (hi > 0x3fffffff) {
          hi = 0;
          a++;
          if (a > 0xfff) {
            a = 0;
            lastMs++;
          }
        }
      }
    }
    const time = hex(lastMs, 12);
    const variantAndHi = hex((0x80000000 | hi) >>> 0, 8);
    return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(a, 3)}-${variantAndHi.slice(0, 4)}-${variantAndHi.slice(4)}${hex(lo, 8)}`;
  };
}

/** A new UUIDv7 string, e.g. `0190f3c2-7c1e-7a2b-9c3d-1a2b3c4d5e6f`. */
export const newId: () => string = createIdGenerator();

/** The creation time (Unix ms) a UUIDv7 carries. */
export function idTime(id: string): number {
  return Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}
