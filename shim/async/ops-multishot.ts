// Node only: IoUring's multishot ops, each an async iterator (multishot.ts): accept, recv and read into a
// provided-buffer ring, poll, and a ticking timeout. Each method is one callMultishot() (call.ts).
import { CQE_F, IOSQE } from '../../ts/constants.ts';
import { TIMEOUT } from '../../ts/opflags.ts';
import { addr, bufferRing, fdArg, optInt, timespec } from './args.ts';
import { callMultishot, pinned, withBuffers } from './call.ts';
import { CORE, type Core } from './core.ts';
import type { Multishot } from './multishot.ts';
import { op, type Slot } from './slots.ts';
import type { BufferRing } from '../register/pbuf.ts';
import type { MultishotIterator, OpOptions } from './types.ts';

/** One CQE's provided buffer: copied out (the copy is yielded) and handed straight back to the ring, unless an
 *  incremental ring's kernel keeps filling it (F_BUF_MORE). */
function bufferShot(res: number, flags: number, _s: Slot, it: Multishot): unknown {
  if ((flags & CQE_F.BUFFER) === 0) return undefined; // EOF (res 0): nothing to yield
  const bid = flags >>> 16;
  const ring = it.ring!;
  const src = ring.bytes(bid)!;
  const more = (flags & CQE_F.BUF_MORE) !== 0;
  const at = ring.incremental ? ring.take(bid, res, more) : 0;
  const out = Buffer.allocUnsafe(res);
  out.set(at === 0 && res === src.length ? src : src.subarray(at, at + res));
  if (!more) ring.recycle(bid);
  return res === 0 ? undefined : out;
}

const ACCEPT = op(
  'accept',
  'multishotAccept',
  (fd, _o, o) => {
    const flags = optInt('acceptMultishot', 'flags', o?.flags);
    return { fd: fdArg('acceptMultishot', fd), addr: 0, addrlen: 0, acceptFlags: (flags | 0x80000) >>> 0 };
  },
  undefined,
  { shot: (res) => res },
);
const RECV = op(
  'recvMultishot',
  'recvMultishot',
  (fd, br, o) => {
    const f = fdArg('recvMultishot', fd);
    const r = bufferRing('recvMultishot', br);
    const flags = optInt('recvMultishot', 'flags', o?.flags);
    return withBuffers({ sockfd: f, buf: 0, len: 0, msgFlags: flags, bufGroup: r.bgid, flags: IOSQE.BUFFER_SELECT }, r);
  },
  undefined,
  { shot: bufferShot, rearm: true },
);
const READ = op(
  'readMultishot',
  'readMultishot',
  (fd, br) => {
    const f = fdArg('readMultishot', fd);
    const r = bufferRing('readMultishot', br);
    return withBuffers({ fd: f, nbytes: 0, offset: -1, bufGroup: r.bgid }, r);
  },
  undefined,
  { shot: bufferShot, rearm: true },
);
const POLL = op(
  'pollMultishot',
  'pollMultishot',
  (fd, events) => ({ fd: fdArg('pollMultishot', fd), pollMask: events }),
  undefined,
  { shot: (res) => res },
);
const TIMEOUT_MULTI = op(
  'timeout',
  'timeout',
  (ms, _b, o) => {
    const ts = timespec('timeoutMultishot', ms);
    const count = optInt('timeoutMultishot', 'count', o?.count);
    return pinned({ ts: addr(ts), count, timeoutFlags: TIMEOUT.MULTISHOT }, ts);
  },
  undefined,
  { shot: (_res, _f, _s, it) => ++it.count, timer: true },
);

/** IoUring's multishot ops (mixed into IoUring.prototype; typed through IoUring's declaration merging). */
export class MultishotOps {
  /** @internal The ring's machinery (the op methods run on IoUring, which has it). */
  declare readonly [CORE]: Core;

  /** Accepted connections' fds until the iteration stops (break / return() cancels the accept). */
  acceptMultishot(fd: number, o?: OpOptions & { flags?: number }): MultishotIterator<number> {
    return callMultishot(this, ACCEPT, o, fd);
  }

  /**
   * Received data, one Buffer per CQE (a copy: the provided buffer goes straight back to `bufferRing`), until
   * EOF, an error or break. Re-armed by itself when the buffers ran out (ENOBUFS).
   */
  recvMultishot(fd: number, bufferRing: BufferRing, o?: OpOptions & { flags?: number }): MultishotIterator<Buffer> {
    return callMultishot(this, RECV, o, fd, bufferRing);
  }

  /** Reads of a pollable fd (pipe, eventfd, socket) into `bufferRing`'s buffers, one Buffer (a copy) per CQE. */
  readMultishot(fd: number, bufferRing: BufferRing, o?: OpOptions): MultishotIterator<Buffer> {
    return callMultishot(this, READ, o, fd, bufferRing);
  }

  /** Ready events (poll(2) bits), each time `fd` becomes ready, until break. */
  pollMultishot(fd: number, events: number, o?: OpOptions): MultishotIterator<number> {
    return callMultishot(this, POLL, o, fd, events);
  }

  /** A ticking timer: yields 1, 2, 3, ... every `ms`; `count` ticks then done (0 / omitted: until break). */
  timeoutMultishot(ms: number, o?: OpOptions & { count?: number }): MultishotIterator<number> {
    return callMultishot(this, TIMEOUT_MULTI, o, ms);
  }
}
