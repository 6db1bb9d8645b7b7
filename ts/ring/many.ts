// What `ring.prepMany` takes: the ops it encodes in one WASM call (core-c/ring/many.c), the argument columns of
// each, and the errors for bad input, named after the column and the op's row. Browser-safe.
import { flags as flagsKind, rwFlags, u16 } from '../sqe/kinds.ts';
import { IOSQE } from '../constants.ts';

/**
 * The ops {@link Ring.prepMany} encodes and each one's argument columns, in order: `args` holds `count` rows
 * of that many numbers. Addresses (`buf`) are raw native addresses, as with `ring.unsafePrep`.
 */
export const PREP_MANY_COLUMNS = {
  nop: ['userData'],
  read: ['fd', 'buf', 'nbytes', 'offset', 'userData'],
  write: ['fd', 'buf', 'nbytes', 'offset', 'userData'],
  readFixed: ['fd', 'buf', 'nbytes', 'offset', 'bufIndex', 'userData'],
  writeFixed: ['fd', 'buf', 'nbytes', 'offset', 'bufIndex', 'userData'],
  send: ['sockfd', 'buf', 'len', 'msgFlags', 'userData'],
  recv: ['sockfd', 'buf', 'len', 'msgFlags', 'userData'],
} as const;

/** An op {@link Ring.prepMany} encodes. */
export type PrepManyOp = keyof typeof PREP_MANY_COLUMNS;

/** Options of {@link Ring.prepMany}, the same for every SQE of the call. */
export interface PrepManyOptions {
  /** IOSQE_* flags of every SQE (IOSQE_IO_LINK links each to the next, the last one included). */
  flags?: number;
  /** Registered credentials (IORING_REGISTER_PERSONALITY id). */
  personality?: number;
  /** RWF_* of the read / write family (read, write, readFixed, writeFixed). */
  rwFlags?: number;
}

/** The core's number of each op (core-c/ring/many.c URING_MANY_*). */
export const MANY_CODE: Readonly<Record<PrepManyOp, number>> = {
  nop: 0,
  read: 1,
  write: 2,
  readFixed: 3,
  writeFixed: 4,
  send: 5,
  recv: 6,
};

const RW = new Set<string>(['read', 'write', 'readFixed', 'writeFixed']);
const iosqe = flagsKind('IOSQE', IOSQE.ALL);

/** What each column must hold (the core's checks, in words). */
const WHAT: Record<string, string> = {
  fd: 'an integer in -2147483648..2147483647',
  sockfd: 'an integer in -2147483648..2147483647',
  buf: 'an integer address in 0..2^53-1',
  nbytes: 'an integer in 0..4294967295',
  len: 'an integer in 0..4294967295',
  msgFlags: 'an integer in 0..4294967295',
  offset: 'an integer in 0..2^53-1, or -1 for the file position',
  bufIndex: 'an integer in 0..65535',
  userData: 'an integer in 0..2^53-1',
};

/** The checked per-call options as the core takes them: [flags, personality, rwFlags]. */
export function manyOptions(op: PrepManyOp, opts: PrepManyOptions | undefined, out: Int32Array): void {
  out[0] = out[1] = out[2] = 0;
  if (opts === undefined) return;
  const what = `prepMany(${op})`;
  if (opts === null || typeof opts !== 'object')
    throw new TypeError(`${what}: options must be an object, got ${opts === null ? 'null' : typeof opts}`);
  if (opts.flags !== undefined) out[0] = iosqe.check(what, 'flags', opts.flags) as number;
  if (opts.personality !== undefined) out[1] = u16.check(what, 'personality', opts.personality) as number;
  if (opts.rwFlags !== undefined) {
    if (!RW.has(op)) throw new TypeError(`${what}: rwFlags is for read, write, readFixed and writeFixed only`);
    out[2] = rwFlags.check(what, 'rwFlags', opts.rwFlags) as number;
  }
}

/** The op's columns; a RangeError for an op prepMany does not encode. */
export function manyColumns(op: unknown): readonly string[] {
  const cols = typeof op === 'string' ? PREP_MANY_COLUMNS[op as PrepManyOp] : undefined;
  if (cols === undefined || !Object.hasOwn(PREP_MANY_COLUMNS, op as string))
    throw new RangeError(
      `prepMany: op must be one of ${Object.keys(PREP_MANY_COLUMNS).join(', ')}; got ${typeof op === 'string' ? JSON.stringify(op) : String(op)}`,
    );
  return cols;
}

/** The core refused args[k] (returned -(3 + k)): say which op's which column, and what it must be. */
export function badValue(op: PrepManyOp, cols: readonly string[], args: Float64Array, k: number): RangeError {
  const col = cols[k % cols.length]!;
  return new RangeError(
    `prepMany(${op}): args[${k}] (${col} of op ${Math.floor(k / cols.length)}) must be ${WHAT[col]}, got ${args[k]}`,
  );
}
