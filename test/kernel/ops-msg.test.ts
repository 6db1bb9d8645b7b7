// Kernel tests of the msg_ring ops (builders in ts/ops/msg.ts): CQEs posted into ANOTHER ring with the user_data,
// res and flags sent, and fixed files passed into the other ring's file table (then used there by a write).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { opTest, resName } from './_ops.ts';
import { none, otherRing, reap, withPipe } from './_kit.ts';
import { ioUringRegister } from '../../shim/register/call.ts';
import { REGISTER } from '../../shim/sys/abi.ts';
import { read } from '../../shim/sys/libc.ts';
import { IOSQE } from '../../ts/constants.ts';
import { MSG_RING } from '../../ts/opflags.ts';
import type { Ring } from '../../ts/ring/ring.ts';

function ringFd(r: Ring): number {
  return (r.backend as unknown as { fd: number }).fd;
}

/** Register `fds` (-1 = an empty slot) as the ring's fixed-file table. */
function files(r: Ring, fds: number[]): void {
  ioUringRegister(ringFd(r), REGISTER.FILES, new Int32Array(fds), fds.length);
}

/** Run `fn` with a second (target) ring, closed afterwards. */
function withTarget(fn: (target: Ring) => void): void {
  const target = otherRing();
  try {
    fn(target);
  } finally {
    target.close();
  }
}

/** Nothing arrived in `ring` (after a short grace). */
function empty(ring: Ring, why: string): void {
  const b = ring.copyCqes(0, undefined, { sec: 0, nsec: 30e6 });
  assert.is(b.count, 0, why);
}

/** Prove the target ring's fixed slot `slot` holds the pipe's write end: write through it, read the pipe. */
function writeThrough(target: Ring, slot: number, r: number, text: string): void {
  const buf = Buffer.from(text);
  target.prep('write', {
    fd: slot,
    buf,
    nbytes: buf.length,
    offset: -1,
    flags: IOSQE.FIXED_FILE,
    userData: 4242,
  });
  target.submit();
  const [c] = reap(target, 1);
  assert.is(c!.userData, 4242);
  assert.is(c!.res, buf.length, `write through the target's slot ${slot}: ${resName(c!.res)}`);
  const got = Buffer.alloc(64);
  assert.is(got.subarray(0, read(r, got)).toString(), text);
}

opTest(
  'msgRing',
  'the target ring gets a CQE {user_data, res} as sent; the sender gets 0; a non-ring fd is EBADFD',
  (t) => {
    withTarget((target) => {
      const res = t.run('msgRing', { fd: ringFd(target), len: 42, data: 0xabc_0000_1234 });
      assert.is(res.res, 0, `sender: ${resName(res.res)}`);
      const [c] = reap(target, 1);
      assert.is(c!.userData, 0xabc_0000_1234);
      assert.is(c!.res, 42);
      assert.is(c!.flags, 0);
      empty(t.ring, 'the sender got only its own CQE');
      // Several messages arrive in order.
      for (let i = 0; i < 3; i++) t.queue('msgRing', { fd: ringFd(target), len: 100 + i, data: 7000 + i });
      t.wait(3);
      assert.equal(
        reap(target, 3).map((x) => [x.userData, x.res]),
        [
          [7000, 100],
          [7001, 101],
          [7002, 102],
        ],
      );
    });
    withPipe((r) => assert.is(resName(t.run('msgRing', { fd: r, len: 1, data: 1 }).res), 'EBADFD'));
  },
);

opTest('msgRingCqeFlags', 'the target CQE carries the flags sent (IORING_MSG_RING_FLAGS_PASS)', (t) => {
  withTarget((target) => {
    const flags = 0x5a5a_0000;
    const res = t.run('msgRingCqeFlags', { fd: ringFd(target), len: 7, data: 0x77, cqeFlags: flags });
    assert.is(res.res, 0, `sender: ${resName(res.res)}`);
    const [c] = reap(target, 1);
    assert.is(c!.userData, 0x77);
    assert.is(c!.res, 7);
    assert.is(c!.flags >>> 0, flags, 'flags as sent');
  });
});

opTest(
  'msgRingFd',
  "our fixed file lands in the target's slot: the target writes through it; CQE_SKIP posts nothing",
  (t) => {
    withTarget((target) =>
      withPipe((r, w) => {
        files(t.ring, [w, -1]);
        files(target, [-1, -1, -1, -1]);
        const res = t.run('msgRingFd', { fd: ringFd(target), sourceFd: 0, targetFd: 2, data: 0x55 });
        assert.is(res.res, 0, `sender: ${resName(res.res)}`);
        const [c] = reap(target, 1);
        assert.is(c!.userData, 0x55);
        assert.is(c!.res, 0, 'a chosen slot: res 0');
        writeThrough(target, 2, r, 'via slot 2');

        const skip = t.run('msgRingFd', {
          fd: ringFd(target),
          sourceFd: 0,
          targetFd: 3,
          data: 0x56,
          msgRingFlags: MSG_RING.CQE_SKIP,
        });
        assert.is(skip.res, 0);
        empty(target, 'CQE_SKIP: no CQE in the target');
        writeThrough(target, 3, r, 'via slot 3');

        assert.is(
          resName(t.run('msgRingFd', { fd: ringFd(target), sourceFd: 1, targetFd: 0, data: 1 }).res),
          'EBADF',
          'an empty source slot',
        );
      }),
    );
  },
);

opTest('msgRingFdAlloc', 'the target picks a free slot; both CQEs report it as res', (t) => {
  withTarget((target) =>
    withPipe((r, w) => {
      files(t.ring, [w]);
      files(target, [w, -1, -1]); // slot 0 taken: the first free one is 1
      const res = t.run('msgRingFdAlloc', { fd: ringFd(target), sourceFd: 0, data: 0x66 });
      assert.is(res.res, 1, `sender: the slot the target picked (${resName(res.res)})`);
      const [c] = reap(target, 1);
      assert.is(c!.userData, 0x66);
      assert.is(c!.res, 1, 'the allocated slot');
      writeThrough(target, 1, r, 'via the allocated slot');
      none(t, 1);
    }),
  );
});

// Audit (6.18): FLAGS_PASS is in IORING_MSG_RING_MASK and io_msg_send_fd does not refuse it: accepted, and the
// target's CQE flags stay 0 (file_index is the slot, not CQE flags).
opTest('msgRingFd', 'FLAGS_PASS is accepted with a file: installed, the target CQE has flags 0', (t) => {
  withTarget((target) =>
    withPipe((r, w) => {
      files(t.ring, [w]);
      files(target, [-1, -1]);
      const res = t.run('msgRingFd', {
        fd: ringFd(target),
        sourceFd: 0,
        targetFd: 1,
        data: 0x57,
        msgRingFlags: MSG_RING.FLAGS_PASS,
      });
      assert.is(res.res, 0, `sender: ${resName(res.res)}`);
      const [c] = reap(target, 1);
      assert.is(c!.userData, 0x57);
      assert.is(c!.res, 0);
      assert.is(c!.flags, 0, 'no flags passed');
      writeThrough(target, 1, r, 'via slot 1, FLAGS_PASS');
    }),
  );
});

opTest('msgRingFdAlloc', 'FLAGS_PASS is accepted: the target still picks the slot and reports it', (t) => {
  withTarget((target) =>
    withPipe((r, w) => {
      files(t.ring, [w]);
      files(target, [-1, -1]);
      const res = t.run('msgRingFdAlloc', {
        fd: ringFd(target),
        sourceFd: 0,
        data: 0x58,
        msgRingFlags: MSG_RING.FLAGS_PASS,
      });
      assert.ok(res.res >= 0, `sender: ${resName(res.res)}`);
      const [c] = reap(target, 1);
      assert.is(c!.res, res.res, 'same slot in both CQEs');
      assert.is(c!.flags, 0);
      writeThrough(target, res.res, r, 'via the allocated slot');
    }),
  );
});

test.run();
