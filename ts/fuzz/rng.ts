// Seeded randomness for the fuzzer: mulberry32, and a mix
// that turns (campaign seed, case number) into the case's own seed, so one number replays one case.

/** Uniform numbers in [0, 1) from a u32 seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of case `i` of the campaign seeded `seed` (a u32 hash of both; murmur3's finalizer). */
export function caseSeed(seed: number, i: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(i >>> 0, 0x85ebca6b) ^ Math.floor(i / 4294967296)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Parse a seed as typed by a person: decimal or 0x-hex, 0..2^32-1. Throws RangeError with the reason. */
export function parseSeed(text: string): number {
  const t = text.trim();
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(t))
    throw new RangeError(`seed must be a decimal or 0x-hex integer, got ${JSON.stringify(text)}`);
  const v = Number(t);
  if (!Number.isSafeInteger(v) || v < 0 || v > 0xffffffff)
    throw new RangeError(`seed must be in 0..0xffffffff, got ${t}`);
  return v;
}

export function seedHex(seed: number): string {
  return `0x${(seed >>> 0).toString(16).padStart(8, '0')}`;
}
