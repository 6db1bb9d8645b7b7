// Argument kinds of the op builders: how a JS value is checked and split into the u32 halves the core
// takes. Every check throws TypeError (wrong type) or RangeError (out of range) naming op and argument.

/** A 64-bit value: a number (safe integer) or a bigint. */
export type U64Like = number | bigint;

/** An argument kind: what values it accepts, how many u32 words it travels in, and how to sample it. */
export interface Kind {
  /** Short description used in errors and the explorer, e.g. "integer in 0..4294967295". */
  readonly what: string;
  /** 1 for values that travel as one i32/u32 parameter, 2 for 64-bit values (lo, hi). */
  readonly words: 1 | 2;
  /** Negative values are valid: the decoder reads the field back as signed. */
  readonly signed?: boolean;
  /** How the decoder, the CLI and the page write it: 16 for addresses (always 0x…), 8 for file modes (0o…);
   *  unset: decimal, hex past 0xffff. */
  readonly radix?: 8 | 16;
  /** Checks `v` and returns the value to encode (a 2-word kind keeps a safe-integer number as is). */
  check(op: string, arg: string, v: unknown): number | bigint;
  /** A random valid value (fuzzers); `r` returns uniform numbers in [0, 1). */
  sample(r: () => number): number | bigint;
  /** An address of user memory: the Ring's safe `prep` takes the JS object instead (ts/ring/pins.ts). */
  readonly pointer?: true;
  /** The set of valid values, for property-based tests that build their own generators (and shrink
   *  towards 0). Kinds without it are generated from `sample`. */
  readonly domain?: Domain;
}

/** Valid values of a kind: integers in [lo, hi]; subsets of a flag mask; any u64 (and -1 when allowed). */
export type Domain =
  | { readonly type: 'int'; readonly lo: number; readonly hi: number }
  | { readonly type: 'flags'; readonly mask: number }
  | { readonly type: 'u64'; readonly minusOne: boolean };

/** Random integer in [lo, hi], biased towards the edges where encodings break. */
function pick(r: () => number, lo: number, hi: number): number {
  const x = r();
  if (x < 0.1) return lo;
  if (x < 0.2) return hi;
  return lo + Math.floor(r() * (hi - lo + 1));
}

const TWO32 = 4294967296;
const U64_MAX = (1n << 64n) - 1n;

function fail(op: string, arg: string, what: string, v: unknown, type = false): never {
  const shown = typeof v === 'bigint' ? `${v}n` : typeof v === 'string' ? JSON.stringify(v) : String(v);
  const msg = `${op}: ${arg} must be ${what}, got ${shown}`;
  throw type ? new TypeError(msg) : new RangeError(msg);
}

function intKind(what: string, lo: number, hi: number): Kind {
  return {
    what: `an integer in ${lo}..${hi}`,
    words: 1,
    signed: lo < 0,
    check(op, arg, v) {
      if (typeof v !== 'number') fail(op, arg, `a number (${what})`, v, true);
      if (!Number.isInteger(v) || v < lo || v > hi) fail(op, arg, `an integer in ${lo}..${hi}`, v);
      return v;
    },
    sample: (r) => pick(r, lo, hi),
    domain: { type: 'int', lo, hi },
  };
}

export const u8 = intKind('u8', 0, 0xff);
export const u16 = intKind('u16', 0, 0xffff);
export const u32 = intKind('u32', 0, 0xffffffff);
export const i32 = intKind('i32', -0x80000000, 0x7fffffff);
/** A file descriptor or fixed-file index: any i32 (the kernel answers EBADF for a bad one). */
export const fd = intKind('fd', -0x80000000, 0x7fffffff);

/** Flags in a u32 field: unknown bits are refused, since the kernel answers EINVAL for them. `radix` 8 for
 *  permission bits, which people write (and read back) in octal. */
export function flags(name: string, mask: number, radix?: 8): Kind {
  const m = mask >>> 0;
  return {
    what: `${name} flags (bits ${radix === 8 ? `0o${m.toString(8)}` : `0x${m.toString(16)}`})`,
    words: 1,
    radix,
    check(op, arg, v) {
      if (typeof v !== 'number') fail(op, arg, `a number of ${name} flags`, v, true);
      if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) fail(op, arg, `a u32 of ${name} flags`, v);
      if ((v & ~m) !== 0)
        fail(
          op,
          arg,
          `a combination of ${name} flags (0x${m.toString(16)}); unknown bits 0x${((v & ~m) >>> 0).toString(16)}`,
          v,
        );
      return v;
    },
    sample: (r) => (pick(r, 0, 0xffffffff) & m) >>> 0,
    domain: { type: 'flags', mask: m },
  };
}

function u64Kind(what: string, allowMinusOne: boolean, radix?: 16): Kind & { readonly words: 2 } {
  return {
    what,
    words: 2,
    radix,
    check(op, arg, v) {
      if (typeof v === 'number') {
        if (allowMinusOne && v === -1) return U64_MAX;
        if (!Number.isSafeInteger(v) || v < 0) fail(op, arg, what, v);
        return v; // stays a number: no BigInt on the hot path
      }
      if (typeof v === 'bigint') {
        if (allowMinusOne && v === -1n) return U64_MAX;
        if (v < 0n || v > U64_MAX) fail(op, arg, what, v);
        return v;
      }
      return fail(op, arg, `a number or bigint (${what})`, v, true);
    },
    sample(r) {
      const x = r();
      if (allowMinusOne && x < 0.05) return -1;
      if (x < 0.5) return pick(r, 0, Number.MAX_SAFE_INTEGER);
      return (BigInt(pick(r, 0, 0xffffffff)) << 32n) | BigInt(pick(r, 0, 0xffffffff));
    },
    domain: { type: 'u64', minusOne: allowMinusOne },
  };
}

/** Any u64 (user data, counts, 64-bit lengths). */
export const u64 = u64Kind('an integer in 0..2^64-1 (number up to 2^53, or bigint)', false);
/** A file offset: u64, where -1 (= 2^64-1) means "the current file position". */
export const offset = u64Kind('a file offset in 0..2^64-1, or -1 for the current position', true);
/** A user-space address, as a number or bigint. */
export const ptr: Kind & { readonly words: 2; readonly pointer: true } = {
  ...u64Kind('an address in 0..2^64-1 (number or bigint)', false, 16),
  pointer: true,
};

/** Split a checked value into the (lo, hi) u32 pair the core takes. Numbers avoid BigInt work. */
export function lo32(v: number | bigint): number {
  return typeof v === 'bigint' ? Number(v & 0xffffffffn) : v >>> 0;
}
export function hi32(v: number | bigint): number {
  return typeof v === 'bigint' ? Number((v >> 32n) & 0xffffffffn) : Math.floor(v / TWO32) >>> 0;
}

/** The value a check returns, as the decoder gives it back: bigint for 64-bit kinds (-1 as 2^64-1). */
export function canonical(kind: Kind, v: number | bigint): number | bigint {
  if (kind.words === 1) return Number(v);
  const b = BigInt(v);
  return b < 0n ? b + (1n << 64n) : b;
}

/** A kind restricted to [lo, hi] (e.g. a direct-descriptor slot, which is stored +1). */
export function range(lo: number, hi: number): Kind {
  return intKind(`${lo}..${hi}`, lo, hi);
}

/** RWF_* flags of preadv2/pwritev2: the kernel's RWF_SUPPORTED (HIPRI, DSYNC, SYNC, NOWAIT, APPEND, NOAPPEND,
 *  ATOMIC, DONTCACHE, NOSIGNAL). */
export const rwFlags = flags('RWF', 0x1ff);

/** The largest direct-descriptor slot: the prep stores slot+1, which must stay below IORING_FILE_INDEX_ALLOC. */
export const SLOT_MAX = 0xfffffffd;
const FILE_INDEX_ALLOC = 0xffffffff;
/** A direct-descriptor slot (stored +1). */
export const slot = range(0, SLOT_MAX);
/** A direct-descriptor slot (stored +1), or IORING_FILE_INDEX_ALLOC (stored as is: the kernel picks a free one). */
export const slotOrAlloc: Kind = {
  what: `a slot in 0..${SLOT_MAX}, or FILE_INDEX_ALLOC (${FILE_INDEX_ALLOC})`,
  words: 1,
  check(op, arg, v) {
    if (v === FILE_INDEX_ALLOC) return v;
    return slot.check(op, arg, v);
  },
  sample: (r) => (r() < 0.15 ? FILE_INDEX_ALLOC : (slot.sample(r) as number)),
};
