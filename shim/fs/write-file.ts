// Node only: writeFile's data loop on io_uring (Node's writeFileHandle): bytes in writes of up to 512 KiB at the
// file position until all are written; (async) iterables chunk by chunk, strings in `encoding`.
import type { IoUring } from '../async/io-uring.ts';
import { closeSlot, cPathIn, closeDirect, type Direct, openDirect, writeFixed } from './direct.ts';
import { asNode, checkAborted } from './errors.ts';
import type { CheckedPath } from './validate.ts';

const noop = (): void => {};

/** Node's kWriteFileMaxChunkSize. */
export const kWriteFileMaxChunkSize = 512 * 1024;

/** An (async) iterable that is neither bytes nor a string: written chunk by chunk. */
export function isCustomIterable(v: unknown): v is Iterable<unknown> | AsyncIterable<unknown> {
  if (v == null || ArrayBuffer.isView(v) || typeof v === 'string') return false;
  const o = v as Record<symbol, unknown>;
  return typeof o[Symbol.asyncIterator] === 'function' || typeof o[Symbol.iterator] === 'function';
}

// Node checks the signal before each write of plain data, after each write of an iterable's chunk.
async function writeAll(
  ring: IoUring,
  fd: number,
  data: Uint8Array,
  signal: AbortSignal | undefined,
  after: boolean,
): Promise<void> {
  let at = 0;
  while (at < data.byteLength) {
    if (!after) checkAborted(signal);
    const len = Math.min(kWriteFileMaxChunkSize, data.byteLength - at);
    let n: number;
    try {
      n = await ring.write(fd, at === 0 && len === data.byteLength ? data : data.subarray(at, at + len), -1);
    } catch (e) {
      throw asNode(e, 'write');
    }
    at += n;
    if (after) checkAborted(signal);
  }
}

/** Write `data` (bytes, or an (async) iterable of chunks) at `fd`'s position. */
export async function writeFd(
  ring: IoUring,
  fd: number,
  data: ArrayBufferView | Iterable<unknown> | AsyncIterable<unknown>,
  signal: AbortSignal | undefined,
  encoding: BufferEncoding | null | undefined,
): Promise<void> {
  checkAborted(signal);
  if (isCustomIterable(data)) {
    for await (const chunk of data as AsyncIterable<unknown>) {
      checkAborted(signal);
      const bytes = ArrayBuffer.isView(chunk)
        ? new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)
        : Buffer.from(chunk as string, encoding || 'utf8');
      await writeAll(ring, fd, bytes, signal, true);
    }
    return;
  }
  const d = data as ArrayBufferView;
  if (d.byteLength === 0) return;
  await writeAll(ring, fd, new Uint8Array(d.buffer, d.byteOffset, d.byteLength), signal, false);
}

const settle = (p: Promise<unknown>): Promise<unknown> => p.then(noop, noop);

/**
 * writeFile(path, bytes) on the default ring's direct descriptors, for up to one of Node's write chunks: openat
 * into a slot, the write, and the close, linked (IOSQE_IO_LINK), in one submit. A short write breaks the link,
 * so the close only runs once every byte is written; otherwise the chain stops with the slot still open and
 * Node's loop goes on (the rest written at the file position, then the close), as do errors: the open's, or the
 * write's after the close (with the close's, aggregated, as Node does).
 */
export async function writePathDirect(
  ring: IoUring,
  d: Direct,
  slot: number,
  p: CheckedPath,
  flags: number,
  mode: number,
  data: Uint8Array,
): Promise<void> {
  const op = openDirect(ring, cPathIn(d.pathArea(slot), p.arg), flags, mode, slot);
  const len = data.byteLength;
  const w = len === 0 ? null : writeFixed(ring, slot, data, true);
  const cl = closeDirect(ring, slot);
  try {
    await op;
  } catch (e) {
    // The rest of the chain was cancelled; the slot stayed empty.
    if (w !== null) await settle(w);
    await settle(cl);
    d.giveSlot(slot);
    throw asNode(e, 'open', p.text);
  }
  let at = len;
  if (w !== null) {
    try {
      at = await w;
    } catch (e) {
      await settle(cl); // cancelled: the write failed
      return closeSlot(ring, d, slot, asNode(e, 'write'));
    }
  }
  if (at === len) {
    try {
      await cl;
    } catch (e) {
      d.giveSlot(slot);
      throw asNode(e, 'close');
    }
    d.giveSlot(slot);
    return;
  }
  await settle(cl); // cancelled by the short write
  try {
    while (at < len) at += await writeFixed(ring, slot, data.subarray(at), false);
  } catch (e) {
    return closeSlot(ring, d, slot, asNode(e, 'write'));
  }
  return closeSlot(ring, d, slot, null);
}
