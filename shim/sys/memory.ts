// Node only: addresses of JS memory for SQE pointers, and pins that keep that memory alive until the kernel is
// done with it (the op's final CQE).
//
// An ArrayBuffer's backing store does not move once it is off the V8 heap. Small typed arrays (<= 64 bytes)
// start on the heap and can move with GC; asking for `.buffer` moves them off the heap for good, so addresses
// are always taken through the ArrayBuffer. Base addresses are cached per ArrayBuffer (a WeakMap lookup, no
// BigInt per call after the first).
import koffi from 'koffi';

/** Memory whose native address {@link addressOf} can take: a Buffer, typed array, DataView or ArrayBuffer. */
export type Memory = ArrayBufferView | ArrayBuffer;

const bases = new WeakMap<ArrayBufferLike, number>();

function base(ab: ArrayBufferLike): number {
  let b = bases.get(ab);
  if (b === undefined) {
    if (ab.byteLength === 0) throw new RangeError('address: the buffer is empty or detached (no memory to point at)');
    b = Number(koffi.address(ab));
    bases.set(ab, b);
  }
  return b;
}

// The %TypedArray% accessors, called directly. On a Buffer, `v.byteLength` / `v.buffer` / `v.byteOffset` are
// generic property loads in optimised code (a LoadIC call, then the getter; `buffer` a C++ builtin): ~80 ns for
// an address and a length per op, against ~30 ns this way, where TurboFan inlines the getters. The tag getter
// never throws: undefined for anything but a typed array (a DataView, say, which takes the property path).
const TYPED = Object.getPrototypeOf(Uint8Array.prototype) as object;
function getter(key: PropertyKey): (this: unknown) => unknown {
  return Object.getOwnPropertyDescriptor(TYPED, key)!.get!;
}
const taTag = getter(Symbol.toStringTag) as (this: unknown) => string | undefined;
const taBuffer = getter('buffer') as (this: unknown) => ArrayBufferLike;
const taOffset = getter('byteOffset') as (this: unknown) => number;
const taLength = getter('byteLength') as (this: unknown) => number;

/** Bytes of a Buffer, typed array or DataView (0 once its buffer is detached). */
export function byteLengthOf(v: ArrayBufferView): number {
  return taTag.call(v) !== undefined ? taLength.call(v) : v.byteLength;
}

function isArrayBuffer(m: unknown): m is ArrayBufferLike {
  return m instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && m instanceof SharedArrayBuffer);
}

/** The address of the first byte of `mem` (its byteOffset included), as a number. */
export function addressOf(mem: Memory): number {
  let ab: ArrayBufferLike, off: number;
  if (taTag.call(mem) !== undefined) {
    ab = taBuffer.call(mem);
    off = taOffset.call(mem);
  } else if (ArrayBuffer.isView(mem)) {
    ab = mem.buffer;
    off = mem.byteOffset;
  } else if (isArrayBuffer(mem)) return base(mem);
  else
    throw new TypeError(
      `address: expected a Buffer, TypedArray, DataView or ArrayBuffer, got ${mem === null ? 'null' : typeof mem}`,
    );
  if (ab.byteLength === 0) throw new RangeError('address: the buffer is detached');
  return base(ab) + off;
}

/** Address of bytes `offset .. offset+length` of `mem`, checked to lie inside it. */
export function addressOfRange(mem: ArrayBufferView | ArrayBuffer, offset: number, length: number): number {
  const size = mem.byteLength;
  if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > size)
    throw new RangeError(`address: range ${offset}+${length} is outside the buffer (${size} bytes)`);
  return addressOf(mem) + offset;
}

/** The same address as a BigInt (for APIs that want one). */
export function addressBigInt(mem: Memory): bigint {
  return BigInt(addressOf(mem));
}

/**
 * Strong references to memory the kernel may still read or write, keyed by the op's id (user_data), released
 * when the op's final CQE arrives. One op may pin several objects (buffer, iovec array, each iovec's buffer).
 */
export class Pins {
  #byId = new Map<number, unknown>();
  #count = 0;

  /** Keep `obj` alive until `release(id)`. */
  pin(id: number, obj: unknown): void {
    const had = this.#byId.get(id);
    if (had === undefined && !this.#byId.has(id)) this.#byId.set(id, obj);
    else if (Array.isArray(had) && (had as { __pins?: true }).__pins) (had as unknown[]).push(obj);
    else {
      const list = [had, obj] as unknown[] & { __pins?: true };
      list.__pins = true;
      this.#byId.set(id, list);
    }
    this.#count++;
  }

  /** Drop the references held for `id`; returns how many objects were released. */
  release(id: number): number {
    const had = this.#byId.get(id);
    if (had === undefined && !this.#byId.has(id)) return 0;
    this.#byId.delete(id);
    const n = Array.isArray(had) && (had as { __pins?: true }).__pins ? had.length : 1;
    this.#count -= n;
    return n;
  }

  /** Does op `id` hold pins? */
  has(id: number): boolean {
    return this.#byId.has(id);
  }

  /** Ops holding pins. */
  get ops(): number {
    return this.#byId.size;
  }

  /** Objects pinned in all. */
  get objects(): number {
    return this.#count;
  }

  /** Drop every pin (the ring is gone, so nothing can still use the memory). */
  clear(): void {
    this.#byId.clear();
    this.#count = 0;
  }
}

/** A single pin with a handle: keeps `obj` reachable until `release()`. */
export class Pin<T> {
  static readonly live = new Set<Pin<unknown>>();
  #obj: T | undefined;

  constructor(obj: T) {
    this.#obj = obj;
    Pin.live.add(this as Pin<unknown>);
  }

  /** The pinned object; throws once released. */
  get value(): T {
    if (this.#obj === undefined) throw new Error('uring: pin already released');
    return this.#obj;
  }

  /** True after release(). */
  get released(): boolean {
    return this.#obj === undefined;
  }

  /** Let the object go (its op completed). */
  release(): void {
    this.#obj = undefined;
    Pin.live.delete(this as Pin<unknown>);
  }
}
