// SQPOLL space (issue 9): the SQ thread stores its head only after posting the batch's CQEs, so with every CQE
// of a full batch reaped the SQ can still look full. prep waits for the thread (IORING_ENTER_SQ_WAIT) instead
// of throwing SqFullError; sqWait() is the same wait on its own. Each enter is counted through the backend.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { unavailable } from './_env.ts';
import { core } from './_ops.ts';
import { KernelBackend } from '../../shim/kernel/backend.ts';
import { ENTER, Ring, SETUP, SQ_FLAGS, SqFullError } from '../../ts/ring/ring.ts';
import { sleepMs } from './_kit.ts';

interface Counted {
  ring: Ring;
  sqWaits: () => number;
  /** Enter flags of every enter so far. */
  flags: number[];
  /** While set, an enter with SQ_WAKEUP is swallowed: the tail is stored but the sleeping thread not woken. */
  holdWakeup: boolean;
}

/** An SQPOLL ring whose enters are counted by flags. */
function sqpollRing(entries: number, sqThreadIdle = 1000): Counted {
  const b = KernelBackend.setup({ entries, flags: SETUP.SQPOLL, sqThreadIdle });
  const c: Counted = {
    ring: new Ring(core, b),
    sqWaits: () => c.flags.filter((f) => f & ENTER.SQ_WAIT).length,
    flags: [],
    holdWakeup: false,
  };
  const enter = b.enter.bind(b);
  b.enter = (toSubmit, minComplete, flags, timeout) => {
    c.flags.push(flags);
    if (c.holdWakeup && flags === ENTER.SQ_WAKEUP) return toSubmit;
    return enter(toSubmit, minComplete, flags, timeout);
  };
  return c;
}

if (!unavailable('sqpoll-space')) {
  test('SQPOLL: 20,000 batches of 256 NOPs, each prepped right after the last batch was reaped: no SqFullError', () => {
    const SPINS = 300;
    const N = 256,
      BATCHES = 20_000;
    const { ring, sqWaits } = sqpollRing(N);
    let full = 0,
      cqes = 0,
      bad = 0;
    const t0 = performance.now();
    try {
      for (let b = 0; b < BATCHES; b++) {
        for (let i = 0; i < N; i++) {
          try {
            ring.prep.nop({ userData: i });
          } catch (e) {
            if (!(e instanceof SqFullError)) throw e;
            full++;
            i--; // count it and try again, as a caller would have to
          }
        }
        ring.submit(); // the thread is awake: no enter
        // Reap by polling the CQ, as SQPOLL users do: the CQEs show up the moment the thread posts them,
        // before it stores its head. After 300 empty polls, wait in the kernel instead (2 cores: a longer spin
        // takes the CPU from the SQ thread).
        let got = 0,
          spins = 0;
        while (got < N) {
          const batch = ++spins < SPINS ? ring.peekCqes(N - got) : ring.copyCqes(N - got, N - got);
          for (let k = 0; k < batch.count; k++) if (batch.res[k] !== 0) bad++;
          got += batch.count;
        }
        cqes += got;
      }
    } finally {
      ring.close();
    }
    const ms = performance.now() - t0;
    console.log(
      `  SQPOLL ${BATCHES} x ${N} NOPs: ${ms.toFixed(0)} ms, ${sqWaits()} SQ_WAIT enters (SQ full with every CQE ` +
        `reaped), ${full} SqFullError`,
    );
    assert.is(full, 0, 'no spurious SqFullError');
    assert.is(cqes, N * BATCHES, 'every NOP completed');
    assert.is(bad, 0, 'every res 0');
    assert.ok(sqWaits() < BATCHES, 'waits only when the SQ looked full');
  });

  test('SQPOLL, thread asleep, SQ full of submitted SQEs: prep wakes it and waits (SQ_WAIT|SQ_WAKEUP), no SqFullError', () => {
    const c = sqpollRing(8, 1);
    const { ring } = c;
    try {
      const t0 = Date.now();
      while ((ring.backend.sqFlags(true) & SQ_FLAGS.NEED_WAKEUP) === 0 && Date.now() - t0 < 2000) sleepMs(2);
      assert.ok(ring.backend.sqFlags(true) & SQ_FLAGS.NEED_WAKEUP, 'the SQ thread went idle');
      for (let i = 0; i < 8; i++) ring.prep.nop({ userData: i });
      c.holdWakeup = true; // the tail is stored, the thread sleeps on: the SQ stays full of submitted SQEs
      ring.submit();
      c.holdWakeup = false;
      assert.equal(c.flags, [ENTER.SQ_WAKEUP], 'the submit tried to wake it (swallowed)');
      assert.is(ring.sqReady, 8, 'nothing consumed');
      ring.prep.nop({ userData: 8 }); // would be SqFullError without the wait
      assert.equal(c.flags.at(-1), ENTER.SQ_WAIT | ENTER.SQ_WAKEUP);
      ring.submitAndWait(9);
      const got = ring.copyCqes(0, 9);
      assert.equal(
        Array.from({ length: got.count }, (_, i) => got.userData(i)),
        [0, 1, 2, 3, 4, 5, 6, 7, 8],
      );
    } finally {
      ring.close();
    }
  });

  test('SQPOLL sqWait: returns the space the SQ thread made; staged SQEs still give SqFullError; 0 without SQPOLL', () => {
    const { ring, sqWaits } = sqpollRing(8);
    try {
      for (let i = 0; i < 8; i++) ring.prep.nop({ userData: i });
      // Staged, not submitted: the thread cannot see them, so no wait can help.
      assert.throws(
        () => ring.prep.nop({ userData: 8 }),
        (e: unknown) => e instanceof SqFullError,
      );
      assert.is(ring.sqWait(), 0);
      assert.is(sqWaits(), 0, 'no enter for staged SQEs');
      ring.submit();
      const left = ring.sqWait();
      assert.ok(left >= 1 && left <= 8, `space after the wait: ${left}`);
      ring.submitAndWait(8);
      assert.is(ring.copyCqes(8).count, 8);
      assert.is(ring.sqWait(), 8, 'empty: at once');
    } finally {
      ring.close();
    }
    const plain = new Ring(core, KernelBackend.setup({ entries: 4 }));
    try {
      for (let i = 0; i < 4; i++) plain.prep.nop({ userData: i });
      assert.is(plain.sqWait(), 0, 'no SQPOLL: never waits');
      plain.submitAndWait(4);
      assert.is(plain.sqWait(), 4);
    } finally {
      plain.close();
    }
  });
}

test.run();
