// Kernel tests of the file and path ops (builders in ts/ops/fs.ts): each checks what the kernel did (file
// contents, sizes, links, xattrs, the registered file table), not only res.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import koffi from 'koffi';
import { opTest, resName, type Ctx } from './_ops.ts';
import { AT_FDCWD, FILE_INDEX_ALLOC, IOSQE, REGISTER, RSRC } from '../../ts/constants.ts';
import { FIXED_FD, FSYNC } from '../../ts/opflags.ts';
import { ioUringRegister } from '../../shim/register/call.ts';
import {
  MAP_ANONYMOUS,
  MAP_PRIVATE,
  MAP_SHARED,
  O_CLOEXEC,
  O_NONBLOCK,
  PROT_READ,
  PROT_WRITE,
  close as sysClose,
  mmap,
  munmap,
  pipe as sysPipe,
  read as sysRead,
  view,
  write as sysWrite,
} from '../../shim/sys/libc.ts';

// ---- constants of the syscalls under test (x86-64 / asm-generic uapi values) ------------------

const O_RDONLY = 0,
  O_WRONLY = 1,
  O_CREAT = 0o100,
  O_EXCL = 0o200;
const AT_SYMLINK_NOFOLLOW = 0x100,
  AT_REMOVEDIR = 0x200,
  AT_SYMLINK_FOLLOW = 0x400,
  AT_EMPTY_PATH = 0x1000;
const RESOLVE_NO_SYMLINKS = 0x04,
  RESOLVE_BENEATH = 0x08;
const STATX_BASIC_STATS = 0x7ff;
const S_IFMT = 0o170000,
  S_IFREG = 0o100000,
  S_IFLNK = 0o120000;
const FALLOC_FL_KEEP_SIZE = 1,
  FALLOC_FL_PUNCH_HOLE = 2;
const POSIX_FADV_SEQUENTIAL = 2,
  POSIX_FADV_DONTNEED = 4;
const MADV_DONTNEED = 4;
const SYNC_FILE_RANGE_WRITE = 2,
  SYNC_FILE_RANGE_WAIT_AFTER = 4;
const RENAME_NOREPLACE = 1,
  RENAME_EXCHANGE = 2;
const XATTR_CREATE = 1,
  XATTR_REPLACE = 2;
const PAGE = 4096;

// ---- helpers ----------------------------------------------------------------------------------

let seq = 0;
/** A fresh file in the test's temp dir holding `content`; its path. */
function mkfile(t: Ctx, content: string | Buffer = '', name = `f${seq++}`): string {
  const p = join(t.dir, name);
  writeFileSync(p, content);
  return p;
}

/** Run `fn` with `fd` (opened by the caller), closing it afterwards. */
function withFd<T>(fd: number, fn: (fd: number) => T): T {
  try {
    return fn(fd);
  } finally {
    closeSync(fd);
  }
}

/** A sparse registered file table of `n` slots (IORING_REGISTER_FILES2 with IORING_RSRC_REGISTER_SPARSE). */
function registerSparseFiles(t: Ctx, n: number): void {
  const reg = new Uint8Array(32); // struct io_uring_rsrc_register {u32 nr, flags; u64 resv2, data, tags}
  const dv = new DataView(reg.buffer);
  dv.setUint32(0, n, true);
  dv.setUint32(4, RSRC.REGISTER_SPARSE, true);
  ioUringRegister(t.ring.backend.fd, REGISTER.FILES2, reg, reg.byteLength);
}

/** Read up to `n` bytes at offset 0 from fixed-file slot `slot` through the ring: the text, or the errno name. */
function readSlot(t: Ctx, slot: number, n = 64, offset: number = 0): string {
  const buf = Buffer.alloc(n);
  const c = t.run('read', { fd: slot, flags: IOSQE.FIXED_FILE, buf: t.addr(buf), nbytes: n, offset });
  return c.res < 0 ? resName(c.res) : buf.subarray(0, c.res).toString();
}

/** Is O_CLOEXEC set on `fd` (from /proc/self/fdinfo)? */
function cloexec(fd: number): boolean {
  const m = /^flags:\s*([0-7]+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'));
  assert.ok(m, `fdinfo of ${fd} has flags`);
  return (parseInt(m![1]!, 8) & O_CLOEXEC) !== 0;
}

/** Is `fd` open in this process? */
function isOpen(fd: number): boolean {
  try {
    fstatSync(fd);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EBADF') return false;
    throw e;
  }
}

/** struct open_how {u64 flags, mode, resolve}, pinned; its address. */
function openHow(t: Ctx, flags: number, mode: number, resolve: number): number {
  return t.addr(new BigUint64Array([BigInt(flags), BigInt(mode), BigInt(resolve)]));
}

/** A pipe whose reads never block the test: [read end, write end]. */
function nbPipe(): [number, number] {
  return sysPipe(O_CLOEXEC | O_NONBLOCK);
}

/** Everything readable from a non-blocking pipe right now, as text. */
function drain(fd: number, max = 256): string {
  const b = Buffer.alloc(max);
  try {
    return b.subarray(0, sysRead(fd, b)).toString();
  } catch (e) {
    if ((e as { code?: string }).code === 'EAGAIN') return '';
    throw e;
  }
}

/** A directory fd for `path` (O_RDONLY | O_DIRECTORY). */
function openDir(path: string): number {
  return openSync(path, O_RDONLY | 0o200000);
}

// ---- sync, allocation, advice -----------------------------------------------------------------

opTest(
  'fsync',
  'fsync, fdatasync and a ranged fsync return 0 with the data in place; fd -1 EBADF, a pipe EINVAL',
  (t) => {
    const p = mkfile(t);
    withFd(openSync(p, 'r+'), (fd) => {
      writeSync(fd, 'durable');
      assert.is(t.ok('fsync', { fd, fsyncFlags: 0 }), 0);
      assert.is(t.ok('fsync', { fd, fsyncFlags: FSYNC.DATASYNC }), 0);
      assert.is(t.ok('fsync', { fd, fsyncFlags: 0, offset: 0, len: 4 }), 0);
      assert.is(readFileSync(p, 'utf8'), 'durable');
      assert.is(resName(t.run('fsync', { fd: -1, fsyncFlags: 0 }).res), 'EBADF');
    });
    const [r, w] = nbPipe();
    try {
      assert.is(resName(t.run('fsync', { fd: w, fsyncFlags: 0 }).res), 'EINVAL');
    } finally {
      sysClose(r);
      sysClose(w);
    }
  },
);

opTest('syncFileRange', 'returns 0 on a file; a negative offset gives EINVAL, a pipe ESPIPE, fd -1 EBADF', (t) => {
  const p = mkfile(t, Buffer.alloc(3 * PAGE, 1));
  withFd(openSync(p, 'r+'), (fd) => {
    assert.is(
      t.ok('syncFileRange', {
        fd,
        len: PAGE,
        offset: PAGE,
        syncRangeFlags: SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER,
      }),
      0,
    );
    assert.is(statSync(p).size, 3 * PAGE);
    // offset 2^63 is negative as a loff_t: EINVAL (the offset reached the kernel's 64-bit off field).
    assert.is(
      resName(t.run('syncFileRange', { fd, len: PAGE, offset: 1n << 63n, syncRangeFlags: SYNC_FILE_RANGE_WRITE }).res),
      'EINVAL',
    );
    assert.is(resName(t.run('syncFileRange', { fd: -1, len: 0, offset: 0, syncRangeFlags: 0 }).res), 'EBADF');
  });
  const [r, w] = nbPipe();
  try {
    assert.is(
      resName(t.run('syncFileRange', { fd: w, len: 0, offset: 0, syncRangeFlags: SYNC_FILE_RANGE_WRITE }).res),
      'ESPIPE',
    );
  } finally {
    sysClose(r);
    sysClose(w);
  }
});

opTest(
  'fallocate',
  'extends the file (mode 0), allocates without growing (KEEP_SIZE), punches a hole; bad mode EOPNOTSUPP, fd -1 EBADF',
  (t) => {
    const p = mkfile(t, 'x'.repeat(3 * PAGE));
    withFd(openSync(p, 'r+'), (fd) => {
      assert.is(t.ok('fallocate', { fd, mode: 0, offset: 0, len: 5 * PAGE }), 0);
      assert.is(statSync(p).size, 5 * PAGE);
      const blocks = statSync(p).blocks;
      assert.is(t.ok('fallocate', { fd, mode: FALLOC_FL_KEEP_SIZE, offset: 5 * PAGE, len: 16 * PAGE }), 0);
      assert.is(statSync(p).size, 5 * PAGE, 'KEEP_SIZE leaves the size');
      assert.ok(statSync(p).blocks > blocks, `KEEP_SIZE allocates blocks (${blocks} -> ${statSync(p).blocks})`);
      assert.is(
        t.ok('fallocate', { fd, mode: FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, offset: PAGE, len: PAGE }),
        0,
      );
      const data = readFileSync(p);
      assert.is(data[PAGE - 1], 0x78);
      assert.ok(
        data.subarray(PAGE, 2 * PAGE).every((b) => b === 0),
        'the hole reads as zeros',
      );
      assert.is(data[2 * PAGE], 0x78);
      // PUNCH_HOLE must come with KEEP_SIZE: the mode reached the kernel.
      assert.is(
        resName(t.run('fallocate', { fd, mode: FALLOC_FL_PUNCH_HOLE, offset: 0, len: PAGE }).res),
        'EOPNOTSUPP',
      );
      assert.is(resName(t.run('fallocate', { fd: -1, mode: 0, offset: 0, len: PAGE }).res), 'EBADF');
    });
  },
);

/** mincore(2), bound here: only the fadvise tests need it. */
type Mincore = (addr: number, len: number, vec: Uint8Array) => number;
let mincoreFn: Mincore | undefined;
function mincore(addr: number, len: number, vec: Uint8Array): number {
  mincoreFn ??= koffi.load('libc.so.6').func('mincore', 'int', ['uintptr_t', 'size_t', 'void *']) as unknown as Mincore;
  return mincoreFn(addr, len, vec);
}

/**
 * A clean, fully cached file of `pages` pages; `advise(fd)` runs the fadvise under test, then `resident()`
 * says which pages are in the page cache (mincore over a shared mapping). POSIX_FADV_DONTNEED drops clean
 * pages, so the advised range shows what offset and length reached the kernel.
 */
function cachedFile(t: Ctx, pages: number, advise: (fd: number) => void): boolean[] {
  const p = mkfile(t);
  return withFd(openSync(p, 'r+'), (fd) => {
    // One write per page: the cache then holds single-page folios (one big write may get large folios,
    // which DONTNEED only drops when the whole folio lies inside the range).
    const pageBuf = Buffer.alloc(PAGE, 0x5a);
    for (let i = 0; i < pages; i++) writeSync(fd, pageBuf, 0, PAGE, i * PAGE);
    fsyncSync(fd); // DONTNEED skips dirty pages
    const addr = mmap(0, pages * PAGE, PROT_READ, MAP_SHARED, fd, 0);
    try {
      const vec = new Uint8Array(pages);
      assert.is(mincore(addr, pages * PAGE, vec), 0);
      assert.ok(
        vec.every((v) => (v & 1) === 1),
        `all pages cached before the advice: ${Array.from(vec)}`,
      );
      advise(fd);
      assert.is(mincore(addr, pages * PAGE, vec), 0);
      return Array.from(vec, (v) => (v & 1) === 1);
    } finally {
      munmap(addr, pages * PAGE);
    }
  });
}

opTest(
  'fadvise',
  'POSIX_FADV_DONTNEED drops exactly the advised pages from the cache; a pipe gives ESPIPE, fd -1 EBADF',
  (t) => {
    const resident = cachedFile(t, 12, (fd) => {
      assert.is(t.ok('fadvise', { fd, offset: 4 * PAGE, len: 3 * PAGE, advice: POSIX_FADV_DONTNEED }), 0);
    });
    assert.equal(resident.map((r) => (r ? 1 : 0)).join(''), '111100011111');
    const p = mkfile(t, 'x');
    withFd(openSync(p, 'r'), (fd) => {
      assert.is(t.ok('fadvise', { fd, offset: 0, len: 0, advice: POSIX_FADV_SEQUENTIAL }), 0);
      assert.is(resName(t.run('fadvise', { fd: -1, offset: 0, len: 0, advice: POSIX_FADV_DONTNEED }).res), 'EBADF');
    });
    const [r, w] = nbPipe();
    try {
      assert.is(resName(t.run('fadvise', { fd: r, offset: 0, len: 0, advice: POSIX_FADV_DONTNEED }).res), 'ESPIPE');
    } finally {
      sysClose(r);
      sysClose(w);
    }
  },
);

opTest(
  'fadvise64',
  'DONTNEED with a 64-bit length (2^40) drops every page from the offset on; a pipe gives ESPIPE, fd -1 EBADF',
  (t) => {
    const resident = cachedFile(t, 10, (fd) => {
      assert.is(t.ok('fadvise64', { fd, offset: 6 * PAGE, len: 1n << 40n, advice: POSIX_FADV_DONTNEED }), 0);
    });
    assert.equal(resident.map((r) => (r ? 1 : 0)).join(''), '1111110000');
    assert.is(
      resName(t.run('fadvise64', { fd: -1, offset: 0, len: 1n << 40n, advice: POSIX_FADV_DONTNEED }).res),
      'EBADF',
    );
    const [r, w] = nbPipe();
    try {
      assert.is(
        resName(t.run('fadvise64', { fd: r, offset: 0, len: 1n << 33n, advice: POSIX_FADV_DONTNEED }).res),
        'ESPIPE',
      );
    } finally {
      sysClose(r);
      sysClose(w);
    }
  },
);

/** Four private anonymous pages filled with 0xaa; checks MADV_DONTNEED of pages 1..2 through `advise`. */
function madviseCase(t: Ctx, advise: (addr: number, length: number) => number): void {
  const len = 4 * PAGE;
  const addr = mmap(0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  try {
    const mem = new Uint8Array(view(addr, len));
    mem.fill(0xaa);
    assert.is(advise(addr + PAGE, 2 * PAGE), 0);
    // MADV_DONTNEED on private anonymous memory: the pages come back zero-filled; the others keep their bytes.
    assert.is(mem[PAGE - 1], 0xaa);
    assert.ok(
      mem.subarray(PAGE, 3 * PAGE).every((b) => b === 0),
      'advised pages were dropped',
    );
    assert.is(mem[3 * PAGE], 0xaa);
    // An address that is not page-aligned: EINVAL.
    assert.is(resName(advise(addr + 1, PAGE)), 'EINVAL');
  } finally {
    munmap(addr, len);
  }
  void t;
}

opTest('madvise', 'MADV_DONTNEED zero-fills private anonymous pages; an unaligned address gives EINVAL', (t) => {
  madviseCase(t, (addr, length) => t.run('madvise', { addr, length, advice: MADV_DONTNEED }).res);
});

opTest(
  'madvise64',
  'MADV_DONTNEED with a 64-bit length zero-fills the pages; an unaligned address gives EINVAL',
  (t) => {
    madviseCase(t, (addr, length) => t.run('madvise64', { addr, length: BigInt(length), advice: MADV_DONTNEED }).res);
  },
);

opTest('ftruncate', 'shrinks and grows the file; a read-only fd gives EINVAL, fd -1 EBADF', (t) => {
  const p = mkfile(t, 'truncate me');
  withFd(openSync(p, 'r+'), (fd) => {
    assert.is(t.ok('ftruncate', { fd, len: 5 }), 0);
    assert.is(readFileSync(p, 'utf8'), 'trunc');
    assert.is(t.ok('ftruncate', { fd, len: 1n << 20n }), 0);
    assert.is(statSync(p).size, 1 << 20);
    assert.is(resName(t.run('ftruncate', { fd: -1, len: 0 }).res), 'EBADF');
  });
  withFd(openSync(p, 'r'), (fd) => {
    assert.is(resName(t.run('ftruncate', { fd, len: 0 }).res), 'EINVAL');
    assert.is(statSync(p).size, 1 << 20);
  });
});

// ---- pipes ------------------------------------------------------------------------------------

opTest(
  'splice',
  'moves pipe bytes into a file at an offset and file bytes into a pipe; two files give EINVAL, fd -1 EBADF',
  (t) => {
    const p = mkfile(t, '..........');
    const [r, w] = nbPipe();
    try {
      withFd(openSync(p, 'r+'), (fd) => {
        sysWrite(w, 'spliced');
        assert.is(t.ok('splice', { fdIn: r, offIn: -1, fdOut: fd, offOut: 2, nbytes: 7, spliceFlags: 0 }), 7);
        assert.is(readFileSync(p, 'utf8'), '..spliced.');
        assert.is(drain(r), '', 'the pipe was emptied');
        assert.is(t.ok('splice', { fdIn: fd, offIn: 4, fdOut: w, offOut: -1, nbytes: 4, spliceFlags: 0 }), 4);
        assert.is(drain(r), 'lice');
        const q = mkfile(t, 'other');
        withFd(openSync(q, 'r'), (fd2) => {
          assert.is(
            resName(t.run('splice', { fdIn: fd2, offIn: 0, fdOut: fd, offOut: 0, nbytes: 4, spliceFlags: 0 }).res),
            'EINVAL',
          );
        });
        assert.is(
          resName(t.run('splice', { fdIn: -1, offIn: -1, fdOut: fd, offOut: 0, nbytes: 4, spliceFlags: 0 }).res),
          'EBADF',
        );
        assert.is(readFileSync(p, 'utf8'), '..spliced.');
      });
    } finally {
      sysClose(r);
      sysClose(w);
    }
  },
);

opTest('tee', 'duplicates pipe bytes into a second pipe, leaving them in the first; a file gives EINVAL', (t) => {
  const [r1, w1] = nbPipe();
  const [r2, w2] = nbPipe();
  try {
    sysWrite(w1, 'teed bytes');
    assert.is(t.ok('tee', { fdIn: r1, fdOut: w2, nbytes: 4, spliceFlags: 0 }), 4);
    assert.is(drain(r2), 'teed');
    assert.is(drain(r1), 'teed bytes', 'tee does not consume');
    const p = mkfile(t, 'file');
    withFd(openSync(p, 'r'), (fd) => {
      sysWrite(w1, 'x');
      assert.is(resName(t.run('tee', { fdIn: fd, fdOut: w2, nbytes: 1, spliceFlags: 0 }).res), 'EINVAL');
    });
    assert.is(resName(t.run('tee', { fdIn: r1, fdOut: -1, nbytes: 1, spliceFlags: 0 }).res), 'EBADF');
    assert.is(drain(r2), '');
  } finally {
    for (const fd of [r1, w1, r2, w2]) sysClose(fd);
  }
});

opTest('pipe', 'writes two working fds (O_CLOEXEC honoured); a bad fds address gives EFAULT', (t) => {
  const fds = new Int32Array([-1, -1]);
  assert.is(t.ok('pipe', { fds: t.addr(fds), pipeFlags: O_CLOEXEC | O_NONBLOCK }), 0);
  const [r, w] = [fds[0]!, fds[1]!];
  try {
    assert.ok(r >= 0 && w >= 0 && r !== w, `two fds: ${r}, ${w}`);
    assert.ok(cloexec(r) && cloexec(w));
    assert.is(sysWrite(w, 'through'), 7);
    assert.is(drain(r), 'through');
    assert.is(drain(r), '', 'O_NONBLOCK: an empty pipe does not block');
  } finally {
    sysClose(r);
    sysClose(w);
  }
  const fds2 = new Int32Array([-1, -1]);
  assert.is(t.ok('pipe', { fds: t.addr(fds2), pipeFlags: 0 }), 0);
  try {
    assert.not.ok(cloexec(fds2[0]!), 'no O_CLOEXEC without the flag');
  } finally {
    sysClose(fds2[0]!);
    sysClose(fds2[1]!);
  }
  assert.is(resName(t.run('pipe', { fds: 8, pipeFlags: O_CLOEXEC }).res), 'EFAULT');
});

opTest('pipeDirect', 'lands both ends in the fixed-file table (given slot and ALLOC); O_CLOEXEC gives EINVAL', (t) => {
  registerSparseFiles(t, 8);
  const fds = new Int32Array([-1, -1]);
  assert.is(t.ok('pipeDirect', { fds: t.addr(fds), pipeFlags: 0, fileIndex: 2 }), 0);
  // Slots 2 (read end) and 3 (write end): write through slot 3, read through slot 2.
  const msg = Buffer.from('direct pipe');
  assert.is(
    t.ok('write', { fd: 3, flags: IOSQE.FIXED_FILE, buf: t.addr(msg), nbytes: msg.length, offset: 0 }),
    msg.length,
  );
  assert.is(readSlot(t, 2, msg.length), 'direct pipe');
  assert.is(readSlot(t, 4), 'EBADF', 'slot 4 stays empty');

  const alloc = new Int32Array([-1, -1]);
  assert.is(t.ok('pipeDirect', { fds: t.addr(alloc), pipeFlags: 0, fileIndex: FILE_INDEX_ALLOC }), 0);
  const [ra, wa] = [alloc[0]!, alloc[1]!];
  assert.ok(
    ra >= 0 && ra < 8 && wa >= 0 && wa < 8 && ![ra, wa].some((s) => s === 2 || s === 3),
    `allocated free slots ${ra}, ${wa}`,
  );
  const m2 = Buffer.from('alloc');
  assert.is(t.ok('write', { fd: wa, flags: IOSQE.FIXED_FILE, buf: t.addr(m2), nbytes: 5, offset: 0 }), 5);
  assert.is(readSlot(t, ra, 5), 'alloc');

  assert.is(
    resName(t.run('pipeDirect', { fds: t.addr(new Int32Array(2)), pipeFlags: O_CLOEXEC, fileIndex: 5 }).res),
    'EINVAL',
  );
  assert.is(readSlot(t, 5), 'EBADF');
});

// ---- open / close / statx ---------------------------------------------------------------------

opTest('openat', 'opens by absolute path and relative to a dir fd, creating with a mode; ENOENT, EBADF', (t) => {
  const p = mkfile(t, 'opened');
  const fd = t.ok('openat', { dfd: AT_FDCWD, path: t.cstr(p), openFlags: O_RDONLY, mode: 0 });
  withFd(fd, () => {
    const b = Buffer.alloc(16);
    assert.is(readSync(fd, b, 0, 16, 0), 6);
    assert.is(b.subarray(0, 6).toString(), 'opened');
  });
  withFd(openDir(t.dir), (dfd) => {
    const nfd = t.ok('openat', { dfd, path: t.cstr('created'), openFlags: O_CREAT | O_EXCL | O_WRONLY, mode: 0o640 });
    withFd(nfd, () => writeSync(nfd, 'new'));
    assert.is(readFileSync(join(t.dir, 'created'), 'utf8'), 'new');
    assert.is(statSync(join(t.dir, 'created')).mode & 0o777, 0o640 & ~process.umask());
    assert.is(
      resName(
        t.run('openat', { dfd, path: t.cstr('created'), openFlags: O_CREAT | O_EXCL | O_WRONLY, mode: 0o600 }).res,
      ),
      'EEXIST',
    );
  });
  assert.is(
    resName(t.run('openat', { dfd: AT_FDCWD, path: t.cstr(join(t.dir, 'missing')), openFlags: O_RDONLY, mode: 0 }).res),
    'ENOENT',
  );
  assert.is(resName(t.run('openat', { dfd: -1, path: t.cstr('relative'), openFlags: O_RDONLY, mode: 0 }).res), 'EBADF');
});

opTest(
  'openatDirect',
  'opens into a given slot and an allocated one; O_CLOEXEC gives EINVAL; no table gives ENXIO',
  (t) => {
    const p = mkfile(t, 'in a slot');
    assert.is(
      resName(
        t.run('openatDirect', { dfd: AT_FDCWD, path: t.cstr(p), openFlags: O_RDONLY, mode: 0, fileIndex: 0 }).res,
      ),
      'ENXIO',
    );
    registerSparseFiles(t, 4);
    assert.is(t.ok('openatDirect', { dfd: AT_FDCWD, path: t.cstr(p), openFlags: O_RDONLY, mode: 0, fileIndex: 1 }), 0);
    assert.is(readSlot(t, 1), 'in a slot');
    assert.is(readSlot(t, 0), 'EBADF');
    const q = mkfile(t, 'allocated');
    const slot = t.ok('openatDirect', {
      dfd: AT_FDCWD,
      path: t.cstr(q),
      openFlags: O_RDONLY,
      mode: 0,
      fileIndex: FILE_INDEX_ALLOC,
    });
    assert.ok(slot !== 1 && slot < 4, `allocated slot ${slot}`);
    assert.is(readSlot(t, slot), 'allocated');
    assert.is(
      resName(
        t.run('openatDirect', {
          dfd: AT_FDCWD,
          path: t.cstr(p),
          openFlags: O_RDONLY | O_CLOEXEC,
          mode: 0,
          fileIndex: 3,
        }).res,
      ),
      'EINVAL',
    );
    assert.is(readSlot(t, 3), 'EBADF');
  },
);

/** dir/inside/{real.txt, esc -> ../outside.txt, ../outside.txt}: a symlink that escapes `inside`. */
function escapeTree(t: Ctx): string {
  const inside = join(t.dir, 'inside');
  mkdirSync(inside);
  writeFileSync(join(inside, 'real.txt'), 'inside');
  writeFileSync(join(t.dir, 'outside.txt'), 'outside');
  symlinkSync('../outside.txt', join(inside, 'esc'));
  return inside;
}

opTest(
  'openat2',
  'opens with open_how; RESOLVE_BENEATH refuses a symlink escape (EXDEV), RESOLVE_NO_SYMLINKS gives ELOOP',
  (t) => {
    const inside = escapeTree(t);
    withFd(openDir(inside), (dfd) => {
      const readAll = (fd: number) =>
        withFd(fd, () => {
          const b = Buffer.alloc(32);
          return b.subarray(0, readSync(fd, b, 0, 32, 0)).toString();
        });
      assert.is(
        readAll(t.ok('openat2', { dfd, path: t.cstr('real.txt'), how: openHow(t, O_RDONLY, 0, RESOLVE_BENEATH) })),
        'inside',
      );
      assert.is(
        readAll(t.ok('openat2', { dfd, path: t.cstr('esc'), how: openHow(t, O_RDONLY, 0, 0) })),
        'outside',
        'no RESOLVE_*: followed',
      );
      assert.is(
        resName(t.run('openat2', { dfd, path: t.cstr('esc'), how: openHow(t, O_RDONLY, 0, RESOLVE_BENEATH) }).res),
        'EXDEV',
      );
      assert.is(
        resName(
          t.run('openat2', { dfd, path: t.cstr('../outside.txt'), how: openHow(t, O_RDONLY, 0, RESOLVE_BENEATH) }).res,
        ),
        'EXDEV',
      );
      assert.is(
        resName(t.run('openat2', { dfd, path: t.cstr('esc'), how: openHow(t, O_RDONLY, 0, RESOLVE_NO_SYMLINKS) }).res),
        'ELOOP',
      );
      // mode travels in open_how: a created file gets it.
      const fd = t.ok('openat2', {
        dfd,
        path: t.cstr('made'),
        how: openHow(t, O_CREAT | O_WRONLY, 0o604, RESOLVE_BENEATH),
      });
      closeSync(fd);
      assert.is(statSync(join(inside, 'made')).mode & 0o777, 0o604 & ~process.umask());
    });
    assert.is(
      resName(t.run('openat2', { dfd: -1, path: t.cstr('real.txt'), how: openHow(t, O_RDONLY, 0, 0) }).res),
      'EBADF',
    );
  },
);

opTest(
  'openat2Direct',
  'opens into a slot under RESOLVE_BENEATH; the escape is refused (EXDEV) and its slot stays empty',
  (t) => {
    const inside = escapeTree(t);
    registerSparseFiles(t, 4);
    withFd(openDir(inside), (dfd) => {
      assert.is(
        t.ok('openat2Direct', {
          dfd,
          path: t.cstr('real.txt'),
          how: openHow(t, O_RDONLY, 0, RESOLVE_BENEATH),
          fileIndex: 0,
        }),
        0,
      );
      assert.is(readSlot(t, 0), 'inside');
      assert.is(
        resName(
          t.run('openat2Direct', {
            dfd,
            path: t.cstr('esc'),
            how: openHow(t, O_RDONLY, 0, RESOLVE_BENEATH),
            fileIndex: 1,
          }).res,
        ),
        'EXDEV',
      );
      assert.is(readSlot(t, 1), 'EBADF');
      const slot = t.ok('openat2Direct', {
        dfd,
        path: t.cstr('esc'),
        how: openHow(t, O_RDONLY, 0, 0),
        fileIndex: FILE_INDEX_ALLOC,
      });
      assert.ok(slot > 0 && slot < 4, `allocated slot ${slot}`);
      assert.is(readSlot(t, slot), 'outside');
      assert.is(
        resName(
          t.run('openat2Direct', {
            dfd,
            path: t.cstr('real.txt'),
            how: openHow(t, O_RDONLY | O_CLOEXEC, 0, 0),
            fileIndex: 3,
          }).res,
        ),
        'EINVAL',
      );
    });
  },
);

opTest('close', 'closes a process fd; closing it again or fd -1 gives EBADF', (t) => {
  const fd = openSync(mkfile(t, 'x'), 'r');
  let closed = false;
  try {
    assert.ok(isOpen(fd));
    assert.is(t.ok('close', { fd }), 0);
    closed = !isOpen(fd);
    assert.ok(closed, 'the fd is gone');
    assert.is(resName(t.run('close', { fd }).res), 'EBADF');
    assert.is(resName(t.run('close', { fd: -1 }).res), 'EBADF');
  } finally {
    if (!closed) closeSync(fd);
  }
});

opTest('closeDirect', 'empties a fixed-file slot; an empty slot gives EBADF', (t) => {
  registerSparseFiles(t, 4);
  const p = mkfile(t, 'slotted');
  assert.is(t.ok('openatDirect', { dfd: AT_FDCWD, path: t.cstr(p), openFlags: O_RDONLY, mode: 0, fileIndex: 2 }), 0);
  assert.is(readSlot(t, 2), 'slotted');
  assert.is(t.ok('closeDirect', { fileIndex: 2 }), 0);
  assert.is(readSlot(t, 2), 'EBADF', 'slot 2 is empty');
  assert.is(resName(t.run('closeDirect', { fileIndex: 2 }).res), 'EBADF');
});

/** struct statx fields the tests compare. */
function statxFields(b: Uint8Array): {
  mask: number;
  nlink: number;
  uid: number;
  mode: number;
  ino: bigint;
  size: bigint;
} {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return {
    mask: dv.getUint32(0, true),
    nlink: dv.getUint32(16, true),
    uid: dv.getUint32(20, true),
    mode: dv.getUint16(28, true),
    ino: dv.getBigUint64(32, true),
    size: dv.getBigUint64(40, true),
  };
}

opTest(
  'statx',
  'size, mode, ino, nlink and uid match fs.statSync; AT_EMPTY_PATH on an fd; NOFOLLOW sees the link; ENOENT',
  (t) => {
    const p = mkfile(t, 'y'.repeat(1234));
    const buf = new Uint8Array(256);
    assert.is(
      t.ok('statx', { dfd: AT_FDCWD, path: t.cstr(p), statxFlags: 0, mask: STATX_BASIC_STATS, statxbuf: t.addr(buf) }),
      0,
    );
    const s = statSync(p, { bigint: true });
    const x = statxFields(buf);
    assert.is(x.size, 1234n);
    assert.is(x.size, s.size);
    assert.is(BigInt(x.mode), s.mode);
    assert.is(x.mode & S_IFMT, S_IFREG);
    assert.is(x.ino, s.ino);
    assert.is(BigInt(x.nlink), s.nlink);
    assert.is(BigInt(x.uid), s.uid);
    assert.is(x.mask & STATX_BASIC_STATS, STATX_BASIC_STATS);

    withFd(openSync(p, 'r'), (fd) => {
      const b2 = new Uint8Array(256);
      assert.is(
        t.ok('statx', {
          dfd: fd,
          path: t.cstr(''),
          statxFlags: AT_EMPTY_PATH,
          mask: STATX_BASIC_STATS,
          statxbuf: t.addr(b2),
        }),
        0,
      );
      assert.is(statxFields(b2).ino, s.ino);
    });

    const l = join(t.dir, 'lnk');
    symlinkSync(p, l);
    const b3 = new Uint8Array(256);
    assert.is(
      t.ok('statx', {
        dfd: AT_FDCWD,
        path: t.cstr(l),
        statxFlags: AT_SYMLINK_NOFOLLOW,
        mask: STATX_BASIC_STATS,
        statxbuf: t.addr(b3),
      }),
      0,
    );
    assert.is(statxFields(b3).mode & S_IFMT, S_IFLNK);
    assert.is(BigInt(statxFields(b3).ino), lstatSync(l, { bigint: true }).ino);

    assert.is(
      resName(
        t.run('statx', {
          dfd: AT_FDCWD,
          path: t.cstr(join(t.dir, 'nope')),
          statxFlags: 0,
          mask: STATX_BASIC_STATS,
          statxbuf: t.addr(buf),
        }).res,
      ),
      'ENOENT',
    );
    assert.is(
      resName(
        t.run('statx', { dfd: -1, path: t.cstr('rel'), statxFlags: 0, mask: STATX_BASIC_STATS, statxbuf: t.addr(buf) })
          .res,
      ),
      'EBADF',
    );
  },
);

// ---- paths ------------------------------------------------------------------------------------

opTest('renameat', 'moves a file between two dir fds; RENAME_NOREPLACE gives EEXIST; RENAME_EXCHANGE swaps', (t) => {
  const a = join(t.dir, 'a'),
    b = join(t.dir, 'b');
  mkdirSync(a);
  mkdirSync(b);
  writeFileSync(join(a, 'x'), 'X');
  writeFileSync(join(b, 'y'), 'Y');
  withFd(openDir(a), (da) =>
    withFd(openDir(b), (db) => {
      assert.is(t.ok('renameat', { olddfd: da, oldpath: t.cstr('x'), newdfd: db, newpath: t.cstr('moved') }), 0);
      assert.not.ok(existsSync(join(a, 'x')));
      assert.is(readFileSync(join(b, 'moved'), 'utf8'), 'X');
      assert.is(
        resName(
          t.run('renameat', {
            olddfd: db,
            oldpath: t.cstr('moved'),
            newdfd: db,
            newpath: t.cstr('y'),
            renameFlags: RENAME_NOREPLACE,
          }).res,
        ),
        'EEXIST',
      );
      assert.is(readFileSync(join(b, 'y'), 'utf8'), 'Y');
      assert.is(
        t.ok('renameat', {
          olddfd: db,
          oldpath: t.cstr('moved'),
          newdfd: db,
          newpath: t.cstr('y'),
          renameFlags: RENAME_EXCHANGE,
        }),
        0,
      );
      assert.is(readFileSync(join(b, 'y'), 'utf8'), 'X');
      assert.is(readFileSync(join(b, 'moved'), 'utf8'), 'Y');
      assert.is(
        resName(t.run('renameat', { olddfd: -1, oldpath: t.cstr('y'), newdfd: db, newpath: t.cstr('z') }).res),
        'EBADF',
      );
    }),
  );
});

opTest('rename', 'renames by absolute paths; a missing source gives ENOENT', (t) => {
  const p = mkfile(t, 'R'),
    q = join(t.dir, 'renamed');
  assert.is(t.ok('rename', { oldpath: t.cstr(p), newpath: t.cstr(q) }), 0);
  assert.not.ok(existsSync(p));
  assert.is(readFileSync(q, 'utf8'), 'R');
  assert.is(resName(t.run('rename', { oldpath: t.cstr(p), newpath: t.cstr(q) }).res), 'ENOENT');
  assert.ok(existsSync(q));
});

opTest(
  'unlinkat',
  'removes a file and (AT_REMOVEDIR) a directory relative to a dir fd; a dir without the flag gives EISDIR',
  (t) => {
    mkfile(t, 'gone', 'victim');
    mkdirSync(join(t.dir, 'sub'));
    withFd(openDir(t.dir), (dfd) => {
      assert.is(t.ok('unlinkat', { dfd, path: t.cstr('victim') }), 0);
      assert.not.ok(existsSync(join(t.dir, 'victim')));
      assert.is(resName(t.run('unlinkat', { dfd, path: t.cstr('sub'), unlinkFlags: 0 }).res), 'EISDIR');
      assert.ok(existsSync(join(t.dir, 'sub')));
      assert.is(t.ok('unlinkat', { dfd, path: t.cstr('sub'), unlinkFlags: AT_REMOVEDIR }), 0);
      assert.not.ok(existsSync(join(t.dir, 'sub')));
      assert.is(resName(t.run('unlinkat', { dfd, path: t.cstr('victim') }).res), 'ENOENT');
    });
    assert.is(resName(t.run('unlinkat', { dfd: -1, path: t.cstr('victim') }).res), 'EBADF');
  },
);

opTest('unlink', 'removes a file, and a directory with AT_REMOVEDIR; a missing path gives ENOENT', (t) => {
  const p = mkfile(t, 'u');
  const d = join(t.dir, 'd');
  mkdirSync(d);
  assert.is(t.ok('unlink', { path: t.cstr(p) }), 0);
  assert.not.ok(existsSync(p));
  assert.is(resName(t.run('unlink', { path: t.cstr(d) }).res), 'EISDIR');
  assert.is(t.ok('unlink', { path: t.cstr(d), unlinkFlags: AT_REMOVEDIR }), 0);
  assert.not.ok(existsSync(d));
  assert.is(resName(t.run('unlink', { path: t.cstr(p) }).res), 'ENOENT');
});

opTest('mkdirat', 'creates a directory with a mode relative to a dir fd; again gives EEXIST, fd -1 EBADF', (t) => {
  withFd(openDir(t.dir), (dfd) => {
    assert.is(t.ok('mkdirat', { dfd, path: t.cstr('made'), mode: 0o751 }), 0);
    const s = statSync(join(t.dir, 'made'));
    assert.ok(s.isDirectory());
    assert.is(s.mode & 0o777, 0o751 & ~process.umask());
    assert.is(resName(t.run('mkdirat', { dfd, path: t.cstr('made'), mode: 0o700 }).res), 'EEXIST');
  });
  assert.is(resName(t.run('mkdirat', { dfd: -1, path: t.cstr('rel'), mode: 0o700 }).res), 'EBADF');
});

opTest('mkdir', 'creates a directory by absolute path; a missing parent gives ENOENT', (t) => {
  const d = join(t.dir, 'newdir');
  assert.is(t.ok('mkdir', { path: t.cstr(d), mode: 0o700 }), 0);
  assert.ok(statSync(d).isDirectory());
  assert.is(statSync(d).mode & 0o777, 0o700);
  assert.is(resName(t.run('mkdir', { path: t.cstr(join(t.dir, 'no', 'parent')), mode: 0o700 }).res), 'ENOENT');
  assert.is(resName(t.run('mkdir', { path: t.cstr(d), mode: 0o700 }).res), 'EEXIST');
});

opTest('symlinkat', 'creates a link relative to a dir fd with the given target text; again gives EEXIST', (t) => {
  withFd(openDir(t.dir), (dfd) => {
    assert.is(t.ok('symlinkat', { target: t.cstr('some/where/else'), newdirfd: dfd, linkpath: t.cstr('ln') }), 0);
    assert.ok(lstatSync(join(t.dir, 'ln')).isSymbolicLink());
    assert.is(readlinkSync(join(t.dir, 'ln')), 'some/where/else');
    assert.is(
      resName(t.run('symlinkat', { target: t.cstr('x'), newdirfd: dfd, linkpath: t.cstr('ln') }).res),
      'EEXIST',
    );
  });
  assert.is(resName(t.run('symlinkat', { target: t.cstr('x'), newdirfd: -1, linkpath: t.cstr('ln2') }).res), 'EBADF');
});

opTest('symlink', 'creates a link by absolute path that resolves to the target', (t) => {
  const p = mkfile(t, 'pointed at');
  const l = join(t.dir, 'sl');
  assert.is(t.ok('symlink', { target: t.cstr(p), linkpath: t.cstr(l) }), 0);
  assert.is(readlinkSync(l), p);
  assert.is(readFileSync(l, 'utf8'), 'pointed at');
  assert.is(resName(t.run('symlink', { target: t.cstr(p), linkpath: t.cstr(l) }).res), 'EEXIST');
});

opTest(
  'linkat',
  'hard-links across dir fds (same inode, nlink 2); AT_SYMLINK_FOLLOW links the target, not the link',
  (t) => {
    const p = mkfile(t, 'hard', 'orig');
    symlinkSync('orig', join(t.dir, 'sym'));
    mkdirSync(join(t.dir, 'other'));
    withFd(openDir(t.dir), (d1) =>
      withFd(openDir(join(t.dir, 'other')), (d2) => {
        assert.is(t.ok('linkat', { olddfd: d1, oldpath: t.cstr('orig'), newdfd: d2, newpath: t.cstr('hl') }), 0);
        const s = statSync(p),
          h = statSync(join(t.dir, 'other', 'hl'));
        assert.is(h.ino, s.ino);
        assert.is(s.nlink, 2);
        assert.is(t.ok('linkat', { olddfd: d1, oldpath: t.cstr('sym'), newdfd: d2, newpath: t.cstr('nofollow') }), 0);
        assert.ok(
          lstatSync(join(t.dir, 'other', 'nofollow')).isSymbolicLink(),
          'without the flag the link itself is linked',
        );
        assert.is(
          t.ok('linkat', {
            olddfd: d1,
            oldpath: t.cstr('sym'),
            newdfd: d2,
            newpath: t.cstr('follow'),
            hardlinkFlags: AT_SYMLINK_FOLLOW,
          }),
          0,
        );
        const f = lstatSync(join(t.dir, 'other', 'follow'));
        assert.ok(f.isFile());
        assert.is(f.ino, s.ino);
        assert.is(
          resName(t.run('linkat', { olddfd: d1, oldpath: t.cstr('orig'), newdfd: d2, newpath: t.cstr('hl') }).res),
          'EEXIST',
        );
        assert.is(
          resName(t.run('linkat', { olddfd: -1, oldpath: t.cstr('orig'), newdfd: d2, newpath: t.cstr('z') }).res),
          'EBADF',
        );
      }),
    );
  },
);

opTest('link', 'hard-links by absolute paths; a missing source gives ENOENT', (t) => {
  const p = mkfile(t, 'L');
  const q = join(t.dir, 'lnk');
  assert.is(t.ok('link', { oldpath: t.cstr(p), newpath: t.cstr(q) }), 0);
  assert.is(statSync(q).ino, statSync(p).ino);
  assert.is(statSync(p).nlink, 2);
  assert.is(
    resName(t.run('link', { oldpath: t.cstr(join(t.dir, 'none')), newpath: t.cstr(join(t.dir, 'z')) }).res),
    'ENOENT',
  );
  assert.not.ok(existsSync(join(t.dir, 'z')));
});

// ---- extended attributes ----------------------------------------------------------------------
// user.* xattrs on the temp dir's filesystem (ext4 here, via os.tmpdir()); where that refuses them
// (EOPNOTSUPP), the tests move to /dev/shm (tmpfs has user.* xattrs since Linux 6.6).

/** A file for xattr tests, on a filesystem that takes user.* xattrs. */
function xattrFile(t: Ctx): string {
  const p = mkfile(t, 'attrs');
  const name = t.cstr('user.uring.probe'),
    v = Buffer.from('1');
  const c = t.run('setxattr', { name, value: t.addr(v), path: t.cstr(p), xattrFlags: 0, len: 1 });
  if (c.res === 0) return p;
  assert.is(resName(c.res), 'EOPNOTSUPP', 'setxattr on the temp dir');
  const dir = mkdtempSync('/dev/shm/uring-xattr-');
  t.pins.push({ dispose: () => rmSync(dir, { recursive: true, force: true }) });
  const q = join(dir, 'f');
  writeFileSync(q, 'attrs');
  return q;
}

/** Read xattr `name` of `path` through the ring (getxattr): the value, or the errno name. */
function getx(t: Ctx, path: string, name: string): string {
  const v = Buffer.alloc(64);
  const c = t.run('getxattr', { name: t.cstr(name), value: t.addr(v), path: t.cstr(path), len: 64 });
  return c.res < 0 ? resName(c.res) : v.subarray(0, c.res).toString();
}

/** Read xattr `name` of `fd` through the ring (fgetxattr): the value, or the errno name. */
function fgetx(t: Ctx, fd: number, name: string): string {
  const v = Buffer.alloc(64);
  const c = t.run('fgetxattr', { fd, name: t.cstr(name), value: t.addr(v), len: 64 });
  return c.res < 0 ? resName(c.res) : v.subarray(0, c.res).toString();
}

/** Remove what xattrFile put under /dev/shm. */
function cleanup(t: Ctx): void {
  for (const p of t.pins) if (p && typeof p === 'object' && 'dispose' in p) (p as { dispose(): void }).dispose();
}

opTest(
  'setxattr',
  'sets a user.* xattr that fgetxattr reads back; XATTR_CREATE on it gives EEXIST, XATTR_REPLACE of a missing one ENODATA',
  (t) => {
    try {
      const p = xattrFile(t);
      const v = Buffer.from('value-1');
      assert.is(
        t.ok('setxattr', {
          name: t.cstr('user.k'),
          value: t.addr(v),
          path: t.cstr(p),
          xattrFlags: XATTR_CREATE,
          len: v.length,
        }),
        0,
      );
      withFd(openSync(p, 'r'), (fd) => assert.is(fgetx(t, fd, 'user.k'), 'value-1'));
      assert.is(
        resName(
          t.run('setxattr', {
            name: t.cstr('user.k'),
            value: t.addr(v),
            path: t.cstr(p),
            xattrFlags: XATTR_CREATE,
            len: 3,
          }).res,
        ),
        'EEXIST',
      );
      const v2 = Buffer.from('second');
      assert.is(
        t.ok('setxattr', {
          name: t.cstr('user.k'),
          value: t.addr(v2),
          path: t.cstr(p),
          xattrFlags: XATTR_REPLACE,
          len: 6,
        }),
        0,
      );
      assert.is(getx(t, p, 'user.k'), 'second');
      assert.is(
        resName(
          t.run('setxattr', {
            name: t.cstr('user.none'),
            value: t.addr(v),
            path: t.cstr(p),
            xattrFlags: XATTR_REPLACE,
            len: 3,
          }).res,
        ),
        'ENODATA',
      );
      assert.is(
        resName(
          t.run('setxattr', {
            name: t.cstr('user.k'),
            value: t.addr(v),
            path: t.cstr(join(p, '..', 'missing')),
            xattrFlags: 0,
            len: 3,
          }).res,
        ),
        'ENOENT',
      );
    } finally {
      cleanup(t);
    }
  },
);

opTest(
  'getxattr',
  'reads back a value set through fsetxattr; len 0 asks for the size; too small a buffer gives ERANGE; missing ENODATA',
  (t) => {
    try {
      const p = xattrFile(t);
      const v = Buffer.from('from-fd');
      withFd(openSync(p, 'r'), (fd) => {
        assert.is(t.ok('fsetxattr', { fd, name: t.cstr('user.g'), value: t.addr(v), xattrFlags: 0, len: v.length }), 0);
      });
      assert.is(getx(t, p, 'user.g'), 'from-fd');
      assert.is(t.ok('getxattr', { name: t.cstr('user.g'), value: 0, path: t.cstr(p), len: 0 }), 7);
      const small = Buffer.alloc(2);
      assert.is(
        resName(t.run('getxattr', { name: t.cstr('user.g'), value: t.addr(small), path: t.cstr(p), len: 2 }).res),
        'ERANGE',
      );
      assert.is(getx(t, p, 'user.missing'), 'ENODATA');
    } finally {
      cleanup(t);
    }
  },
);

opTest('fsetxattr', 'sets a user.* xattr on an fd that getxattr (by path) reads back; fd -1 gives EBADF', (t) => {
  try {
    const p = xattrFile(t);
    withFd(openSync(p, 'r'), (fd) => {
      const v = Buffer.from('on-fd');
      assert.is(
        t.ok('fsetxattr', { fd, name: t.cstr('user.f'), value: t.addr(v), xattrFlags: XATTR_CREATE, len: 5 }),
        0,
      );
      assert.is(getx(t, p, 'user.f'), 'on-fd');
      assert.is(
        resName(
          t.run('fsetxattr', { fd, name: t.cstr('user.f'), value: t.addr(v), xattrFlags: XATTR_CREATE, len: 5 }).res,
        ),
        'EEXIST',
      );
      assert.is(
        resName(t.run('fsetxattr', { fd: -1, name: t.cstr('user.f'), value: t.addr(v), xattrFlags: 0, len: 5 }).res),
        'EBADF',
      );
    });
  } finally {
    cleanup(t);
  }
});

opTest(
  'fgetxattr',
  'reads back a value set through setxattr; len 0 asks for the size; missing ENODATA, fd -1 EBADF',
  (t) => {
    try {
      const p = xattrFile(t);
      const v = Buffer.from('by-path');
      assert.is(
        t.ok('setxattr', { name: t.cstr('user.h'), value: t.addr(v), path: t.cstr(p), xattrFlags: 0, len: 7 }),
        0,
      );
      withFd(openSync(p, 'r'), (fd) => {
        assert.is(fgetx(t, fd, 'user.h'), 'by-path');
        assert.is(t.ok('fgetxattr', { fd, name: t.cstr('user.h'), value: 0, len: 0 }), 7);
        assert.is(fgetx(t, fd, 'user.nothing'), 'ENODATA');
      });
      assert.is(fgetx(t, -1, 'user.h'), 'EBADF');
    } finally {
      cleanup(t);
    }
  },
);

// ---- registered files -------------------------------------------------------------------------

opTest(
  'filesUpdate',
  'fills, replaces and empties slots (and allocates with FILE_INDEX_ALLOC); no table gives ENXIO',
  (t) => {
    const a = mkfile(t, 'file A'),
      b = mkfile(t, 'file B');
    withFd(openSync(a, 'r'), (fa) =>
      withFd(openSync(b, 'r'), (fb) => {
        const fds = new Int32Array([fa]);
        assert.is(resName(t.run('filesUpdate', { fds: t.addr(fds), nrFds: 1, offset: 0 }).res), 'ENXIO');
        registerSparseFiles(t, 4);
        assert.is(t.ok('filesUpdate', { fds: t.addr(fds), nrFds: 1, offset: 2 }), 1);
        assert.is(readSlot(t, 2), 'file A');
        assert.is(readSlot(t, 1), 'EBADF');
        const two = new Int32Array([fb, -2]); // -2: IORING_REGISTER_FILES_SKIP, slot 3 untouched
        assert.is(t.ok('filesUpdate', { fds: t.addr(two), nrFds: 2, offset: 2 }), 2);
        assert.is(readSlot(t, 2), 'file B');
        assert.is(readSlot(t, 3), 'EBADF');
        const clear = new Int32Array([-1]);
        assert.is(t.ok('filesUpdate', { fds: t.addr(clear), nrFds: 1, offset: 2 }), 1);
        assert.is(readSlot(t, 2), 'EBADF');
        const alloc = new Int32Array([fa]);
        assert.is(t.ok('filesUpdate', { fds: t.addr(alloc), nrFds: 1, offset: FILE_INDEX_ALLOC }), 1);
        const slot = alloc[0]!;
        assert.ok(slot >= 0 && slot < 4 && slot !== fa, `slot written back: ${slot}`);
        assert.is(readSlot(t, slot), 'file A');
      }),
    );
  },
);

opTest(
  'fixedFdInstall',
  'turns a direct descriptor into a working process fd (O_CLOEXEC unless NO_CLOEXEC); an empty slot gives EBADF',
  (t) => {
    registerSparseFiles(t, 2);
    const p = mkfile(t, 'installed');
    assert.is(t.ok('openatDirect', { dfd: AT_FDCWD, path: t.cstr(p), openFlags: O_RDONLY, mode: 0, fileIndex: 0 }), 0);
    const fd = t.ok('fixedFdInstall', { fd: 0 });
    withFd(fd, () => {
      assert.ok(cloexec(fd), 'O_CLOEXEC by default');
      const b = Buffer.alloc(32);
      assert.is(b.subarray(0, readSync(fd, b, 0, 32, 0)).toString(), 'installed');
      assert.is(fstatSync(fd).ino, statSync(p).ino);
    });
    const fd2 = t.ok('fixedFdInstall', { fd: 0, installFdFlags: FIXED_FD.NO_CLOEXEC });
    withFd(fd2, () => assert.not.ok(cloexec(fd2), 'NO_CLOEXEC'));
    assert.is(readSlot(t, 0), 'installed', 'the slot keeps its file');
    assert.is(resName(t.run('fixedFdInstall', { fd: 1 }).res), 'EBADF');
  },
);

test.run();
