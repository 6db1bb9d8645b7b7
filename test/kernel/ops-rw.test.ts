// Kernel tests of the read/write family and nop (builders in ts/ops/rw.ts).
import { OpUnsupportedError } from '../../ts/ring/ring.ts';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { opTest, resName, type Ctx } from './_ops.ts';
import { none } from './_kit.ts';
import { CQE_F, CQE_BUFFER_SHIFT } from '../../ts/constants.ts';
import { REGISTER } from '../../shim/sys/abi.ts';
import { ioUringRegister } from '../../shim/register/call.ts';
import { probe } from '../../shim/register/probe.ts';
import { pipe, write as sysWrite, close as sysClose, O_CLOEXEC, O_NONBLOCK } from '../../shim/sys/libc.ts';

/** RWF_* of preadv2/pwritev2 (uapi linux/fs.h). */
const RWF_APPEND = 0x10;
const RWF_NOSIGNAL = 0x100;
const RWF_NOWAIT = 0x08;

// ---- helpers ----------------------------------------------------------------------------------

/** A file in the test's temp dir holding `content`, opened with `flags`; returns [path, fd]. */
function file(t: Ctx, content: string, flags = 'r+'): [string, number] {
  const p = join(t.dir, `f${Math.random().toString(36).slice(2)}`);
  writeFileSync(p, content);
  const fd = openSync(p, flags);
  return [p, fd];
}

/** An iovec array (struct iovec {void *base; size_t len}) over `parts` ([address, length] pairs), pinned. */
function iovecs(t: Ctx, parts: [number, number][]): number {
  const iov = new BigUint64Array(parts.length * 2);
  parts.forEach(([a, n], i) => {
    iov[2 * i] = BigInt(a);
    iov[2 * i + 1] = BigInt(n);
  });
  return t.addr(iov);
}

/** Register `bufs` as the ring's fixed buffers (IORING_REGISTER_BUFFERS with an iovec array); returns their addresses. */
function registerBuffers(t: Ctx, bufs: Uint8Array[]): number[] {
  const addrs = bufs.map((b) => t.addr(b));
  const iov = new BigUint64Array(bufs.length * 2);
  bufs.forEach((b, i) => {
    iov[2 * i] = BigInt(addrs[i]!);
    iov[2 * i + 1] = BigInt(b.byteLength);
  });
  ioUringRegister(t.ring.backend.fd, REGISTER.BUFFERS, iov, bufs.length);
  return addrs;
}

/** A page-sized buffer in its own ArrayBuffer (off the V8 heap, never moved). */
function page(size = 4096): Uint8Array {
  return new Uint8Array(new ArrayBuffer(size));
}

// ---- nop --------------------------------------------------------------------------------------

opTest('nop', 'completes with 0 and echoes user_data', (t) => {
  const c = t.run('nop', { userData: 0x1234 });
  assert.is(c.res, 0);
  assert.is(c.userData, 0x1234);
  assert.is(c.flags & CQE_F.MORE, 0);
});

// NOP128 is a 6.19 opcode; this kernel may predate it. Only a ring with 128-byte SQEs can carry it.
opTest(
  'nop128',
  'refused by the probe check before 6.19; needs a 128-byte SQE; the kernel runs it (>= 6.19)',
  (t) => {
    const p = probe(t.ring.backend.fd);
    const info = p.ops.find((o) => o.name === 'NOP128');
    assert.ok(info, 'the probe knows NOP128');
    assert.is(info!.since, '6.19');
    if (!p.supported('NOP128')) {
      // The Ring consults the probe: a clear error naming the op and the kernel version, nothing queued.
      const before = t.ring.sqPending;
      assert.throws(
        () => t.queue('nop128', {}),
        (e: Error) =>
          e instanceof OpUnsupportedError &&
          (e as OpUnsupportedError).code === 'ERR_URING_OP_UNSUPPORTED' &&
          /IORING_OP_NOP128 needs Linux 6\.19/.test(e.message),
      );
      assert.is(t.ring.sqPending, before);
      return;
    }
    if (t.ring.params.sqeSize !== 128) {
      assert.throws(
        () => t.queue('nop128', {}),
        (e: Error) => e instanceof RangeError && /128-byte SQE/.test(e.message) && /SQE128/.test(e.message),
      );
      return;
    }
    assert.is(t.run('nop128', {}).res, 0);
  },
  { shapes: ['default', 'SQE128|CQE32'] },
); // the other shapes have 64-byte SQEs like 'default'

// ---- read / write -----------------------------------------------------------------------------

opTest('read', 'reads file bytes at an offset, and at the file position with -1; fd -1 gives EBADF', (t) => {
  const [, fd] = file(t, 'hello, io_uring', 'r');
  try {
    const buf = Buffer.alloc(8);
    assert.is(t.ok('read', { fd, buf: t.addr(buf), nbytes: 8, offset: 7 }), 8);
    assert.is(buf.toString(), 'io_uring');
    const b2 = Buffer.alloc(5);
    assert.is(t.ok('read', { fd, buf: t.addr(b2), nbytes: 5, offset: -1 }), 5); // position 0 → 5
    assert.is(b2.toString(), 'hello');
    assert.is(t.ok('read', { fd, buf: t.addr(b2), nbytes: 2, offset: -1 }), 2); // position advanced
    assert.is(b2.subarray(0, 2).toString(), ', ');
    assert.is(resName(t.run('read', { fd: -1, buf: t.addr(buf), nbytes: 8, offset: 0 }).res), 'EBADF');
  } finally {
    closeSync(fd);
  }
});

opTest('write', 'writes bytes at an offset; RWF_APPEND appends; read-only fd gives EBADF', (t) => {
  const [p, fd] = file(t, '..........');
  try {
    const buf = Buffer.from('ring');
    assert.is(t.ok('write', { fd, buf: t.addr(buf), nbytes: 4, offset: 3 }), 4);
    assert.is(readFileSync(p, 'utf8'), '...ring...');
    assert.is(t.ok('write', { fd, buf: t.addr(buf), nbytes: 2, offset: 0, rwFlags: RWF_APPEND }), 2);
    assert.is(readFileSync(p, 'utf8'), '...ring...ri');
    assert.is(resName(t.run('write', { fd: -1, buf: t.addr(buf), nbytes: 4, offset: 0 }).res), 'EBADF');
  } finally {
    closeSync(fd);
  }
  const ro = openSync(p, 'r');
  try {
    const buf = Buffer.from('x');
    assert.is(resName(t.run('write', { fd: ro, buf: t.addr(buf), nbytes: 1, offset: 0 }).res), 'EBADF');
    assert.is(readFileSync(p, 'utf8'), '...ring...ri');
  } finally {
    closeSync(ro);
  }
});

// RWF_NOSIGNAL (6.15): a write to a pipe without readers is -EPIPE either way, but raises no SIGPIPE. The write
// fails inline (before any wait), so the signal, if any, goes to the submitting thread (this one; with SQPOLL the
// SQ thread, which ignores it); a JS handler counts it.
opTest(
  'write',
  'RWF_NOSIGNAL is accepted: EPIPE on a reader-less pipe without SIGPIPE (plain write raises one)',
  async (t) => {
    let sigpipes = 0;
    const onPipe = () => sigpipes++;
    process.on('SIGPIPE', onPipe);
    try {
      const [r, w] = pipe(O_CLOEXEC);
      sysClose(r);
      try {
        const buf = Buffer.from('x');
        const tick = () => new Promise((res) => setTimeout(res, 50));
        assert.is(resName(t.run('write', { fd: w, buf: t.addr(buf), nbytes: 1, offset: -1 }).res), 'EPIPE');
        await tick();
        const plain = t.shape === 'SQPOLL' ? 0 : 1;
        assert.is(sigpipes, plain, 'a plain write raises SIGPIPE (in the submitting thread)');
        const res = t.run('write', { fd: w, buf: t.addr(buf), nbytes: 1, offset: -1, rwFlags: RWF_NOSIGNAL }).res;
        assert.is(resName(res), 'EPIPE', 'NOSIGNAL: EPIPE (not EINVAL / EOPNOTSUPP)');
        await tick();
        assert.is(sigpipes, plain, 'NOSIGNAL: no SIGPIPE');
      } finally {
        sysClose(w);
      }
    } finally {
      process.off('SIGPIPE', onPipe);
    }
  },
);

opTest('readv', 'scatters file bytes over two iovecs; fd -1 gives EBADF', (t) => {
  const [, fd] = file(t, '0123456789', 'r');
  try {
    const a = Buffer.alloc(3),
      b = Buffer.alloc(4);
    const iov = iovecs(t, [
      [t.addr(a), 3],
      [t.addr(b), 4],
    ]);
    assert.is(t.ok('readv', { fd, iovecs: iov, nrVecs: 2, offset: 2 }), 7);
    assert.is(a.toString(), '234');
    assert.is(b.toString(), '5678');
    assert.is(resName(t.run('readv', { fd: -1, iovecs: iov, nrVecs: 2, offset: 0 }).res), 'EBADF');
  } finally {
    closeSync(fd);
  }
});

opTest('writev', 'gathers two iovecs into the file; rwFlags RWF_APPEND ignores the offset; fd -1 gives EBADF', (t) => {
  const [p, fd] = file(t, '----------');
  try {
    const a = Buffer.from('ab'),
      b = Buffer.from('cde');
    const iov = iovecs(t, [
      [t.addr(a), 2],
      [t.addr(b), 3],
    ]);
    assert.is(t.ok('writev', { fd, iovecs: iov, nrVecs: 2, offset: 1 }), 5);
    assert.is(readFileSync(p, 'utf8'), '-abcde----');
    assert.is(t.ok('writev', { fd, iovecs: iov, nrVecs: 2, offset: 0, rwFlags: RWF_APPEND }), 5);
    assert.is(readFileSync(p, 'utf8'), '-abcde----abcde');
    assert.is(resName(t.run('writev', { fd: -1, iovecs: iov, nrVecs: 2, offset: 0 }).res), 'EBADF');
  } finally {
    closeSync(fd);
  }
});

// ---- registered buffers -----------------------------------------------------------------------

opTest(
  'readFixed',
  'reads into a registered buffer (second of two, inside it); outside it gives EFAULT; fd -1 EBADF',
  (t) => {
    const bufs = [page(), page()];
    const [a0, a1] = registerBuffers(t, bufs);
    const [, fd] = file(t, 'fixed buffers are pinned once', 'r');
    try {
      assert.is(t.ok('readFixed', { fd, buf: a1! + 100, nbytes: 5, offset: 6, bufIndex: 1 }), 5);
      assert.is(Buffer.from(bufs[1]!.subarray(100, 105)).toString(), 'buffe');
      assert.is(bufs[0]![100], 0, 'buffer 0 untouched');
      // buffer 0's address with index 1: not inside registered buffer 1
      assert.is(resName(t.run('readFixed', { fd, buf: a0!, nbytes: 5, offset: 0, bufIndex: 1 }).res), 'EFAULT');
      assert.is(resName(t.run('readFixed', { fd: -1, buf: a1!, nbytes: 5, offset: 0, bufIndex: 1 }).res), 'EBADF');
    } finally {
      closeSync(fd);
    }
  },
);

opTest('writeFixed', 'writes from a registered buffer at an offset; index past the table gives EFAULT', (t) => {
  const bufs = [page()];
  const [a0] = registerBuffers(t, bufs);
  bufs[0]!.set(Buffer.from('REGISTERED'), 200);
  const [p, fd] = file(t, '..........');
  try {
    assert.is(t.ok('writeFixed', { fd, buf: a0! + 200, nbytes: 3, offset: 4, bufIndex: 0 }), 3);
    assert.is(readFileSync(p, 'utf8'), '....REG...');
    assert.is(resName(t.run('writeFixed', { fd, buf: a0!, nbytes: 3, offset: 0, bufIndex: 5 }).res), 'EFAULT');
    assert.is(readFileSync(p, 'utf8'), '....REG...');
  } finally {
    closeSync(fd);
  }
});

opTest(
  'readvFixed',
  'scatters into two iovecs inside registered buffer 1; iovecs in buffer 0 with index 1 give EFAULT',
  (t) => {
    const bufs = [page(), page()];
    const [a0, a1] = registerBuffers(t, bufs);
    const [, fd] = file(t, 'abcdefghij', 'r');
    try {
      const iov = iovecs(t, [
        [a1! + 10, 2],
        [a1! + 50, 3],
      ]);
      assert.is(t.ok('readvFixed', { fd, iovecs: iov, nrVecs: 2, offset: 1, bufIndex: 1 }), 5);
      assert.is(Buffer.from(bufs[1]!.subarray(10, 12)).toString(), 'bc');
      assert.is(Buffer.from(bufs[1]!.subarray(50, 53)).toString(), 'def');
      const bad = iovecs(t, [[a0!, 4]]);
      assert.is(resName(t.run('readvFixed', { fd, iovecs: bad, nrVecs: 1, offset: 0, bufIndex: 1 }).res), 'EFAULT');
      assert.is(bufs[0]![0], 0);
      const outside = Buffer.alloc(16);
      const bad2 = iovecs(t, [[t.addr(outside), 4]]);
      assert.is(resName(t.run('readvFixed', { fd, iovecs: bad2, nrVecs: 1, offset: 0, bufIndex: 0 }).res), 'EFAULT');
      assert.is(outside[0], 0);
    } finally {
      closeSync(fd);
    }
  },
);

opTest('writevFixed', 'gathers two iovecs inside a registered buffer into the file; fd -1 gives EBADF', (t) => {
  const bufs = [page()];
  const [a0] = registerBuffers(t, bufs);
  bufs[0]!.set(Buffer.from('xyz'), 0);
  bufs[0]!.set(Buffer.from('123'), 3000);
  const [p, fd] = file(t, '________');
  try {
    const iov = iovecs(t, [
      [a0! + 3000, 3],
      [a0!, 3],
    ]);
    assert.is(t.ok('writevFixed', { fd, iovecs: iov, nrVecs: 2, offset: 2, bufIndex: 0 }), 6);
    assert.is(readFileSync(p, 'utf8'), '__123xyz');
    assert.is(resName(t.run('writevFixed', { fd: -1, iovecs: iov, nrVecs: 2, offset: 0, bufIndex: 0 }).res), 'EBADF');
  } finally {
    closeSync(fd);
  }
});

// ---- multishot read ---------------------------------------------------------------------------

opTest(
  'readMultishot',
  'one CQE per pipe write with F_MORE and a provided buffer id; EOF ends it; a regular file is refused',
  (t) => {
    const N = 4,
      SIZE = 64,
      BGID = 7;
    const pool = page(N * SIZE);
    assert.is(t.ok('provideBuffers', { addr: t.addr(pool), len: SIZE, nr: N, bgid: BGID, bid: 0 }), 0);
    const [r, w] = pipe(O_CLOEXEC | O_NONBLOCK);
    let wOpen = true;
    try {
      const ud = t.queue('readMultishot', { fd: r, offset: 0, bufGroup: BGID });
      t.ring.submit();
      const seen = new Set<number>();
      for (const msg of ['first', 'second!', 'third']) {
        sysWrite(w, msg);
        const [c] = t.wait(1);
        assert.is(c!.userData, ud);
        assert.is(c!.res, msg.length, `read of ${msg}: ${resName(c!.res)}`);
        assert.ok(c!.more, 'F_MORE: still armed');
        assert.ok(c!.flags & CQE_F.BUFFER, 'F_BUFFER: a provided buffer was used');
        const bid = c!.flags >>> CQE_BUFFER_SHIFT;
        assert.is(c!.bufId, bid);
        assert.ok(bid < N && !seen.has(bid), `a fresh buffer id (${bid})`);
        seen.add(bid);
        assert.is(Buffer.from(pool.subarray(bid * SIZE, bid * SIZE + msg.length)).toString(), msg);
      }
      sysClose(w);
      wOpen = false;
      const [end] = t.wait(1);
      assert.is(end!.userData, ud);
      assert.is(end!.res, 0, 'EOF');
      assert.not.ok(end!.more, 'the last CQE has no F_MORE');
    } finally {
      if (wOpen) sysClose(w);
      sysClose(r);
    }
    // A regular file is not pollable.
    const [, fd] = file(t, 'not a pipe', 'r');
    try {
      const c = t.run('readMultishot', { fd, offset: 0, bufGroup: BGID });
      assert.is(resName(c.res), 'EBADFD');
      assert.not.ok(c.more);
      assert.is(resName(t.run('readMultishot', { fd: -1, offset: 0, bufGroup: BGID }).res), 'EBADF');
    } finally {
      closeSync(fd);
    }
  },
);

// Audit (6.18): read_multishot takes rw_flags (__io_prep_rw). With RWF_NOWAIT it does not wait for more data:
// the first read gets what is there (F_MORE), then the empty pipe ends it with -EAGAIN instead of re-arming.
opTest('readMultishot', 'rwFlags RWF_NOWAIT: one read, then -EAGAIN ends it (plain: stays armed)', (t) => {
  const BGID = 9;
  const pool = page(4 * 64);
  assert.is(t.ok('provideBuffers', { addr: t.addr(pool), len: 64, nr: 4, bgid: BGID, bid: 0 }), 0);
  const [r, w] = pipe(O_CLOEXEC | O_NONBLOCK);
  try {
    sysWrite(w, 'abc');
    const ud = t.queue('readMultishot', { fd: r, offset: 0, bufGroup: BGID, rwFlags: RWF_NOWAIT });
    const [a, b] = t.wait(2);
    assert.is(a!.userData, ud);
    assert.is(a!.res, 3);
    assert.ok(a!.more, 'the first read keeps it armed');
    assert.is(b!.userData, ud);
    assert.is(resName(b!.res), 'EAGAIN', 'NOWAIT: the empty pipe ends it');
    assert.not.ok(b!.more);
    sysWrite(w, 'abc');
    const plain = t.queue('readMultishot', { fd: r, offset: 0, bufGroup: BGID });
    const [c] = t.wait(1);
    assert.is(c!.userData, plain);
    assert.is(c!.res, 3);
    none(t, 30, 'without NOWAIT it waits for more');
    t.queue('cancel', { targetUserData: plain });
    t.wait(2);
  } finally {
    sysClose(w);
    sysClose(r);
  }
});

test.run();
