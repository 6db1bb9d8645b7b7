// Kernel tests of uring_cmd and the socket / block commands (builders in ts/ops/cmd.ts). Sockets are loopback
// TCP pairs made through the ring; values are compared with what libc's ioctl / getsockopt / getsockname say.
//
// Kernel notes (6.18): URING_CMD128 (opcode 64) is Linux 6.19, so uringCmd128 / uringCmd128Fixed are tested
// for the probe's answer and the library's refusal naming the version (and on 64-byte rings, the SQE size).
// SOCKET_URING_OP_GETSOCKNAME is 6.19 as well: 6.18 sockets answer EOPNOTSUPP. cmdDiscard runs on a loop device
// (losetup) when one can be set up; the error cases run everywhere.
import { OpUnsupportedError } from '../../ts/ring/ring.ts';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { resName } from './_ops.ts';
import { enc } from './_env.ts';
import {
  netTest,
  pushRaw,
  registerBuffers,
  sockName,
  portOf,
  getIntOpt,
  setIntOpt,
  ioctlInt,
  libcSend,
  pattern,
  SIOCINQ,
  SIOCOUTQ,
  SOL_SOCKET,
  SO_TYPE,
  SO_RCVBUF,
  SO_SNDBUF,
  SO_KEEPALIVE,
  IPPROTO_TCP,
  TCP_NODELAY,
  SOCK_STREAM,
} from './_net.ts';
import { probe } from '../../shim/register/probe.ts';
import { compareVersions } from '../../shim/sys/abi.ts';
import { kernelVersion, pipe, close } from '../../shim/sys/libc.ts';
import type { KernelBackend } from '../../shim/kernel/backend.ts';
import { OP } from '../../ts/constants.ts';
import { SOCKET_URING_OP } from '../../ts/opflags.ts';

const KERNEL = kernelVersion();
const atLeast = (v: string) => compareVersions(KERNEL, v) >= 0;

/** Fill `fd`'s send path until the kernel takes no more (non-blocking): bytes written. */
function fillSendQueue(fd: number): number {
  const chunk = Buffer.alloc(65536, 0x5a);
  let total = 0;
  for (;;) {
    const r = libcSend(fd, chunk);
    if (r < 0) return total;
    total += r;
  }
}

// ---- uringCmd ----------------------------------------------------------------------------------------

netTest(
  'uringCmd',
  'socket SIOCINQ / SIOCOUTQ (cmd_op) equal ioctl(2); unknown cmd_op and non-sockets: EOPNOTSUPP',
  (t, n) => {
    const [c, s] = n.tcpPair();
    assert.is(t.ok('uringCmd', { cmdOp: SOCKET_URING_OP.SIOCINQ, fd: s }), 0, 'nothing queued yet');
    assert.is(libcSend(c, Buffer.from('hello, world!')), 13);
    assert.is(t.ok('uringCmd', { cmdOp: SOCKET_URING_OP.SIOCINQ, fd: s }), 13, 'SIOCINQ: 13 bytes unread');
    assert.is(ioctlInt(s, SIOCINQ), 13);
    // SIOCOUTQ: stall the sender (small receive buffer, nobody reads) so bytes stay unacknowledged.
    setIntOpt(s, SOL_SOCKET, SO_RCVBUF, 4096);
    setIntOpt(c, SOL_SOCKET, SO_SNDBUF, 65536);
    assert.ok(fillSendQueue(c) > 0);
    const outq = t.ok('uringCmd', { cmdOp: SOCKET_URING_OP.SIOCOUTQ, fd: c });
    assert.ok(outq > 0, `SIOCOUTQ > 0 (${outq})`);
    assert.is(outq, ioctlInt(c, SIOCOUTQ), 'SIOCOUTQ equals ioctl(TIOCOUTQ)');
    assert.is(t.ok('uringCmd', { cmdOp: SOCKET_URING_OP.SIOCINQ, fd: c }), 0, 'the sender has nothing to read');
    assert.is(resName(t.run('uringCmd', { cmdOp: 0x77, fd: s }).res), 'EOPNOTSUPP', 'unknown socket command');
    const [r, w] = pipe();
    try {
      assert.is(resName(t.run('uringCmd', { cmdOp: 0, fd: r }).res), 'EOPNOTSUPP', 'a pipe has no ->uring_cmd');
    } finally {
      close(r);
      close(w);
    }
  },
);

netTest(
  'uringCmdFixed',
  'IORING_URING_CMD_FIXED with a registered buffer runs the command; unknown flag bits are EINVAL',
  (t, n) => {
    const [c, s] = n.tcpPair();
    registerBuffers(t, [Buffer.alloc(4096)]);
    assert.is(libcSend(c, pattern(21)), 21);
    // Sockets ignore the buffer, but the kernel's uring_cmd prep checks uring_cmd_flags (FIXED is a known bit).
    assert.is(t.ok('uringCmdFixed', { cmdOp: SOCKET_URING_OP.SIOCINQ, fd: s, bufIndex: 0 }), 21);
    // The same command with a flag bit the kernel does not know, pushed raw: EINVAL. So the field is checked,
    // and the FIXED our builder wrote there passed that check.
    pushRaw(
      t,
      enc.encodeRaw({
        opcode: OP.URING_CMD,
        fd: s,
        cmd_op: SOCKET_URING_OP.SIOCINQ,
        op_flags: 1 << 7,
        user_data: 0x5151,
      }),
    );
    const [raw] = t.wait(1);
    assert.is(raw!.userData, 0x5151);
    assert.is(resName(raw!.res), 'EINVAL');
    // FIXED with IOSQE_BUFFER_SELECT (no multishot) is refused too.
    assert.is(
      resName(t.run('uringCmdFixed', { cmdOp: 0, fd: s, bufIndex: 0, flags: 1 << 5, bufGroup: 1 }).res),
      'EINVAL',
    );
  },
);

// ---- uringCmd128 / uringCmd128Fixed (Linux 6.19) -----------------------------------------------------

for (const builder of ['uringCmd128', 'uringCmd128Fixed'] as const) {
  netTest(
    builder,
    'needs URING_CMD128 (Linux 6.19): the probe says so and prep refuses it by name before 6.19; 64-byte rings refuse it',
    (t, n) => {
      const [c, s] = n.tcpPair();
      const pr = probe((t.ring.backend as KernelBackend).fd);
      const op = pr.ops[OP.URING_CMD128]!;
      assert.is(op.name, 'URING_CMD128');
      assert.is(op.since, '6.19', 'the probe names the version');
      const supported = pr.supported('URING_CMD128');
      if (!atLeast('6.19')) assert.is(supported, false, `URING_CMD128 unsupported on ${KERNEL}`);
      if (builder === 'uringCmd128Fixed') registerBuffers(t, [Buffer.alloc(4096)]);
      const opts = {
        cmdOp: SOCKET_URING_OP.SIOCINQ,
        fd: s,
        ...(builder === 'uringCmd128Fixed' ? { bufIndex: 0 } : {}),
      };
      if (!supported) {
        // The Ring consults the probe: an error naming the op and Linux 6.19, on every ring shape, nothing staged.
        assert.throws(
          () => t.ring.prep(builder, opts),
          (e: Error) => e instanceof OpUnsupportedError && /IORING_OP_URING_CMD128 needs Linux 6\.19/.test(e.message),
        );
        assert.is(t.ring.sqPending, 0, 'nothing staged');
        return;
      }
      if (t.ring.params.sqeSize !== 128) {
        // The library refuses it before writing anything (an SQE_MIXED ring is not supported by this Ring).
        assert.throws(
          () => t.ring.prep(builder, opts),
          (e: Error) => e instanceof RangeError && /128-byte SQE.*SQE128/.test(e.message),
        );
        assert.is(t.ring.sqPending, 0, 'nothing staged');
        return;
      }
      assert.is(libcSend(c, pattern(9)), 9);
      assert.is(t.run(builder, opts).res, 9, 'SIOCINQ through a 128-byte command');
    },
  );
}

// ---- cmdSock -----------------------------------------------------------------------------------------

netTest('cmdSock', 'SETSOCKOPT / GETSOCKOPT agree with libc setsockopt / getsockopt', (t, n) => {
  const [c] = n.tcpPair();
  const val = new Int32Array(1);
  // GETSOCKOPT SO_TYPE: res = optlen written, the value SOCK_STREAM.
  assert.is(
    t.ok('cmdSock', {
      cmdOp: SOCKET_URING_OP.GETSOCKOPT,
      fd: c,
      level: SOL_SOCKET,
      optname: SO_TYPE,
      optval: t.addr(val),
      optlen: 4,
    }),
    4,
  );
  assert.is(val[0], SOCK_STREAM);
  // SETSOCKOPT SO_KEEPALIVE = 1: libc reads it back.
  assert.is(getIntOpt(c, SOL_SOCKET, SO_KEEPALIVE), 0);
  val[0] = 1;
  assert.is(
    t.ok('cmdSock', {
      cmdOp: SOCKET_URING_OP.SETSOCKOPT,
      fd: c,
      level: SOL_SOCKET,
      optname: SO_KEEPALIVE,
      optval: t.addr(val),
      optlen: 4,
    }),
    0,
  );
  assert.is(getIntOpt(c, SOL_SOCKET, SO_KEEPALIVE), 1);
  // SETSOCKOPT at IPPROTO_TCP (TCP_NODELAY).
  assert.is(getIntOpt(c, IPPROTO_TCP, TCP_NODELAY), 0);
  assert.is(
    t.ok('cmdSock', {
      cmdOp: SOCKET_URING_OP.SETSOCKOPT,
      fd: c,
      level: IPPROTO_TCP,
      optname: TCP_NODELAY,
      optval: t.addr(val),
      optlen: 4,
    }),
    0,
  );
  assert.ok(getIntOpt(c, IPPROTO_TCP, TCP_NODELAY) !== 0);
  // libc sets SO_RCVBUF, GETSOCKOPT sees the kernel's (doubled) value.
  setIntOpt(c, SOL_SOCKET, SO_RCVBUF, 12345);
  val[0] = 0;
  t.ok('cmdSock', {
    cmdOp: SOCKET_URING_OP.GETSOCKOPT,
    fd: c,
    level: SOL_SOCKET,
    optname: SO_RCVBUF,
    optval: t.addr(val),
    optlen: 4,
  });
  assert.is(val[0], getIntOpt(c, SOL_SOCKET, SO_RCVBUF));
  assert.is(val[0], 2 * 12345);
  // GETSOCKOPT is SOL_SOCKET only in io_uring; a short optlen for an int option is EINVAL.
  assert.is(
    resName(
      t.run('cmdSock', {
        cmdOp: SOCKET_URING_OP.GETSOCKOPT,
        fd: c,
        level: IPPROTO_TCP,
        optname: TCP_NODELAY,
        optval: t.addr(val),
        optlen: 4,
      }).res,
    ),
    'EOPNOTSUPP',
  );
  assert.is(
    resName(
      t.run('cmdSock', {
        cmdOp: SOCKET_URING_OP.SETSOCKOPT,
        fd: c,
        level: SOL_SOCKET,
        optname: SO_KEEPALIVE,
        optval: t.addr(val),
        optlen: 2,
      }).res,
    ),
    'EINVAL',
  );
});

// Audit (6.18): level and optname are ints the socket layer checks: an unknown option (optname 0 at SOL_SOCKET, or
// a negative level) is ENOPROTOOPT from the kernel, not a builder RangeError.
netTest('cmdSock', 'optname 0 and a negative level reach the kernel: ENOPROTOOPT', (t, n) => {
  const [c] = n.tcpPair();
  const val = new Int32Array([1]);
  const set = (level: number, optname: number) =>
    resName(
      t.run('cmdSock', { cmdOp: SOCKET_URING_OP.SETSOCKOPT, fd: c, level, optname, optval: t.addr(val), optlen: 4 })
        .res,
    );
  assert.is(set(SOL_SOCKET, 0), 'ENOPROTOOPT');
  assert.is(set(IPPROTO_TCP, 0), 'ENOPROTOOPT');
  assert.is(set(-1, SO_KEEPALIVE), 'ENOPROTOOPT');
});

// ---- cmdGetsockname (Linux 6.19) ---------------------------------------------------------------------

netTest(
  'cmdGetsockname',
  'getsockname / getpeername as a socket command (6.19); on older kernels EOPNOTSUPP',
  (t, n) => {
    const [c] = n.tcpPair();
    for (const peer of [0, 1]) {
      const sa = Buffer.alloc(128);
      const len = new Int32Array([128]);
      const res = t.run('cmdGetsockname', { fd: c, sockaddr: t.addr(sa), sockaddrLen: t.addr(len), peer }).res;
      if (atLeast('6.19')) {
        assert.is(res, 0, resName(res));
        assert.is(len[0], 16);
        assert.equal(sa.subarray(0, 16), sockName(c, peer === 1), peer ? 'peer address' : 'own address');
      } else {
        // SOCKET_URING_OP_GETSOCKNAME (5) is unknown to 6.18's io_uring_cmd_sock: the default case.
        assert.is(resName(res), 'EOPNOTSUPP', `on ${KERNEL}`);
        assert.is(len[0], 128, 'nothing written');
        assert.ok(sa.every((b) => b === 0));
      }
    }
    assert.ok(portOf(sockName(c)) > 0);
  },
);

// ---- cmdDiscard --------------------------------------------------------------------------------------

/** A loop device over a `size`-byte file filled with 0xab, or a reason why none could be made. */
function loopDevice(dir: string, size: number): { dev: string; detach: () => void } | { reason: string } {
  const file = join(dir, 'disk.img');
  writeFileSync(file, Buffer.alloc(size, 0xab));
  const r = spawnSync('losetup', ['-f', '--show', file], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return { reason: `losetup: ${r.error?.message ?? r.stderr.trim()}` };
  const dev = r.stdout.trim();
  return { dev, detach: () => void spawnSync('losetup', ['-d', dev]) };
}

netTest(
  'cmdDiscard',
  'discards a range of a loop device (reads back zero, the rest intact); errors: read-only fd, unaligned, non-block',
  (t, n) => {
    // Not a block device: a regular file and a socket have no (block) uring_cmd.
    const file = join(t.dir, 'plain');
    writeFileSync(file, Buffer.alloc(8192, 1));
    const ffd = n.own(openSync(file, 'r+'));
    assert.is(resName(t.run('cmdDiscard', { fd: ffd, offset: 0, nbytes: 4096 }).res), 'EOPNOTSUPP', 'regular file');
    const [sock] = n.tcpPair();
    assert.is(
      resName(t.run('cmdDiscard', { fd: sock, offset: 0, nbytes: 4096 }).res),
      'EOPNOTSUPP',
      'socket (unknown socket command)',
    );

    const loop = loopDevice(t.dir, 1 << 20);
    if ('reason' in loop) {
      console.log(`  cmdDiscard: no loop device (${loop.reason}); only the error cases ran`);
      return;
    }
    try {
      const fd = openSync(loop.dev, 'r+');
      try {
        assert.is(t.ok('cmdDiscard', { fd, offset: 8192, nbytes: 16384 }), 0);
        const back = Buffer.alloc(32768);
        assert.is(readSync(fd, back, 0, back.length, 0), back.length);
        assert.ok(
          back.subarray(0, 8192).every((b) => b === 0xab),
          'before the range: intact',
        );
        assert.ok(
          back.subarray(8192, 24576).every((b) => b === 0),
          'the range reads back zero',
        );
        assert.ok(
          back.subarray(24576).every((b) => b === 0xab),
          'after the range: intact',
        );
        assert.is(resName(t.run('cmdDiscard', { fd, offset: 100, nbytes: 4096 }).res), 'EINVAL', 'unaligned start');
        assert.is(resName(t.run('cmdDiscard', { fd, offset: 0, nbytes: 2 << 20 }).res), 'EINVAL', 'past the end');
      } finally {
        closeSync(fd);
      }
      const ro = openSync(loop.dev, 'r');
      try {
        assert.is(resName(t.run('cmdDiscard', { fd: ro, offset: 0, nbytes: 4096 }).res), 'EBADF', 'opened read-only');
      } finally {
        closeSync(ro);
      }
    } finally {
      loop.detach();
    }
  },
);

test.run();
