// Node only: what every registration helper shares: which ring a call is about, the struct layouts (from the
// core's table, core-c/layout.c), native scratch memory for the structs the kernel reads during the call, and
// the per-ring references that keep registered memory alive.
import type { RingBackend } from '../../ts/ring/backend.ts';
import { alloc, free } from '../sys/libc.ts';
import { ioUringRegister } from './call.ts';
import type { Memory } from '../sys/memory.ts';

/** A ring to register with: a `Ring` (anything with a `backend`), a `RingBackend`, or a ring fd. */
export type RingTarget = { readonly backend: RingBackend; readonly closed?: boolean } | RingBackend | number;

export interface Resolved {
  fd: number;
  backend: RingBackend | undefined;
  /** What the per-ring state is keyed by. */
  key: object | number;
}

function closed(what: string): Error {
  const e = new Error(`${what}: the ring is closed`) as Error & { code: string };
  e.code = 'ERR_URING_CLOSED';
  return e;
}

/** The ring fd (and backend) of `t`; TypeError for anything else, an ERR_URING_CLOSED error for a closed ring
 *  (its fd number may already belong to another file). */
export function resolve(t: RingTarget, what: string): Resolved {
  if (typeof t === 'number') {
    if (!Number.isInteger(t) || t < 0 || t > 0x7fffffff)
      throw new RangeError(`${what}: ring fd must be a non-negative integer, got ${t}`);
    return { fd: t, backend: undefined, key: t };
  }
  if (t !== null && typeof t === 'object') {
    const outer = t as { backend?: RingBackend; closed?: boolean };
    const b = (outer.backend && typeof outer.backend === 'object' ? outer.backend : t) as RingBackend;
    if (typeof b.fd === 'number' && typeof b.enter === 'function') {
      if (outer.closed === true || b.closed) throw closed(what);
      return { fd: b.fd, backend: b, key: b };
    }
  }
  throw new TypeError(
    `${what}: ring must be a Ring, a RingBackend or a ring fd, got ${t === null ? 'null' : typeof t}`,
  );
}

export { struct, off } from './layout.ts';

// ---- native scratch structs ----

/** Zeroed native memory of `size` bytes for the length of `fn` (structs the kernel copies during the call). */
export function withNative<T>(size: number, fn: (dv: DataView, addr: number) => T): T {
  const m = alloc(Math.max(size, 8));
  try {
    return fn(new DataView(m.buffer, 0, Math.max(size, 8)), m.addr);
  } finally {
    free(m.addr);
  }
}

export function setU64(dv: DataView, at: number, v: number | bigint): void {
  dv.setBigUint64(at, BigInt.asUintN(64, BigInt(v)), true);
}

/** io_uring_register on the resolved ring; UringError(syscall 'io_uring_register') on failure. */
export function reg(r: Resolved, opcode: number, arg: number | null, nr: number): number {
  return ioUringRegister(r.fd, opcode, arg, nr);
}

// ---- argument checks ----

export function intIn(what: string, name: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new TypeError(`${what}: ${name} must be an integer, got ${typeof v === 'number' ? v : typeof v}`);
  if (v < min || v > max) throw new RangeError(`${what}: ${name} must be in ${min}..${max}, got ${v}`);
  return v;
}

export function u64Of(what: string, name: string, v: unknown): bigint {
  if (typeof v === 'bigint') {
    if (v < 0n || v > 0xffffffffffffffffn) throw new RangeError(`${what}: ${name} must be a u64, got ${v}`);
    return v;
  }
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new TypeError(`${what}: ${name} must be an integer or bigint, got ${typeof v === 'number' ? v : typeof v}`);
  if (v < 0 || v > Number.MAX_SAFE_INTEGER)
    throw new RangeError(`${what}: ${name} must be in 0..2^53-1 (or a bigint), got ${v}`);
  return BigInt(v);
}

export function isMemory(v: unknown): v is Memory {
  return (
    ArrayBuffer.isView(v) ||
    v instanceof ArrayBuffer ||
    (typeof SharedArrayBuffer !== 'undefined' && v instanceof SharedArrayBuffer)
  );
}

// ---- per-ring references ----

/** What a ring's registrations keep alive. Dropped with the backend (the ring closing releases the kernel's
 *  side), or entry by entry on unregister. */
export class RingState {
  /** Registered buffers by index (null: empty slot). */
  buffers: (Memory | null)[] = [];
  /** Buffers replaced by an update: in-flight fixed ops may still use them, so they live until unregister. */
  retired: Memory[] = [];
  /** Provided-buffer rings by group id. */
  bufRings = new Map<number, unknown>();
}

const byObject = new WeakMap<object, RingState>();
const byFd = new Map<number, RingState>();

export function state(r: Resolved): RingState {
  if (typeof r.key === 'number') {
    let s = byFd.get(r.key);
    if (!s) {
      s = new RingState();
      byFd.set(r.key, s);
    }
    return s;
  }
  let s = byObject.get(r.key);
  if (!s) {
    s = new RingState();
    byObject.set(r.key, s);
  }
  return s;
}
