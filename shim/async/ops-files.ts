// Node only: IoUring's ops on open files: read / write (plain and vectored), fsync, open, closeFd, statx, truncate,
// fallocate, splice, tee. Each method is one call() (call.ts); its Op below converts and checks its arguments.
import { AT_FDCWD } from '../../ts/constants.ts';
import { FSYNC } from '../../ts/opflags.ts';
import {
  AT_EMPTY_PATH,
  addr,
  addrOf,
  cpath,
  data,
  dirfdArg,
  fdArg,
  int,
  iovecs,
  length64,
  openFlags,
  position,
  viewLength,
} from './args.ts';
import { byteLengthOf } from '../sys/memory.ts';
import { call, pinned } from './call.ts';
import { CORE, type Core } from './core.ts';
import { op, VOID, type Slot } from './slots.ts';
import { STATX_BASIC_STATS, STATX_BTIME, parseStatx, type Statx } from './statx.ts';
import type { OpOptions } from './types.ts';

// flags and userData are set by start(): in the literal, the object gets no second property store on the way.
const READ = op('read', 'read', (fd, buf, pos) => {
  const n = viewLength('read', 'buf', buf);
  const b = buf as ArrayBufferView;
  const o = {
    fd: fdArg('read', fd),
    buf: addrOf(b, n),
    nbytes: n,
    offset: position('read', pos),
    flags: 0,
    userData: 0,
  };
  return pinned(o, b);
});
const WRITE = op('write', 'write', (fd, buf, pos) => {
  const b = data('write', 'data', buf);
  const n = byteLengthOf(b);
  const o = {
    fd: fdArg('write', fd),
    buf: addrOf(b, n),
    nbytes: n,
    offset: position('write', pos),
    flags: 0,
    userData: 0,
  };
  return pinned(o, b);
});
const READV = op('readv', 'readv', (fd, buffers, pos) => {
  const { iov, views } = iovecs('readv', buffers);
  return pinned({ fd: fdArg('readv', fd), iovecs: addr(iov), nrVecs: views.length, offset: position('readv', pos) }, [
    iov,
    views,
  ]);
});
const WRITEV = op('writev', 'writev', (fd, buffers, pos) => {
  const { iov, views } = iovecs('writev', buffers);
  return pinned({ fd: fdArg('writev', fd), iovecs: addr(iov), nrVecs: views.length, offset: position('writev', pos) }, [
    iov,
    views,
  ]);
});
const FSYNC_OP = op('fsync', 'fsync', (fd) => ({ fd: fdArg('fsync', fd), fsyncFlags: 0 }), VOID);
const FDATASYNC = op('fdatasync', 'fsync', (fd) => ({ fd: fdArg('fdatasync', fd), fsyncFlags: FSYNC.DATASYNC }), VOID);
const OPENAT = op('openat', 'openat', (path, flags, mode, dirfd) => {
  const p = cpath('openat', 'path', path);
  return pinned(
    {
      dfd: dirfdArg('openat', dirfd),
      path: addr(p.bytes),
      openFlags: openFlags('openat', flags),
      mode: int('openat', 'mode', mode, 0, 0o7777),
    },
    p.bytes,
    p.text,
  );
});
const CLOSE = op('close', 'close', (fd) => ({ fd: fdArg('close', fd) }), VOID);
const STATX = op(
  'statx',
  'statx',
  (pathOrFd, opts) => {
    if (opts === null || typeof opts !== 'object') throw new TypeError('statx: options must be an object');
    const sb = Buffer.alloc(256);
    let dfd: number, p: { bytes: Buffer; text: string | undefined };
    let flags = opts.flags === undefined ? 0 : int('statx', 'flags', opts.flags, 0, 0xffffffff);
    if (typeof pathOrFd === 'number') {
      dfd = fdArg('statx', pathOrFd);
      p = { bytes: Buffer.from([0]), text: undefined };
      flags |= AT_EMPTY_PATH;
    } else {
      dfd = opts.dirfd === undefined ? AT_FDCWD : dirfdArg('statx', opts.dirfd);
      p = cpath('statx', 'path', pathOrFd);
    }
    const mask = opts.mask === undefined ? STATX_BASIC_STATS | STATX_BTIME : opts.mask;
    return pinned({ dfd, path: addr(p.bytes), statxFlags: flags, mask, statxbuf: addr(sb) }, [p.bytes, sb], p.text);
  },
  (_res: number, s: Slot) => parseStatx((s.keep as [Buffer, Buffer])[1]),
);
const FTRUNCATE = op(
  'ftruncate',
  'ftruncate',
  (fd, len) => ({ fd: fdArg('ftruncate', fd), len: length64('ftruncate', 'len', len) }),
  VOID,
);
const FALLOCATE = op(
  'fallocate',
  'fallocate',
  (fd, offset, len, mode) => ({
    fd: fdArg('fallocate', fd),
    mode,
    offset: length64('fallocate', 'offset', offset),
    len: length64('fallocate', 'len', len),
  }),
  VOID,
);
const SPLICE = op('splice', 'splice', (fdIn, offIn, fdOut, offOut, nbytes, flags) => ({
  fdIn: fdArg('splice', fdIn, 'fdIn'),
  offIn: position('splice', offIn),
  fdOut: fdArg('splice', fdOut, 'fdOut'),
  offOut: position('splice', offOut),
  nbytes: int('splice', 'nbytes', nbytes, 0, 0xffffffff),
  spliceFlags: flags,
}));
const TEE = op('tee', 'tee', (fdIn, fdOut, nbytes, flags) => ({
  fdIn: fdArg('tee', fdIn, 'fdIn'),
  fdOut: fdArg('tee', fdOut, 'fdOut'),
  nbytes: int('tee', 'nbytes', nbytes, 0, 0xffffffff),
  spliceFlags: flags,
}));

/** IoUring's file ops (mixed into IoUring.prototype; typed through IoUring's declaration merging). */
export class FileOps {
  /** @internal The ring's machinery (the op methods run on IoUring, which has it). */
  declare readonly [CORE]: Core;

  /** pread: read up to buf.byteLength bytes at `position` (-1 / null: the file position). Resolves bytes read. */
  read(fd: number, buf: ArrayBufferView, position: number | bigint | null = -1, o?: OpOptions): Promise<number> {
    return call(this, READ, o, fd, buf, position);
  }

  /** pwrite: `data` (bytes or a UTF-8 string) at `position`. Resolves bytes written. */
  write(
    fd: number,
    buf: ArrayBufferView | string,
    position: number | bigint | null = -1,
    o?: OpOptions,
  ): Promise<number> {
    return call(this, WRITE, o, fd, buf, position);
  }

  /** preadv: into each of `buffers` in turn (1..1024 of them) at `position`. Resolves bytes read. */
  readv(fd: number, buffers: ArrayBufferView[], position: number | bigint | null = -1, o?: OpOptions): Promise<number> {
    return call(this, READV, o, fd, buffers, position);
  }

  /** pwritev: each of `buffers` in turn at `position`. Resolves bytes written. */
  writev(
    fd: number,
    buffers: ArrayBufferView[],
    position: number | bigint | null = -1,
    o?: OpOptions,
  ): Promise<number> {
    return call(this, WRITEV, o, fd, buffers, position);
  }

  /** fsync(fd): data and metadata to the device. */
  fsync(fd: number, o?: OpOptions): Promise<void> {
    return call(this, FSYNC_OP, o, fd);
  }

  /** fdatasync(fd): data (and the metadata needed to read it back) to the device. */
  fdatasync(fd: number, o?: OpOptions): Promise<void> {
    return call(this, FDATASYNC, o, fd);
  }

  /** openat: resolves the new fd. `flags` is a Node flag string ('r', 'w', 'a+', ...) or O_* bits; O_CLOEXEC is
   *  always added (as libuv does). */
  openat(
    path: string | Buffer | URL,
    flags: string | number = 'r',
    mode = 0o666,
    dirfd: number = AT_FDCWD,
    o?: OpOptions,
  ): Promise<number> {
    return call(this, OPENAT, o, path, flags, mode, dirfd);
  }

  /** `openat(path, flags, mode, AT_FDCWD)`. */
  open(path: string | Buffer | URL, flags: string | number = 'r', mode = 0o666, o?: OpOptions): Promise<number> {
    return call(this, OPENAT, o, path, flags, mode, AT_FDCWD);
  }

  /** The close op: close `fd` through the ring (close(2)). The ring itself is closed by close(). */
  closeFd(fd: number, o?: OpOptions): Promise<void> {
    return call(this, CLOSE, o, fd);
  }

  /**
   * statx of a path (relative to `dirfd`), or of an open fd (a number: AT_EMPTY_PATH). Resolves a Statx
   * (numbers: mode, size, ino, nlink, uid, gid, dev, rdev, blocks, blksize, *timeMs; isFile() ...).
   */
  statx(
    pathOrFd: string | Buffer | URL | number,
    opts: OpOptions & { dirfd?: number; flags?: number; mask?: number } = {},
  ): Promise<Statx> {
    return call(this, STATX, opts, pathOrFd, opts);
  }

  /** ftruncate(fd, len = 0). */
  ftruncate(fd: number, len: number | bigint = 0, o?: OpOptions): Promise<void> {
    return call(this, FTRUNCATE, o, fd, len);
  }

  /** fallocate(fd, offset, len, mode = 0) (FALLOC_FL_* mode last, optional). */
  fallocate(fd: number, offset: number | bigint, len: number | bigint, mode = 0, o?: OpOptions): Promise<void> {
    return call(this, FALLOCATE, o, fd, offset, len, mode);
  }

  /** splice: offsets -1 / null for a pipe (or the file position). Resolves bytes moved. */
  splice(
    fdIn: number,
    offIn: number | bigint | null,
    fdOut: number,
    offOut: number | bigint | null,
    nbytes: number,
    flags = 0,
    o?: OpOptions,
  ): Promise<number> {
    return call(this, SPLICE, o, fdIn, offIn, fdOut, offOut, nbytes, flags);
  }

  /** tee: duplicate up to `nbytes` from one pipe to another without consuming them. Resolves bytes copied. */
  tee(fdIn: number, fdOut: number, nbytes: number, flags = 0, o?: OpOptions): Promise<number> {
    return call(this, TEE, o, fdIn, fdOut, nbytes, flags);
  }
}
