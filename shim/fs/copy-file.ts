// Node only: copyFile on io_uring, step for step as libuv's uv_fs_copyfile (so the result and the errors are
// Node's): open the source, fstat it (a directory: EISDIR), open the destination with the source's mode
// (O_EXCL for COPYFILE_EXCL), stop if both are the same file, ftruncate it (unless empty and about to be
// written: see below), give it the source's mode, then st_size bytes moved by splice through pipes (source ->
// pipe -> destination, each pair linked, several pairs per submit, two such chains side by side: the bytes
// never come to user space, as with libuv's copy_file_range). On failure the destination
// is removed. Every error is syscall 'copyfile' with path and dest. COPYFILE_FICLONE(_FORCE) asks for a
// reflink, an ioctl io_uring has no op for: those calls go to node:fs/promises.
import * as fsp from 'node:fs/promises';
import { constants, fchmodSync } from 'node:fs';
import { close as closeSync, pipe, setPipeSize } from '../sys/libc.ts';
import type { IoUring } from '../async/io-uring.ts';
import type { Statx } from '../async/statx.ts';
import { plainNodeError, uvError } from './errors.ts';
import { checkPath } from './validate.ts';

const O_WRONLY = 1,
  O_CREAT = 0o100,
  O_EXCL = 0o200;
const S_IFMT = 0o170000,
  S_IFDIR = 0o040000;
const EISDIR = 21;
const PIPE_SIZE = 1 << 20;
/** Splice pairs per submit in a chain, and chains side by side (measured: 2 x 4 a little ahead of 1 x 4 or 1 x 8;
 *  more chains no better on 2 cores). */
const DEPTH = 4,
  CHAINS = 2;

interface Pipe {
  r: number;
  w: number;
  size: number;
}
const pipes: Pipe[] = [];
const noop = (): void => {};

function takePipe(): Pipe {
  const p = pipes.pop();
  if (p) return p;
  const [r, w] = pipe();
  const got = setPipeSize(w, PIPE_SIZE);
  return { r, w, size: got > 0 ? got : 65536 };
}

function dropPipe(p: Pipe, reuse: boolean): void {
  if (reuse && pipes.length < 2 * CHAINS) pipes.push(p);
  else {
    closeSync(p.r);
    closeSync(p.w);
  }
}

function errnoOf(e: unknown): number {
  const n = (e as { errno?: unknown })?.errno;
  if (typeof n === 'number') return n;
  throw e;
}

// src -> pipe -> dst, batch after batch: batch k moves bytes k*batch .. (k+1)*batch (fewer at EOF) as pairs of
// linked splices, DEPTH pairs per submit, in order; this chain takes batches `first`, `first + every`, ... below
// `size`, and stops at the source's end.
async function spliceBatches(
  ring: IoUring,
  src: number,
  dst: number,
  size: number,
  first: number,
  every: number,
  p: Pipe,
  chunk: number,
): Promise<void> {
  const batch = chunk * DEPTH;
  for (let k = first; k * batch < size; k += every) {
    let off = k * batch;
    const end = Math.min(size, off + batch);
    const pairs: [Promise<number>, Promise<number>][] = [];
    let at = off;
    ring.linkOps(() => {
      for (let i = 0; i < DEPTH && at < end; i++) {
        const n = Math.min(chunk, end - at);
        pairs.push([ring.splice(src, at, p.w, -1, n), ring.splice(p.r, -1, dst, at, n)]);
        at += n;
      }
    });
    for (const pr of pairs) for (const x of pr) x.catch(noop); // settled below, in order
    // The chain stops at the first short or failed splice: take what completed, in order.
    let eof = false;
    for (const [a, b] of pairs) {
      const settled = await Promise.allSettled([a, b]);
      if (eof) continue;
      if (settled[0]!.status === 'rejected') {
        const e = settled[0]!.reason;
        if (errnoOf(e) === -125) continue; // ECANCELED: an earlier link broke the chain
        throw e;
      }
      const inN = settled[0]!.value;
      if (settled[1]!.status === 'rejected') {
        const e = settled[1]!.reason;
        if (errnoOf(e) !== -125) throw e;
        // The move out was cancelled because the move in was short: drain what the pipe holds.
        let left = inN;
        while (left > 0) left -= await ring.splice(p.r, -1, dst, off + inN - left, left);
        off += inN;
        eof = true;
        continue;
      }
      const outN = settled[1]!.value;
      off += outN;
      if (inN === 0) eof = true;
      else if (outN < inN) {
        let left = inN - outN;
        while (left > 0) {
          const m = await ring.splice(p.r, -1, dst, off, left);
          left -= m;
          off += m;
        }
      }
    }
    if (eof || off < end) break;
  }
}

// `size` bytes by CHAINS chains side by side, each on its own pipe, taking every CHAINS-th batch: while one waits
// for its batch's completions and submits the next, the others' splices run (io-wq, a worker each).
async function spliceAll(ring: IoUring, src: number, dst: number, size: number): Promise<void> {
  const n = Math.max(1, Math.min(CHAINS, Math.ceil(size / (PIPE_SIZE * DEPTH))));
  const ps: Pipe[] = [];
  let clean = false;
  try {
    for (let i = 0; i < n; i++) ps.push(takePipe());
    let chunk = PIPE_SIZE;
    for (const p of ps) chunk = Math.min(chunk, p.size);
    const runs: Promise<void>[] = [];
    for (let i = 0; i < n; i++) runs.push(spliceBatches(ring, src, dst, size, i, n, ps[i]!, chunk));
    const done = await Promise.allSettled(runs);
    for (const r of done) if (r.status === 'rejected') throw r.reason;
    clean = true;
  } finally {
    for (const p of ps) dropPipe(p, clean);
  }
}

// Node 20 checks copyFile's mode in C++ (GetValidFileMode), with these messages.
function copyMode(mode: unknown): number {
  if (mode == null) return 0;
  if (typeof mode !== 'number')
    throw plainNodeError(TypeError, 'ERR_INVALID_ARG_TYPE', 'mode must be int32 or null/undefined');
  const m = Math.trunc(mode);
  if (!(m >= 0 && m <= 7)) throw plainNodeError(RangeError, 'ERR_OUT_OF_RANGE', 'mode is out of range: >= 0 && <= 7');
  return m;
}

/** copyFile(src, dest, mode = 0). */
export async function copyFile(ring: IoUring, src: unknown, dest: unknown, mode?: unknown): Promise<void> {
  const s = checkPath(src, 'src'),
    d = checkPath(dest, 'dest');
  const m = copyMode(mode);
  if (m & (constants.COPYFILE_FICLONE | constants.COPYFILE_FICLONE_FORCE))
    return fsp.copyFile(src as string, dest as string, m);
  const fail = (e: unknown) => uvError(errnoOf(e), 'copyfile', s.text, d.text);
  let srcfd = -1,
    dstfd = -1;
  let err: unknown = null;
  try {
    srcfd = await ring.open(s.arg, 0, 0);
    const st: Statx = await ring.statx(srcfd);
    if ((st.mode & S_IFMT) === S_IFDIR) throw { errno: -EISDIR };
    const excl = (m & constants.COPYFILE_EXCL) !== 0;
    dstfd = await ring.open(d.arg, O_WRONLY | O_CREAT | (excl ? O_EXCL : 0), st.mode & 0o7777);
    let same = false;
    if (!excl) {
      const dt = await ring.statx(dstfd);
      same = dt.dev === st.dev && dt.ino === st.ino;
      // libuv truncates; on an empty destination about to be written that only changes its times, which the
      // writes change anyway, and on ext4 it costs a flush of every page at the close (auto_da_alloc).
      if (!same && !(dt.size === 0 && st.size > 0)) await ring.ftruncate(dstfd, 0);
    }
    if (!same) {
      try {
        fchmodSync(dstfd, st.mode & 0o7777); // no io_uring op for fchmod; a plain, non-blocking syscall
      } catch (e) {
        throw { errno: (e as { errno: number }).errno };
      }
      if (st.size > 0) await spliceAll(ring, srcfd, dstfd, st.size);
    }
  } catch (e) {
    err = fail(e);
  }
  if (srcfd >= 0) await ring.closeFd(srcfd).catch(() => {});
  if (dstfd >= 0) {
    try {
      await ring.closeFd(dstfd);
    } catch (e) {
      err ??= fail(e);
    }
    if (err !== null) await ring.unlink(d.arg).catch(() => {});
  }
  if (err !== null) throw err;
}
