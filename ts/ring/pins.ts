// Memory the kernel may still read or write, kept alive by the Ring until the op's final CQE. Browser-safe:
// taking an address needs the host (the backend's `addressOf`, Node only), so this file only decides which
// builder arguments are pointers, turns the JS objects given for them into addresses through that function,
// and records what to keep, keyed by user_data.
//
// Decisions:
// - Keyed by user_data, the only thing a CQE carries: an op holding memory needs a user_data no other op in
//   flight uses (another op's CQE would release it early). prep refuses the clash instead of guessing.
// - Released on the CQE without IORING_CQE_F_MORE: a single-shot op's only CQE, a multishot op's last one, a
//   zero-copy send's notification (its first CQE has F_MORE), a cancelled op's -ECANCELED.
// - IOSQE_CQE_SKIP_SUCCESS is refused with memory attached: a success would post no CQE to release it.
// - Provided buffers (mem 'untilClose') stay referenced until the Ring closes: the kernel fills them later,
//   for other ops, so no CQE of theirs says when they are free.
import type { OpSpec, ArgSpec } from '../sqe/spec.ts';
import type { Options } from '../sqe/encode.ts';
import { IOSQE } from '../constants.ts';

/** Takes the native address of JS memory (Node: shim/sys/memory.ts addressOf). */
export type AddressOf = (mem: ArrayBufferView | ArrayBuffer) => number;

/** A pointer argument of a builder and the other forms it takes. */
export interface PtrArg {
  readonly name: string;
  readonly mem: ArgSpec['mem'];
}

/** The pointer arguments (arguments and extra fields of kind ptr) of `spec`. */
export function pointerArgs(spec: OpSpec): PtrArg[] {
  const out: PtrArg[] = [];
  for (const set of [spec.args, spec.extra ?? {}])
    for (const [name, a] of Object.entries(set)) if (a.kind.pointer) out.push({ name, mem: a.mem });
  return out;
}

const TWO32 = 4294967296;
const TWO53 = 9007199254740992;

/** The Map key of a user_data: a number below 2^53, else a bigint (the CQE side computes the same). */
export function udKey(v: unknown): number | bigint | undefined {
  if (v === undefined) return 0;
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
  if (typeof v === 'bigint') return v < 0n ? undefined : v < BigInt(TWO53) ? Number(v) : BigInt.asUintN(64, v);
  return undefined;
}

/** The key of a CQE's user_data from its two halves. */
export function cqeKey(lo: number, hi: number): number | bigint {
  return hi < 0x200000 ? hi * TWO32 + lo : (BigInt(hi) << 32n) | BigInt(lo);
}

function shown(v: number | bigint): string {
  return `0x${v.toString(16)}`;
}

function what(p: PtrArg): string {
  if (p.mem === 'cstring') return 'a string, Buffer, TypedArray or DataView';
  if (p.mem === 'iovecs') return 'an array of Buffers/TypedArrays/DataViews (or a view holding a struct iovec array)';
  return 'a Buffer, TypedArray, DataView or ArrayBuffer';
}

const utf8 = new TextEncoder();

/** What a prep with memory attached resolved: the options with addresses, the objects to keep. */
export interface Resolved {
  opts: Options;
  keep: unknown[];
}

/**
 * Replace the JS objects given for pointer arguments with their addresses. Returns undefined when there is
 * none (and no `keep`): the caller encodes `o` as it is, at no cost. Numbers: 0 (NULL) always passes; any
 * other number is a raw address, refused unless `unsafe`.
 */
export function resolve(
  spec: OpSpec,
  ptrs: readonly PtrArg[],
  o: Options,
  unsafe: boolean,
  addressOf: AddressOf | undefined,
): Resolved | undefined {
  let opts: Options | undefined;
  let keep: unknown[] | undefined;
  for (const p of ptrs) {
    const v = o[p.name];
    if (v === undefined) continue;
    if (typeof v === 'number' || typeof v === 'bigint') {
      if (unsafe || v === 0 || v === 0n) continue;
      throw new TypeError(
        `${spec.name}: ${p.name} is a raw address (${shown(v)}); pass the memory itself (${what(p)}) so the Ring ` +
          `keeps it alive until the op's final CQE, or use ring.unsafePrep.${spec.name}(...) and keep it alive yourself`,
      );
    }
    if (addressOf === undefined)
      throw new TypeError(
        `${spec.name}: ${p.name}: this Ring's backend cannot take addresses of JS memory (no addressOf); pass an address through ring.unsafePrep`,
      );
    keep ??= [];
    opts ??= { ...o };
    opts[p.name] = address(spec, p, v, o, keep, addressOf);
  }
  const extra = o.keep;
  if (extra !== undefined) {
    keep ??= [];
    keep.push(extra);
  }
  if (keep === undefined) return undefined;
  const fl = o.flags;
  if (typeof fl === 'number' && (fl & IOSQE.CQE_SKIP_SUCCESS) !== 0)
    throw new RangeError(
      `${spec.name}: IOSQE_CQE_SKIP_SUCCESS with memory attached: a success would post no CQE, so the Ring could never release it`,
    );
  return { opts: opts ?? o, keep };
}

function address(spec: OpSpec, p: PtrArg, v: unknown, o: Options, keep: unknown[], addressOf: AddressOf): number {
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) {
    keep.push(v);
    return addressOf(v);
  }
  if (p.mem === 'cstring' && typeof v === 'string') {
    if (v.includes('\0')) throw new RangeError(`${spec.name}: ${p.name} contains a NUL character`);
    const b = new Uint8Array(v.length * 3 + 1); // UTF-8 of at most 3 bytes per UTF-16 unit, then the NUL
    const n = utf8.encodeInto(v, b).written;
    const z = b.subarray(0, n + 1);
    keep.push(z);
    return addressOf(z);
  }
  if (p.mem === 'iovecs' && Array.isArray(v)) return iovecs(spec, p, v, o, keep, addressOf);
  const got = v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
  throw new TypeError(`${spec.name}: ${p.name} must be ${what(p)}, or 0 for none; got ${got}`);
}

/** A struct iovec array (16 bytes each: base, length) for `views`, kept alive with them. */
function iovecs(spec: OpSpec, p: PtrArg, views: unknown[], o: Options, keep: unknown[], addressOf: AddressOf): number {
  const n = views.length;
  const nr = o.nrVecs;
  if (typeof nr === 'number' && nr > n)
    throw new RangeError(`${spec.name}: nrVecs (${nr}) is more than the ${n} buffers given in ${p.name}`);
  if (n === 0) return 0;
  const iov = new Uint8Array(n * 16);
  const dv = new DataView(iov.buffer);
  for (let i = 0; i < n; i++) {
    const b = views[i];
    if (!ArrayBuffer.isView(b))
      throw new TypeError(`${spec.name}: ${p.name}[${i}] must be a Buffer, TypedArray or DataView`);
    const a = b.byteLength === 0 ? 0 : addressOf(b);
    dv.setUint32(16 * i, a >>> 0, true);
    dv.setUint32(16 * i + 4, Math.floor(a / TWO32), true);
    dv.setUint32(16 * i + 8, b.byteLength, true);
    keep.push(b);
  }
  keep.push(iov);
  return addressOf(iov);
}
