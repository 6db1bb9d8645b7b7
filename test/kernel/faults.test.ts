// Faults and back-pressure on the real kernel (docs/design.md): a closed ring refuses every call with
// an error instead of touching unmapped memory; bad fds come back as errno names in the CQE; a full SQ is reported
// (SqFullError) and nothing queued is overwritten; more completions than CQ entries lose nothing (the kernel's
// overflow list is flushed); an io_uring_enter interrupted by a signal (EINTR) is retried.
//
// Setup flags the kernel refuses are covered in probe.test.ts (the error names the flag), so not here.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { unavailable } from './_env.ts';
import { core, opTest, resName, type Cqe } from './_ops.ts';
import { POLLIN, none, reap, sleepMs, tsBuf, withPipe } from './_kit.ts';
import { KernelBackend } from '../../shim/kernel/backend.ts';
import { Ring, SqFullError, SQ_FLAGS } from '../../ts/ring/ring.ts';
import type { RingBackend } from '../../ts/ring/backend.ts';

const closedCode = (e: unknown) =>
  (e as { code?: string }).code === 'ERR_URING_CLOSED' && /closed/.test((e as Error).message);

if (!unavailable('faults')) {
  test('a closed ring refuses submit, wait, prep and reads with ERR_URING_CLOSED (ops in flight are torn down)', () => {
    const ring = new Ring(core, KernelBackend.setup({ entries: 4 }));
    withPipe((r) => {
      ring.prep('read', { fd: r, buf: 0, nbytes: 0, offset: -1, userData: 1 }); // a 0-byte read completes at once
      ring.prep('pollAdd', { fd: r, pollMask: POLLIN, userData: 2 }); // this one stays in flight
      assert.is(ring.submit(), 2);
      ring.close();
    });
    assert.is(ring.closed, true);
    const calls: [string, () => unknown][] = [
      ['submit', () => ring.submit()],
      ['submitAndWait', () => ring.submitAndWait(1)],
      ['submitAndWait(timeout)', () => ring.submitAndWait(1, { sec: 1, nsec: 0 })],
      ['copyCqes', () => ring.copyCqes(1)],
      ['peekCqes', () => ring.peekCqes()],
      ['getSqe', () => ring.getSqe()],
      ['prep', () => ring.prep('nop', {})],
      ['prep.nop', () => ring.prep.nop({})],
      ['cqReady', () => ring.cqReady],
      ['sqReady', () => ring.sqReady],
      ['spaceLeft', () => ring.spaceLeft],
      ['cqNeedsFlush', () => ring.cqNeedsFlush],
      ['cqOverflow', () => ring.cqOverflow],
    ];
    for (const [name, call] of calls) assert.throws(call, closedCode, `${name} after close`);
    assert.is(ring.batch.count, 0, 'the batch is emptied');
    ring.close(); // twice: harmless
  });
}

for (const [builder, opts] of [
  ['read', { buf: 0, nbytes: 1, offset: 0 }],
  ['write', { buf: 0, nbytes: 1, offset: 0 }],
  ['fsync', { fsyncFlags: 0 }],
  ['pollAdd', { pollMask: POLLIN }],
] as const) {
  opTest(builder, 'fd -1 completes with EBADF (an errno name in the CQE, no exception)', (t) => {
    const c = t.run(builder, { ...opts, fd: -1 });
    assert.is(c.res, -9);
    assert.is(resName(c.res), 'EBADF');
  });
}

opTest(
  'nop',
  'a full SQ: prep throws SqFullError, getSqe gives 0, nothing is overwritten; all complete in order',
  (t) => {
    const n = t.ring.params.sqEntries;
    for (let i = 1; i <= n; i++) t.queue('nop', { userData: 1000 + i });
    assert.is(t.ring.spaceLeft, 0);
    assert.throws(
      () => t.queue('nop', { userData: 9999 }),
      (e: unknown) => e instanceof SqFullError && (e as SqFullError).code === 'ERR_URING_SQ_FULL',
    );
    assert.is(t.ring.getSqe(), 0, 'getSqe on a full SQ');
    assert.throws(
      () => t.queue('nop', { userData: 9998 }),
      (e: unknown) => e instanceof SqFullError,
      'and again',
    );
    assert.is(t.ring.sqPending, n, 'still exactly the queued ones');
    const got = t.wait(n);
    assert.equal(
      got.map((c) => c.userData),
      Array.from({ length: n }, (_, i) => 1000 + i + 1),
      'every queued op, in order, none replaced',
    );
    assert.ok(got.every((c) => c.res === 0));
    none(t, 20, 'no CQE for the refused preps');
    assert.is(t.run('nop', { userData: 77 }).userData, 77, 'usable again after the submit');
  },
);

/** Put `total` ops in flight through a 4-entry SQ without reaping (submit whenever the SQ is full). */
function flood(ring: Ring, total: number, prep: (ud: number) => void): void {
  for (let ud = 1; ud <= total; ud++) {
    const deadline = Date.now() + 5000;
    while (ring.spaceLeft === 0) {
      ring.submit();
      if (ring.spaceLeft === 0) {
        if (Date.now() > deadline) throw new Error(`the kernel consumes no SQEs (${ud - 1} in flight)`);
        sleepMs(1); // SQPOLL: let the thread take them
      }
    }
    prep(ud);
  }
  ring.submit();
}

function allArrived(got: Cqe[], total: number, res: number): void {
  const uds = got.map((c) => c.userData).sort((a, b) => a - b);
  assert.equal(
    uds,
    Array.from({ length: total }, (_, i) => i + 1),
    'every user_data exactly once',
  );
  assert.ok(
    got.every((c) => c.res === res),
    `every res ${res}`,
  );
}

opTest(
  'nop',
  '64 NOPs in flight on a CQ of 4: the CQ overflows, nothing is lost (overflow flushed)',
  (t) => {
    const ring = t.ring;
    assert.is(ring.params.cqEntries, 4);
    flood(ring, 64, (ud) => ring.prep('nop', { userData: ud }));
    const deadline = Date.now() + 2000;
    while (!(ring.backend.sqFlags() & SQ_FLAGS.CQ_OVERFLOW) && Date.now() < deadline) sleepMs(1); // SQPOLL: still submitting
    assert.ok(ring.cqNeedsFlush, 'IORING_SQ_CQ_OVERFLOW is set: the kernel holds the extra CQEs');
    assert.is(ring.cqReady, 4, 'the CQ itself is full');
    const got = reap(ring, 64);
    allArrived(got, 64, 0);
    assert.is(ring.cqOverflow, 0, 'no CQE dropped (IORING_FEAT_NODROP)');
    assert.not.ok(ring.cqNeedsFlush, 'overflow flushed');
  },
  { setup: { entries: 4, cqEntries: 4 } },
);

opTest(
  'timeout',
  '64 1-ms timeouts in flight on a CQ of 4: all 64 -ETIME arrive',
  (t) => {
    const ring = t.ring;
    const spec = tsBuf(1); // one timespec for all 64: the Ring keeps it until the last one's CQE
    flood(ring, 64, (ud) => ring.prep('timeout', { ts: spec, userData: ud }));
    sleepMs(20);
    const got = reap(ring, 64);
    allArrived(got, 64, -62);
    assert.is(ring.cqOverflow, 0);
  },
  { setup: { entries: 4, cqEntries: 4 } },
);

/** A RingBackend that forwards to `b` and counts the EINTR errors of enter. */
function countingEintr(b: KernelBackend): { backend: RingBackend; eintr: () => number } {
  let n = 0;
  const backend = new Proxy(b, {
    get(target, prop) {
      if (prop === 'enter') {
        return (...a: Parameters<KernelBackend['enter']>) => {
          try {
            return target.enter(...a);
          } catch (e) {
            if ((e as { code?: string }).code === 'EINTR') n++;
            throw e;
          }
        };
      }
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  }) as unknown as RingBackend;
  return { backend, eintr: () => n };
}

// A signal must arrive while this thread is blocked in io_uring_enter, so it cannot come from this thread (a timer
// set before the wait runs only on the event loop, which is blocked). A child process sends it: SIGUSR2 twice, at
// 100 and 200 ms; Node's handler for it makes the kernel interrupt the wait with EINTR (io_uring waits return EINTR
// whatever SA_RESTART says). The Ring must enter again and still return the 400 ms timeout's CQE.
//
// The wait is copyCqes (enter with to_submit 0). Not submitAndWait: when an enter both submits and waits, the kernel
// answers a signal during the wait with the number of SQEs it consumed (not EINTR), so submitAndWait(1) returns at
// the signal with no CQE ready (liburing's io_uring_submit_and_wait does the same).
if (!unavailable('faults: EINTR')) {
  test('EINTR from a blocking wait (a signal from a child) is retried: the wait still ends with its CQE', async () => {
    let signals = 0;
    const onSig = () => {
      signals++;
    };
    process.on('SIGUSR2', onSig);
    const { backend, eintr } = countingEintr(KernelBackend.setup({ entries: 4 }));
    const ring = new Ring(core, backend);
    try {
      const spec = Buffer.alloc(16);
      spec.writeBigInt64LE(400_000_000n, 8);
      ring.prep('timeout', { ts: spec, userData: 9 });
      const child = spawn('sh', ['-c', `sleep 0.1; kill -USR2 ${process.pid}; sleep 0.1; kill -USR2 ${process.pid}`], {
        stdio: 'ignore',
      });
      assert.is(ring.submit(), 1);
      const t0 = performance.now();
      const b = ring.copyCqes(1);
      const ms = performance.now() - t0;
      assert.is(b.count, 1);
      assert.is(b.userData(0), 9);
      assert.is(resName(b.res[0]!), 'ETIME');
      assert.ok(ms >= 350, `returned after ${ms.toFixed(0)} ms: the timeout is 400`);
      assert.ok(eintr() >= 1, `enter saw EINTR ${eintr()} times (the signal interrupted the wait)`);
      if (child.exitCode === null) await once(child, 'exit');
      await new Promise((r) => setTimeout(r, 20)); // the JS handler runs on the event loop
      assert.ok(signals >= 1, 'the handler ran');
      spec.fill(0);
    } finally {
      process.off('SIGUSR2', onSig);
      ring.close();
    }
  });
}

test.run();
