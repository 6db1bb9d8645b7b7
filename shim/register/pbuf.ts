// Node only: provided-buffer rings (IORING_REGISTER_PBUF_RING, Linux 5.19). The ring of io_uring_buf entries
// lives in native memory: page-aligned anonymous memory mapped here, or (IOU_PBUF_RING_MMAP) memory the
// kernel allocates and this process maps from the ring fd. The buffers handed to the kernel are referenced by
// bid until they are replaced or the ring is unregistered.
import { OFF, PBUF_RING, REGISTER } from '../../ts/constants.ts';
import { addressOf, type Memory } from '../sys/memory.ts';
import {
  MAP_ANONYMOUS,
  MAP_POPULATE,
  MAP_PRIVATE,
  MAP_SHARED,
  PROT_READ,
  PROT_WRITE,
  mmap,
  munmap,
  view,
} from '../sys/libc.ts';
import {
  intIn,
  isMemory,
  off,
  reg,
  resolve,
  state,
  struct,
  withNative,
  setU64,
  type Resolved,
  type RingTarget,
} from './common.ts';

const PAGE = 4096;

/** Options of {@link BufferRing.setup}. */
export interface BufferRingOptions {
  /** Ring entries: a power of two, 1..32768. */
  entries: number;
  /** Buffer group id (the SQE's bufGroup), 0..65535. */
  bgid: number;
  /** IOU_PBUF_RING_MMAP: the kernel allocates the ring and it is mapped from the ring fd (Linux 6.4). */
  mmap?: boolean;
  /** IOU_PBUF_RING_INC: incremental consumption; a buffer is used piece by piece and CQEs carry
   *  IORING_CQE_F_BUF_MORE while it has room left (Linux 6.12). */
  incremental?: boolean;
}

function freedError(what: string): Error {
  const e = new Error(`BufferRing.${what}: the buffer ring is unregistered (its memory is unmapped)`) as Error & {
    code: string;
  };
  e.code = 'ERR_URING_CLOSED';
  return e;
}

/**
 * A provided-buffer ring: register with `BufferRing.setup(ring, { entries, bgid })`, hand buffers to the
 * kernel with `add(buf, bid)` + `advance(n)` (or `push`), submit ops with IOSQE_BUFFER_SELECT and
 * `bufGroup: bgid`; a CQE with IORING_CQE_F_BUFFER names the buffer (`batch.bufId[i]`, `buffer(bid)`).
 */
export class BufferRing {
  readonly bgid: number;
  readonly entries: number;
  readonly mask: number;
  readonly incremental: boolean;
  /** True when the kernel allocated the ring (IOU_PBUF_RING_MMAP). */
  readonly kernelAllocated: boolean;
  /** Address of the ring memory (io_uring_buf[entries]). */
  readonly addr: number;
  readonly #r: Resolved;
  readonly #size: number;
  #dv: DataView;
  #tail16: Uint16Array;
  #tail = 0;
  #freed = false;
  readonly #bufs = new Map<number, Memory>();
  /** Per bid, as last added: the entry's address and length (recycle rewrites them without BigInt or checks)
   *  and a view of exactly those bytes (where the kernel put a CQE's data). */
  readonly #addrOf: number[] = [];
  readonly #lenOf: number[] = [];
  readonly #bytesOf: Uint8Array[] = [];
  /** Incremental rings: how far the kernel has filled each buffer since it was last recycled. */
  readonly #usedOf: number[] = [];
  readonly #bufSize: number;
  readonly #oAddr: number;
  readonly #oLen: number;
  readonly #oBid: number;

  /** Register a buffer ring of `entries` entries for group `bgid` on `ring`. */
  static setup(ring: RingTarget, opts: BufferRingOptions): BufferRing {
    return new BufferRing(ring, opts);
  }

  constructor(ring: RingTarget, opts: BufferRingOptions) {
    const what = 'BufferRing.setup';
    const r = resolve(ring, what);
    if (opts === null || typeof opts !== 'object') throw new TypeError(`${what}: options must be an object`);
    const entries = intIn(what, 'entries', opts.entries, 1, 32768);
    if ((entries & (entries - 1)) !== 0)
      throw new RangeError(`${what}: entries must be a power of two, got ${entries}`);
    const bgid = intIn(what, 'bgid', opts.bgid, 0, 0xffff);
    for (const k of ['mmap', 'incremental'] as const)
      if (opts[k] !== undefined && typeof opts[k] !== 'boolean') throw new TypeError(`${what}: ${k} must be a boolean`);
    const kernelAllocated = opts.mmap === true;
    const incremental = opts.incremental === true;
    const S = struct('buf');
    this.#bufSize = S.size;
    this.#oAddr = off('buf', 'addr');
    this.#oLen = off('buf', 'len');
    this.#oBid = off('buf', 'bid');
    const size = entries * S.size;
    const mapSize = Math.ceil(size / PAGE) * PAGE;
    let addr = 0;
    if (!kernelAllocated)
      addr = mmap(0, mapSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    try {
      const R = struct('buf_reg');
      withNative(R.size, (dv, a) => {
        if (!kernelAllocated) setU64(dv, off('buf_reg', 'ring_addr'), addr);
        dv.setUint32(off('buf_reg', 'ring_entries'), entries, true);
        dv.setUint16(off('buf_reg', 'bgid'), bgid, true);
        dv.setUint16(
          off('buf_reg', 'flags'),
          (kernelAllocated ? PBUF_RING.MMAP : 0) | (incremental ? PBUF_RING.INC : 0),
          true,
        );
        reg(r, REGISTER.PBUF_RING, a, 1);
      });
    } catch (e) {
      if (!kernelAllocated) munmap(addr, mapSize);
      throw e;
    }
    if (kernelAllocated) {
      try {
        addr = mmap(
          0,
          mapSize,
          PROT_READ | PROT_WRITE,
          MAP_SHARED | MAP_POPULATE,
          r.fd,
          OFF.PBUF_RING + bgid * 2 ** OFF.PBUF_SHIFT,
        );
      } catch (e) {
        try {
          unregisterPbuf(r, bgid);
        } catch {}
        throw e;
      }
    }
    this.#r = r;
    this.bgid = bgid;
    this.entries = entries;
    this.mask = entries - 1;
    this.incremental = incremental;
    this.kernelAllocated = kernelAllocated;
    this.addr = addr;
    this.#size = mapSize;
    const ab = view(addr, mapSize);
    this.#dv = new DataView(ab, 0, size);
    // The ring tail (u16) overlays bufs[0].resv.
    this.#tail16 = new Uint16Array(ab, off('buf_ring', 'tail'), 1);
    this.#tail = Atomics.load(this.#tail16, 0);
    state(r).bufRings.set(bgid, this);
  }

  /** False once unregistered. */
  get registered(): boolean {
    return !this.#freed;
  }

  /** The tail as last published (advance), u16. */
  get tail(): number {
    if (this.#freed) throw freedError('tail');
    return Atomics.load(this.#tail16, 0);
  }

  /**
   * Write entry `offset` past the local tail: buffer `bid` (0..65535) = `buf` (bytes `start .. start+length`,
   * default all of it). Not visible to the kernel until `advance`. `buf` stays referenced while the ring holds
   * it (until the same bid is added again, or unregister).
   */
  add(buf: Memory, bid: number, offset = 0, start = 0, length?: number): void {
    if (this.#freed) throw freedError('add');
    if (!isMemory(buf))
      throw new TypeError(
        `BufferRing.add: buf must be a Buffer, TypedArray, DataView or ArrayBuffer, got ${buf === null ? 'null' : typeof buf}`,
      );
    intIn('BufferRing.add', 'bid', bid, 0, 0xffff);
    intIn('BufferRing.add', 'offset', offset, 0, this.mask);
    intIn('BufferRing.add', 'start', start, 0, buf.byteLength);
    const len =
      length === undefined
        ? buf.byteLength - start
        : intIn('BufferRing.add', 'length', length, 0, buf.byteLength - start);
    if (len === 0 || len > 0xffffffff)
      throw new RangeError(`BufferRing.add: the buffer must hold 1..4294967295 bytes, got ${len}`);
    const a = addressOf(buf) + start;
    this.#write((this.#tail + offset) & this.mask, a, len, bid);
    this.#bufs.set(bid, buf);
    this.#addrOf[bid] = a;
    this.#lenOf[bid] = len;
    const ab = ArrayBuffer.isView(buf) ? buf.buffer : buf;
    this.#bytesOf[bid] = new Uint8Array(ab, (ArrayBuffer.isView(buf) ? buf.byteOffset : 0) + start, len);
  }

  /** Ring entry `i` = { addr, len, bid } (the address as two u32 halves: no BigInt). */
  #write(i: number, addr: number, len: number, bid: number): void {
    const at = i * this.#bufSize,
      dv = this.#dv;
    dv.setUint32(at + this.#oAddr, addr % 4294967296, true);
    dv.setUint32(at + this.#oAddr + 4, Math.floor(addr / 4294967296), true);
    dv.setUint32(at + this.#oLen, len, true);
    dv.setUint16(at + this.#oBid, bid, true);
  }

  /** Publish `count` added entries to the kernel (release-store of the tail; io_uring_buf_ring_advance). */
  advance(count: number): void {
    if (this.#freed) throw freedError('advance');
    intIn('BufferRing.advance', 'count', count, 0, this.entries);
    this.#tail = (this.#tail + count) & 0xffff;
    Atomics.store(this.#tail16, 0, this.#tail);
  }

  /** liburing's io_uring_buf_ring_cq_advance: the Ring consumes CQEs as it copies them (peekCqes / copyCqes),
   *  so only the buffer ring's tail moves here. */
  cqAdvance(count: number): void {
    this.advance(count);
  }

  /** add(buf, bid) + advance(1). */
  push(buf: Memory, bid: number): void {
    this.add(buf, bid, 0);
    this.advance(1);
  }

  /** Hand buffer `bid` back to the kernel after its CQE was handled (add its memory again + advance(1)). */
  recycle(bid: number): void {
    if (this.#freed) throw freedError('recycle');
    // The entry as last added (hot: a multishot recv recycles one buffer per CQE), then advance(1).
    const a = this.#addrOf[bid];
    if (a === undefined) throw new RangeError(`BufferRing.recycle: no buffer with bid ${bid} was added`);
    this.#write(this.#tail & this.mask, a, this.#lenOf[bid]!, bid);
    this.#tail = (this.#tail + 1) & 0xffff;
    Atomics.store(this.#tail16, 0, this.#tail);
  }

  /** The memory added as buffer `bid` (where a CQE with F_BUFFER and that bid put its data, from the `start`
   *  given to add). */
  buffer(bid: number): Memory | undefined {
    return this.#bufs.get(bid);
  }

  /** The bytes of buffer `bid` as added (its `start` .. `start + length`): a CQE's data is at the front
   *  (on an incremental ring, at `take`'s offset). */
  bytes(bid: number): Uint8Array | undefined {
    return this.#bytesOf[bid];
  }

  /**
   * Where the `res` bytes of a CQE that used buffer `bid` start in `bytes(bid)`, and account for them: 0 on a
   * plain ring (each CQE gets a whole buffer). On an incremental ring the kernel fills a buffer piece by piece,
   * each CQE's data right after the previous one's, and sets IORING_CQE_F_BUF_MORE (`more`) while it keeps the
   * buffer; without it the buffer is done and the next fill after `recycle` starts at 0 again.
   */
  take(bid: number, res: number, more: boolean): number {
    if (!this.incremental) return 0;
    const at = this.#usedOf[bid] ?? 0;
    this.#usedOf[bid] = more ? at + res : 0;
    return at;
  }

  /** The kernel's head of this ring (IORING_REGISTER_PBUF_STATUS, Linux 6.8): entries consumed so far (u16 wrap). */
  head(): number {
    if (this.#freed) throw freedError('head');
    const r = resolve(this.#r.backend ?? this.#r.fd, 'BufferRing.head');
    const S = struct('buf_status');
    return withNative(S.size, (dv, a) => {
      dv.setUint32(off('buf_status', 'buf_group'), this.bgid, true);
      reg(r, REGISTER.PBUF_STATUS, a, 1);
      return dv.getUint32(off('buf_status', 'head'), true);
    });
  }

  /** Unregister (IORING_UNREGISTER_PBUF_RING) and unmap the ring; drops the buffer references. On a ring
   *  already closed only the memory is released (the kernel dropped the group with the ring). */
  unregister(): void {
    if (this.#freed) return;
    const b = this.#r.backend;
    const ringOpen = b ? !b.closed : true;
    if (ringOpen) unregisterPbuf(this.#r, this.bgid);
    this.#freed = true;
    munmap(this.addr, this.#size);
    this.#bufs.clear();
    this.#addrOf.length = this.#lenOf.length = this.#bytesOf.length = this.#usedOf.length = 0;
    if (b && !b.closed) state(this.#r).bufRings.delete(this.bgid);
  }
}

function unregisterPbuf(r: Resolved, bgid: number): void {
  const R = struct('buf_reg');
  withNative(R.size, (dv, a) => {
    dv.setUint16(off('buf_reg', 'bgid'), bgid, true);
    reg(r, REGISTER.UNREGISTER_PBUF_RING, a, 1);
  });
}
