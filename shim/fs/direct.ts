// Node only: direct descriptors for uring/fs on its default ring, so readFile and writeFile of small files need
// no fd in the process table and go as one linked chain in one submit: openat into a slot of the ring's own
// sparse file table, then reads or writes on that slot (IOSQE_FIXED_FILE). Only the default ring gets a table
// (a caller's ring may have its own); on a kernel without sparse tables or IORING_OP_FIXED_FD_INSTALL (6.8: the
// way back to a normal fd when a file turns out large or special) nothing changes: the plain paths run.
// Slots (with a 4 KiB area for the open's path) and the 128 KiB regions readFile's chains read into are lent per
// call and come back when its ops are done.
import { AT_FDCWD, IOSQE, OP } from '../../ts/constants.ts';
import type { IoUring } from '../async/io-uring.ts';
import { addr } from '../async/args.ts';
import { call, pinned } from '../async/call.ts';
import { CORE } from '../async/core.ts';
import { op, VOID } from '../async/slots.ts';
import { unsupportedOps } from '../register/probe.ts';
import { registerFilesSparse } from '../register/rsrc.ts';
import { aggregate, asNode } from './errors.ts';

/** Slots in the default ring's table (each call holds one until its close completes). */
const TABLE = 256;
/** Bytes a chain's path may take in its slot's area (with the NUL); a longer path gets its own buffer. */
export const PATH_AREA = 4096;
/** Path areas per slab (made as slots are first used). */
const PATHS_PER_SLAB = 16;
/** Each of a readFile chain's two reads: Node's read size for files of unknown size. */
export const CHUNK = 64 * 1024;
const REGION = 2 * CHUNK;
/** Read regions per slab, and at most this many slabs (beyond: the plain path). */
const PER_SLAB = 8,
  SLABS = 8;
const O_CLOEXEC = 0o2000000;

/** A readFile chain's two read targets. */
export interface Region {
  a: Buffer;
  b: Buffer;
}

/** The default ring's direct-descriptor state. */
export class Direct {
  readonly #slots: number[] = [];
  readonly #regions: Region[] = [];
  readonly #paths: Buffer[] = [];
  #slabs = 0;
  constructor() {
    for (let i = TABLE - 1; i >= 0; i--) this.#slots.push(i);
  }
  /** A free slot, or -1. */
  takeSlot(): number {
    return this.#slots.pop() ?? -1;
  }
  giveSlot(slot: number): void {
    this.#slots.push(slot);
  }
  /** The path area of `slot` (the open's path: the kernel copies it when the SQE is submitted). */
  pathArea(slot: number): Buffer {
    let a = this.#paths[slot];
    if (a === undefined) {
      const first = slot - (slot % PATHS_PER_SLAB);
      const slab = Buffer.allocUnsafeSlow(PATHS_PER_SLAB * PATH_AREA);
      for (let i = 0; i < PATHS_PER_SLAB; i++)
        this.#paths[first + i] = slab.subarray(i * PATH_AREA, (i + 1) * PATH_AREA);
      a = this.#paths[slot]!;
    }
    return a;
  }
  /** A free region, or null when all SLABS slabs are lent out. */
  takeRegion(): Region | null {
    const r = this.#regions.pop();
    if (r) return r;
    if (this.#slabs === SLABS) return null;
    this.#slabs++;
    const slab = Buffer.allocUnsafeSlow(PER_SLAB * REGION);
    for (let i = 0; i < PER_SLAB; i++) {
      const at = i * REGION;
      this.#regions.push({ a: slab.subarray(at, at + CHUNK), b: slab.subarray(at + CHUNK, at + REGION) });
    }
    return this.#regions.pop()!;
  }
  giveRegion(r: Region): void {
    this.#regions.push(r);
  }
}

const byRing = new WeakMap<IoUring, Direct>();

/** Give `ring` (the default ring, just made) a sparse file table, where the kernel has what the chains need. */
export function enableDirect(ring: IoUring): void {
  const missing = unsupportedOps(ring[CORE].fd);
  if (missing[OP.FIXED_FD_INSTALL] || missing[OP.OPENAT] || missing[OP.CLOSE]) return;
  try {
    registerFilesSparse(ring, TABLE);
  } catch {
    return; // before 5.19, or no memory for the table: the plain paths
  }
  byRing.set(ring, new Direct());
}

/** The ring's direct-descriptor state, if it has one (only the default ring). */
export function directOf(ring: IoUring): Direct | undefined {
  return byRing.get(ring);
}

/** `path` as a NUL-terminated C string: in `area` when it fits, else in a buffer of its own. */
export function cPathIn(area: Buffer, path: string | Buffer): Buffer {
  if (typeof path === 'string') {
    if (path.length * 3 < PATH_AREA) {
      const n = area.write(path, 0, 'utf8');
      area[n] = 0;
      return area.subarray(0, n + 1);
    }
    return Buffer.from(`${path}\0`, 'utf8');
  }
  if (path.byteLength < PATH_AREA) {
    area.set(path);
    area[path.byteLength] = 0;
    return area.subarray(0, path.byteLength + 1);
  }
  const b = Buffer.allocUnsafe(path.byteLength + 1);
  b.set(path);
  b[path.byteLength] = 0;
  return b;
}

// The ops (their syscall names are the plain ops' own; uring/fs maps errors to Node's names anyway).
const OPEN_DIRECT = op('openat', 'openatDirect', (path: Buffer, flags: number, mode: number, slot: number) =>
  pinned({ dfd: AT_FDCWD, path: addr(path), openFlags: flags & ~O_CLOEXEC, mode, fileIndex: slot }, path),
);
const READ_FIXED = op('read', 'read', (slot: number, buf: Buffer) =>
  pinned({ fd: slot, buf: addr(buf), nbytes: buf.byteLength, offset: -1, flags: IOSQE.FIXED_FILE }, buf),
);
const WRITE_FIXED = op('write', 'write', (slot: number, buf: Uint8Array) =>
  pinned({ fd: slot, buf: addr(buf), nbytes: buf.byteLength, offset: -1, flags: IOSQE.FIXED_FILE }, buf),
);
const CLOSE_DIRECT = op('close', 'closeDirect', (slot: number) => ({ fileIndex: slot }), VOID);
const INSTALL = op('fixedFdInstall', 'fixedFdInstall', (slot: number) => ({ fd: slot, flags: IOSQE.FIXED_FILE }));

const LINK = { link: true },
  HARDLINK = { link: true, sqeFlags: IOSQE.IO_HARDLINK };

/** openat(path) into `slot`; `link`: the next op runs only if it succeeds. */
export function openDirect(ring: IoUring, path: Buffer, flags: number, mode: number, slot: number): Promise<void> {
  return call(ring, OPEN_DIRECT, LINK, path, flags, mode, slot);
}

/** read(slot) at the file position; `hard`: the next op runs whatever this one's result. */
export function readFixed(ring: IoUring, slot: number, buf: Buffer, hard: boolean): Promise<number> {
  return call(ring, READ_FIXED, hard ? HARDLINK : undefined, slot, buf);
}

/** write(slot) at the file position; `link`: the next op runs only if all of `buf` was written. */
export function writeFixed(ring: IoUring, slot: number, buf: Uint8Array, link: boolean): Promise<number> {
  return call(ring, WRITE_FIXED, link ? LINK : undefined, slot, buf);
}

/** Empty `slot` (closes its file). */
export function closeDirect(ring: IoUring, slot: number): Promise<void> {
  return call(ring, CLOSE_DIRECT, undefined, slot);
}

/** A process fd for the file in `slot` (O_CLOEXEC, as libuv opens); the slot keeps its own reference. */
export function installFd(ring: IoUring, slot: number): Promise<number> {
  return call(ring, INSTALL, undefined, slot);
}

/** Close a direct slot and give it back; throw `err` (with the close's error, as Node aggregates) if set. */
export async function closeSlot(ring: IoUring, d: Direct, slot: number, err: unknown): Promise<void> {
  try {
    await closeDirect(ring, slot);
  } catch (ce) {
    d.giveSlot(slot);
    throw err === null ? asNode(ce, 'close') : aggregate(asNode(ce, 'close'), err);
  }
  d.giveSlot(slot);
  if (err !== null) throw err;
}
