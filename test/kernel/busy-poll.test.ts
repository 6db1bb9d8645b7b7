// busyPoll (RingOptions): an SQPOLL ring that submits without entering (but to wake a sleeping SQ thread) and waits
// by polling the CQ tail in shared memory, copy mode and in place. Every enter is counted through the backend, so
// "no enter" is checked, not assumed; a wait's timeout is honoured while polling and after it falls back to the
// kernel; what ran is checked (user_data, bytes read).
import { readdirSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { unavailable } from './_env.ts';
import { core } from './_ops.ts';
import { tsBuf, withPipe } from './_kit.ts';
import { createRing } from '../../shim/index.ts';
import { KernelBackend } from '../../shim/kernel/backend.ts';
import { InPlaceBackend } from '../../shim/kernel/inplace.ts';
import { write } from '../../shim/sys/libc.ts';
import { ENTER, Ring, SETUP } from '../../ts/ring/ring.ts';

type Backend = KernelBackend;

/** Records the flags of every enter the Ring makes. */
function counted(b: Backend): number[] {
  const flags: number[] = [];
  const enter = b.enter.bind(b);
  b.enter = (toSubmit, minComplete, f, timeout) => {
    flags.push(f);
    return enter(toSubmit, minComplete, f, timeout);
  };
  return flags;
}

const MODES: Record<string, (idle: number) => Backend> = {
  copy: (idle) => KernelBackend.setup({ entries: 64, flags: SETUP.SQPOLL, sqThreadIdle: idle }),
  'in place': (idle) => InPlaceBackend.setup({ core, entries: 64, flags: SETUP.SQPOLL, sqThreadIdle: idle }),
};

if (!unavailable('busy-poll')) {
  test('createRing takes the Ring options beside the setup ones (busyPoll on SQPOLL; refused without, no fd left)', () => {
    const fds = () => readdirSync('/proc/self/fd').length;
    const fd0 = fds();
    const ring = createRing({ entries: 16, flags: SETUP.SQPOLL, sqThreadIdle: 50, busyPoll: true, batch: 8 });
    for (let i = 0; i < 100; i++) {
      ring.prep.nop({ userData: i });
      ring.submitAndWait(1);
      assert.is(ring.copyCqes(1).userData(0), i);
    }
    ring.close();
    assert.throws(() => createRing({ entries: 16, busyPoll: true }), /busyPoll needs an SQPOLL ring/);
    assert.is(fds(), fd0);
  });

  test('busyPoll needs an SQPOLL ring; busyPoll and busyPollUs are checked', () => {
    const b = KernelBackend.setup({ entries: 8 });
    try {
      assert.throws(
        () => new Ring(core, b, { busyPoll: true }),
        (e: unknown) => e instanceof RangeError && /busyPoll needs an SQPOLL ring/.test((e as Error).message),
      );
      assert.throws(
        () => new Ring(core, b, { busyPoll: 1 as unknown as boolean }),
        (e: unknown) => e instanceof TypeError && /busyPoll must be a boolean/.test((e as Error).message),
      );
      assert.throws(
        () => new Ring(core, b, { busyPollUs: -1 }),
        (e: unknown) => e instanceof RangeError && /busyPollUs/.test((e as Error).message),
      );
      new Ring(core, b, { busyPoll: false }).close();
    } finally {
      b.close();
    }
  });

  for (const [mode, make] of Object.entries(MODES)) {
    test(`busyPoll (${mode}): 2000 NOP round trips, each CQE its own, no enter while the SQ thread is awake`, () => {
      const b = make(2000);
      const flags = counted(b);
      // Polls for up to 10 s before waiting in the kernel: on a loaded machine the SQ thread can be off the CPU
      // for milliseconds, and this test is about the polling path.
      const ring = new Ring(core, b, { busyPoll: true, busyPollUs: 10_000_000 });
      try {
        for (let i = 0; i < 2000; i++) {
          ring.prep.nop({ userData: i + 1 });
          ring.submitAndWait(1);
          const got = ring.copyCqes(1);
          assert.is(got.count, 1);
          assert.is(got.userData(0), i + 1);
          assert.is(got.res[0], 0);
        }
        // Only wakeups (the thread starts asleep or may idle out under load); never a GETEVENTS wait.
        assert.ok(
          flags.every((f) => f === ENTER.SQ_WAKEUP),
          `enters: ${flags.map((f) => f.toString(16)).join(' ')}`,
        );
        assert.ok(flags.length < 100, `${flags.length} wakeups for 2000 round trips`);
      } finally {
        ring.close();
      }
    });

    test(`busyPoll (${mode}): a batch of 32 reads from a pipe, completions polled, bytes right`, () => {
      const ring = new Ring(core, make(1000), { busyPoll: true });
      try {
        withPipe((r, w) => {
          const msg = Buffer.alloc(32 * 8);
          for (let i = 0; i < msg.length; i++) msg[i] = i & 0xff;
          write(w, msg);
          const bufs = Array.from({ length: 32 }, () => Buffer.alloc(8));
          // Linked: the pipe hands the bytes out in order.
          for (let i = 0; i < 32; i++)
            ring.prep.read({ fd: r, buf: bufs[i]!, nbytes: 8, offset: -1, userData: i, flags: i < 31 ? 0x4 : 0 });
          ring.submitAndWait(32);
          const b = ring.copyCqes(0);
          assert.is(b.count, 32);
          for (let i = 0; i < 32; i++) {
            assert.is(b.res[i], 8);
            assert.ok(bufs[b.userData(i)]!.equals(msg.subarray(b.userData(i) * 8, b.userData(i) * 8 + 8)));
          }
        });
      } finally {
        ring.close();
      }
    });

    test(`busyPoll (${mode}): the timeout is honoured while polling (an empty pipe's read: back in ~50 ms, no CQE)`, () => {
      const b = make(1000);
      const flags = counted(b);
      const ring = new Ring(core, b, { busyPoll: true, busyPollUs: 1_000_000 });
      try {
        withPipe((r, w) => {
          ring.prep.read({ fd: r, buf: Buffer.alloc(4), nbytes: 4, offset: -1, userData: 5 });
          const t0 = performance.now();
          ring.submitAndWait(1, { sec: 0, nsec: 50e6 });
          const ms = performance.now() - t0;
          assert.ok(ms >= 49 && ms < 1000, `returned after ${ms.toFixed(1)} ms`);
          assert.is(ring.cqReady, 0);
          assert.ok(!flags.some((f) => f & ENTER.GETEVENTS), 'polled, not waited in the kernel');
          // A bad timeout is refused before anything is submitted or waited for.
          ring.prep.nop({ userData: 6 });
          assert.throws(
            () => ring.submitAndWait(1, { sec: -1, nsec: 0 }),
            (e: unknown) => e instanceof RangeError && /timeout must be/.test((e as Error).message),
          );
          assert.is(ring.sqPending, 1);
          ring.submitAndWait(1, { sec: 5, nsec: 0 });
          assert.is(ring.copyCqes(0).userData(0), 6);
          // copyCqes's timeout too.
          const t1 = performance.now();
          assert.is(ring.copyCqes(1, undefined, { sec: 0, nsec: 30e6 }).count, 0);
          assert.ok(performance.now() - t1 >= 29);
          write(w, 'abcd');
          const got = ring.copyCqes(1, undefined, { sec: 5, nsec: 0 });
          assert.is(got.count, 1);
          assert.is(got.res[0], 4);
        });
      } finally {
        ring.close();
      }
    });

    test(`busyPoll (${mode}): past busyPollUs the wait goes on in the kernel (GETEVENTS), timeout or none`, () => {
      const b = make(1000);
      const flags = counted(b);
      const ring = new Ring(core, b, { busyPoll: true, busyPollUs: 200 });
      try {
        // A 40 ms TIMEOUT op: its CQE comes long after the 200 µs of polling.
        const ts = tsBuf(40);
        ring.prep.timeout({ ts, userData: 9 });
        const t0 = performance.now();
        ring.submitAndWait(1);
        const ms = performance.now() - t0;
        assert.ok(ms >= 35, `the wait lasted ${ms.toFixed(1)} ms`);
        assert.ok(
          flags.some((f) => f & ENTER.GETEVENTS),
          'the rest of the wait was in the kernel',
        );
        const got = ring.copyCqes(0);
        assert.is(got.count, 1);
        assert.is(got.userData(0), 9);
        assert.is(got.res[0], -62); // -ETIME: the timer expired
        // With a timeout shorter than the op: returns at the timeout, the op still in flight.
        ring.prep.timeout({ ts: tsBuf(300), userData: 10 });
        const t1 = performance.now();
        ring.submitAndWait(1, { sec: 0, nsec: 30e6 });
        const ms1 = performance.now() - t1;
        assert.ok(ms1 >= 25 && ms1 < 250, `returned after ${ms1.toFixed(1)} ms`);
        assert.is(ring.cqReady, 0);
        assert.is(ring.copyCqes(1, undefined, { sec: 5, nsec: 0 }).userData(0), 10);
      } finally {
        ring.close();
      }
    });
  }
}

test.run();
