// Node only: writeFile's data loop on io_uring (Node's writeFileHandle): bytes in writes of up to 512 KiB at the
// file position until all are written; (async) iterables chunk by chunk, strings in `encoding`.
import type { IoUring } from '../async/io-uring.ts';
import { asNode, checkAborted } from './errors.ts';

/** Node's kWriteFileMaxChunkSize. */
const kWriteFileMaxChunkSize = 512 * 1024;

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
