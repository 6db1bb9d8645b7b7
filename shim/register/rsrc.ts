// Node only: registered buffers and registered (fixed) files: plain, sparse, updates, tags, unregister.
// The iovec / fd / tag arrays and the rsrc structs are built in native memory for the call (the kernel copies
// them); the registered buffers themselves are referenced by the ring's state until unregistered.
import { REGISTER, RSRC, REGISTER_FILES_SKIP } from '../../ts/constants.ts';
import { addressOf, type Memory } from '../sys/memory.ts';
import {
  intIn,
  isMemory,
  off,
  reg,
  resolve,
  setU64,
  state,
  struct,
  u64Of,
  withNative,
  type Resolved,
  type RingTarget,
} from './common.ts';

export { REGISTER_FILES_SKIP };

/** The kernel's limits: IORING_MAX_REG_BUFFERS, a registered buffer's maximum size (SZ_1G), IORING_MAX_FIXED_FILES. */
export const MAX_REG_BUFFERS = 1 << 14;
export const MAX_BUFFER_SIZE = 1 << 30;
export const MAX_FIXED_FILES = 1 << 20;

/** Tags of registered resources: a tag t != 0 makes the kernel post a CQE with user_data t (res 0) when the
 *  resource is released (unregister, or replaced by an update) and no request uses it any more. */
export interface TagOptions {
  tags?: readonly (number | bigint)[];
}

function tagsOf(what: string, o: TagOptions | undefined, n: number): bigint[] | undefined {
  if (o === undefined) return undefined;
  if (o === null || typeof o !== 'object') throw new TypeError(`${what}: options must be an object`);
  if (o.tags === undefined) return undefined;
  if (!Array.isArray(o.tags)) throw new TypeError(`${what}: tags must be an array of integers or bigints`);
  if (o.tags.length !== n)
    throw new RangeError(
      `${what}: tags must have one entry per ${what.includes('ile') ? 'fd' : 'buffer'} (${n}), got ${o.tags.length}`,
    );
  return o.tags.map((t, i) => u64Of(what, `tags[${i}]`, t));
}

function writeTags(dv: DataView, at: number, tags: bigint[]): void {
  for (let i = 0; i < tags.length; i++) dv.setBigUint64(at + 8 * i, tags[i]!, true);
}

// ---------------------------------------------------------------------------------------------
// Buffers

/** A buffer to register, or an empty slot (null / undefined). */
export type BufferEntry = Memory | null | undefined;

function checkBuffers(what: string, bufs: unknown, min: number): (Memory | null)[] {
  if (!Array.isArray(bufs))
    throw new TypeError(
      `${what}: buffers must be an array of Buffers / TypedArrays / ArrayBuffers (null for an empty slot)`,
    );
  if (bufs.length < min || bufs.length > MAX_REG_BUFFERS)
    throw new RangeError(`${what}: buffers must have ${min}..${MAX_REG_BUFFERS} entries, got ${bufs.length}`);
  return bufs.map((b, i) => {
    if (b === null || b === undefined) return null;
    if (!isMemory(b))
      throw new TypeError(
        `${what}: buffers[${i}] must be a Buffer, TypedArray, DataView or ArrayBuffer (or null), got ${typeof b}`,
      );
    if (b.byteLength === 0) throw new RangeError(`${what}: buffers[${i}] is empty (use null for an empty slot)`);
    if (b.byteLength > MAX_BUFFER_SIZE)
      throw new RangeError(`${what}: buffers[${i}] is ${b.byteLength} bytes; a registered buffer is at most 1 GiB`);
    return b;
  });
}

/** Write `bufs` as an iovec array at `at`. */
function writeIovecs(dv: DataView, at: number, bufs: (Memory | null)[]): void {
  const size = struct('iovec').size,
    base = off('iovec', 'iov_base'),
    len = off('iovec', 'iov_len');
  for (let i = 0; i < bufs.length; i++) {
    const b = bufs[i];
    if (!b) continue; // { NULL, 0 }: an empty slot
    setU64(dv, at + i * size + base, addressOf(b));
    setU64(dv, at + i * size + len, b.byteLength);
  }
}

/** IORING_REGISTER_RSRC_* through io_uring_rsrc_register: `data` and `tags` arrays follow the struct. */
function rsrcRegister(
  r: Resolved,
  opcode: number,
  nr: number,
  flags: number,
  dataSize: number,
  fillData: ((dv: DataView, at: number) => void) | null,
  tags: bigint[] | undefined,
): number {
  const S = struct('rsrc_register');
  const dataAt = S.size,
    tagsAt = dataAt + dataSize;
  return withNative(tagsAt + (tags ? 8 * nr : 0), (dv, addr) => {
    dv.setUint32(off('rsrc_register', 'nr'), nr, true);
    dv.setUint32(off('rsrc_register', 'flags'), flags, true);
    if (fillData) {
      fillData(dv, dataAt);
      setU64(dv, off('rsrc_register', 'data'), addr + dataAt);
    }
    if (tags) {
      writeTags(dv, tagsAt, tags);
      setU64(dv, off('rsrc_register', 'tags'), addr + tagsAt);
    }
    return reg(r, opcode, addr, S.size);
  });
}

/** IORING_REGISTER_*_UPDATE2 through io_uring_rsrc_update2. */
function rsrcUpdate2(
  r: Resolved,
  opcode: number,
  offset: number,
  nr: number,
  dataSize: number,
  fillData: (dv: DataView, at: number) => void,
  tags: bigint[] | undefined,
): number {
  const S = struct('rsrc_update2');
  const dataAt = S.size,
    tagsAt = dataAt + dataSize;
  return withNative(tagsAt + (tags ? 8 * nr : 0), (dv, addr) => {
    dv.setUint32(off('rsrc_update2', 'offset'), offset, true);
    dv.setUint32(off('rsrc_update2', 'nr'), nr, true);
    fillData(dv, dataAt);
    setU64(dv, off('rsrc_update2', 'data'), addr + dataAt);
    if (tags) {
      writeTags(dv, tagsAt, tags);
      setU64(dv, off('rsrc_update2', 'tags'), addr + tagsAt);
    }
    return reg(r, opcode, addr, S.size);
  });
}

/**
 * Register `buffers` as the ring's fixed buffers (index i = buffers[i]; null leaves slot i empty), for
 * READ_FIXED / WRITE_FIXED / SEND_ZC with a fixed buffer (`bufIndex`). IORING_REGISTER_BUFFERS, or
 * IORING_REGISTER_BUFFERS2 when `tags` are given. The buffers are kept referenced until unregisterBuffers (or
 * the ring object goes away). Kernel errors throw UringError (syscall 'io_uring_register'): EBUSY when buffers
 * are already registered, ENOMEM past RLIMIT_MEMLOCK on old kernels.
 */
export function registerBuffers(ring: RingTarget, buffers: readonly BufferEntry[], opts?: TagOptions): void {
  const what = 'registerBuffers';
  const r = resolve(ring, what);
  const bufs = checkBuffers(what, buffers, 1);
  const tags = tagsOf(what, opts, bufs.length);
  const iov = struct('iovec').size;
  if (tags)
    rsrcRegister(r, REGISTER.BUFFERS2, bufs.length, 0, iov * bufs.length, (dv, at) => writeIovecs(dv, at, bufs), tags);
  else
    withNative(iov * bufs.length, (dv, addr) => {
      writeIovecs(dv, 0, bufs);
      reg(r, REGISTER.BUFFERS, addr, bufs.length);
    });
  state(r).buffers = bufs;
}

/** A sparse fixed-buffer table of `count` empty slots (IORING_REGISTER_BUFFERS2 with
 *  IORING_RSRC_REGISTER_SPARSE), to be filled with updateBuffers. */
export function registerBuffersSparse(ring: RingTarget, count: number): void {
  const what = 'registerBuffersSparse';
  const r = resolve(ring, what);
  intIn(what, 'count', count, 1, MAX_REG_BUFFERS);
  rsrcRegister(r, REGISTER.BUFFERS2, count, RSRC.REGISTER_SPARSE, 0, null, undefined);
  state(r).buffers = new Array<Memory | null>(count).fill(null);
}

/**
 * Replace fixed buffers `offset .. offset + buffers.length - 1` (null empties a slot), with optional tags
 * (IORING_REGISTER_BUFFERS_UPDATE). Returns how many slots the kernel updated. A replaced buffer stays
 * referenced until unregisterBuffers (a fixed op in flight may still be using it).
 */
export function updateBuffers(
  ring: RingTarget,
  offset: number,
  buffers: readonly BufferEntry[],
  opts?: TagOptions,
): number {
  const what = 'updateBuffers';
  const r = resolve(ring, what);
  intIn(what, 'offset', offset, 0, MAX_REG_BUFFERS - 1);
  const bufs = checkBuffers(what, buffers, 1);
  const tags = tagsOf(what, opts, bufs.length);
  const n = rsrcUpdate2(
    r,
    REGISTER.BUFFERS_UPDATE,
    offset,
    bufs.length,
    struct('iovec').size * bufs.length,
    (dv, at) => writeIovecs(dv, at, bufs),
    tags,
  );
  const s = state(r);
  for (let i = 0; i < n; i++) {
    const old = s.buffers[offset + i];
    if (old) s.retired.push(old);
    s.buffers[offset + i] = bufs[i] ?? null;
  }
  return n;
}

/** Drop every fixed buffer (IORING_UNREGISTER_BUFFERS); ENXIO when none are registered. Only unregister once
 *  the fixed-buffer ops in flight have completed: their memory is released here. */
export function unregisterBuffers(ring: RingTarget): void {
  const r = resolve(ring, 'unregisterBuffers');
  reg(r, REGISTER.UNREGISTER_BUFFERS, null, 0);
  const s = state(r);
  s.buffers = [];
  s.retired = [];
}

/** The memory registered at fixed-buffer index `index` (undefined for an empty or unknown slot). */
export function registeredBuffer(ring: RingTarget, index: number): Memory | undefined {
  const r = resolve(ring, 'registeredBuffer');
  return state(r).buffers[index] ?? undefined;
}

// ---------------------------------------------------------------------------------------------
// Files

function checkFds(what: string, fds: unknown, update: boolean): number[] {
  if (!Array.isArray(fds) && !(fds instanceof Int32Array))
    throw new TypeError(
      `${what}: fds must be an array of file descriptors (-1 for an empty slot${update ? ', REGISTER_FILES_SKIP to leave one unchanged' : ''})`,
    );
  const list = Array.from(fds as ArrayLike<unknown>);
  if (list.length < 1 || list.length > MAX_FIXED_FILES)
    throw new RangeError(`${what}: fds must have 1..${MAX_FIXED_FILES} entries, got ${list.length}`);
  return list.map((fd, i) => intIn(what, `fds[${i}]`, fd, update ? REGISTER_FILES_SKIP : -1, 0x7fffffff));
}

function writeFds(dv: DataView, at: number, fds: number[]): void {
  for (let i = 0; i < fds.length; i++) dv.setInt32(at + 4 * i, fds[i]!, true);
}

/**
 * Register `fds` as the ring's fixed files (slot i = fds[i]; -1 leaves it empty), for ops with
 * IOSQE_FIXED_FILE (the op's fd is then the slot). The kernel takes its own reference: the fds may be closed
 * afterwards. IORING_REGISTER_FILES, or IORING_REGISTER_FILES2 when `tags` are given.
 */
export function registerFiles(ring: RingTarget, fds: readonly number[] | Int32Array, opts?: TagOptions): void {
  const what = 'registerFiles';
  const r = resolve(ring, what);
  const list = checkFds(what, fds, false);
  const tags = tagsOf(what, opts, list.length);
  if (tags) rsrcRegister(r, REGISTER.FILES2, list.length, 0, 4 * list.length, (dv, at) => writeFds(dv, at, list), tags);
  else
    withNative(4 * list.length, (dv, addr) => {
      writeFds(dv, 0, list);
      reg(r, REGISTER.FILES, addr, list.length);
    });
}

/** A sparse fixed-file table of `count` empty slots (IORING_REGISTER_FILES2 with IORING_RSRC_REGISTER_SPARSE),
 *  filled by updateFiles or by direct-descriptor ops (openat with a file index, accept direct, ...). */
export function registerFilesSparse(ring: RingTarget, count: number): void {
  const what = 'registerFilesSparse';
  const r = resolve(ring, what);
  intIn(what, 'count', count, 1, MAX_FIXED_FILES);
  rsrcRegister(r, REGISTER.FILES2, count, RSRC.REGISTER_SPARSE, 0, null, undefined);
}

/**
 * Replace fixed-file slots `offset ..` with `fds` (-1 empties a slot, REGISTER_FILES_SKIP (-2) leaves it
 * unchanged). IORING_REGISTER_FILES_UPDATE, or IORING_REGISTER_FILES_UPDATE2 when `tags` are given. Returns
 * how many slots the kernel updated.
 */
export function updateFiles(
  ring: RingTarget,
  offset: number,
  fds: readonly number[] | Int32Array,
  opts?: TagOptions,
): number {
  const what = 'updateFiles';
  const r = resolve(ring, what);
  intIn(what, 'offset', offset, 0, MAX_FIXED_FILES - 1);
  const list = checkFds(what, fds, true);
  const tags = tagsOf(what, opts, list.length);
  if (tags)
    return rsrcUpdate2(
      r,
      REGISTER.FILES_UPDATE2,
      offset,
      list.length,
      4 * list.length,
      (dv, at) => writeFds(dv, at, list),
      tags,
    );
  const S = struct('files_update');
  return withNative(S.size + 4 * list.length, (dv, addr) => {
    dv.setUint32(off('files_update', 'offset'), offset, true);
    writeFds(dv, S.size, list);
    setU64(dv, off('files_update', 'fds'), addr + S.size);
    return reg(r, REGISTER.FILES_UPDATE, addr, list.length);
  });
}

/** Drop every fixed file (IORING_UNREGISTER_FILES); ENXIO when none are registered. */
export function unregisterFiles(ring: RingTarget): void {
  reg(resolve(ring, 'unregisterFiles'), REGISTER.UNREGISTER_FILES, null, 0);
}

/** Slots `offset .. offset + length - 1` are where IORING_FILE_INDEX_ALLOC picks free slots
 *  (IORING_REGISTER_FILE_ALLOC_RANGE, Linux 6.0). */
export function registerFileAllocRange(ring: RingTarget, offset: number, length: number): void {
  const what = 'registerFileAllocRange';
  const r = resolve(ring, what);
  intIn(what, 'offset', offset, 0, 0xffffffff);
  intIn(what, 'length', length, 0, 0xffffffff);
  const S = struct('file_index_range');
  withNative(S.size, (dv, addr) => {
    dv.setUint32(off('file_index_range', 'off'), offset, true);
    dv.setUint32(off('file_index_range', 'len'), length, true);
    reg(r, REGISTER.FILE_ALLOC_RANGE, addr, 0);
  });
}
