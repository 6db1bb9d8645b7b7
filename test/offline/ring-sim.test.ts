// The sync Ring over the simulated kernel: submit / complete across the u32 wrap, full SQ, wrap-split
// copies, overflow and task-work flushes, enter errors, waits, SQPOLL / IOPOLL, strides, close.
// (uvu's assert.throws calls a function second argument as a predicate: pass `is(Class)`, not the class.)
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { core } from '../helpers/core.ts';
import { Ring, SqFullError, OpUnsupportedError, ENTER, SETUP, SQ_FLAGS, type CqeBatch } from '../../ts/ring/ring.ts';
import { SimBackend, type SimOptions } from '../../ts/ring/sim.ts';
import { sqeFields } from '../../ts/sqe/fields.ts';
import { IOSQE, OP } from '../../ts/constants.ts';

const W = 2 ** 32;
const is = (C: new (...a: never[]) => unknown) => (e: unknown) => e instanceof C;

function make(opts: SimOptions = {}, batch?: number): { ring: Ring; sim: SimBackend } {
  const sim = new SimBackend(core, opts);
  const ring = batch === undefined ? new Ring(core, sim) : new Ring(core, sim, { batch });
  return { ring, sim };
}

function uds(from: Ring | CqeBatch): number[] {
  const b = from instanceof Ring ? from.batch : from;
  const out: number[] = [];
  for (let i = 0; i < b.count; i++) out.push(b.userData(i));
  return out;
}

const fields = sqeFields(core);
/** NOP with IORING_NOP_INJECT_RESULT: res = len. */
function nopInject(ring: Ring, userData: number, res: number, flags = 0): void {
  const p = ring.prep.nop({ userData, flags });
  core.x.sqe_set_field(p, fields.get('op_flags')!.id, 1, 0);
  core.x.sqe_set_field(p, fields.get('len')!.id, res >>> 0, 0);
}

test('NOPs: submit, one bulk copy, one head store per batch', () => {
  const { ring, sim } = make();
  for (let i = 1; i <= 3; i++) ring.prep.nop({ userData: i * 1000 });
  assert.is(ring.sqPending, 3);
  assert.is(ring.submit(), 3);
  assert.is(sim.enters.length, 1);
  assert.equal(sim.enters[0], { toSubmit: 3, minComplete: 0, flags: 0, timeout: null });
  assert.is(ring.cqReady, 3);
  const b = ring.peekCqes();
  assert.is(b.count, 3);
  assert.equal(uds(ring), [1000, 2000, 3000]);
  assert.equal(Array.from(b.res.subarray(0, 3)), [0, 0, 0]);
  assert.is(sim.cqHeadStores, 1);
  assert.equal(sim.cqReads, [[0, 3]]);
  assert.is(ring.cqReady, 0);
  assert.is(ring.peekCqes().count, 0);
  assert.is(sim.cqHeadStores, 1, 'no store for an empty batch');
});

test('prep by spec name or object, big user_data, options checked before the slot is used', () => {
  const { ring, sim } = make({ entries: 4 });
  ring.prep('nop', { userData: 0xffffffff_fffffff0n });
  assert.throws(() => ring.prep.read({ fd: 'x' as unknown as number, buf: 0, nbytes: 1, offset: 0 }), is(TypeError));
  assert.throws(() => ring.prep('noSuchOp', {}), /unknown op/);
  assert.is(ring.sqReady, 1, 'the failed prep gave its slot back');
  assert.is(ring.spaceLeft, 3);
  ring.submit();
  assert.is(sim.consumed, 1);
  const b = ring.peekCqes();
  assert.is(b.count, 1);
  assert.is(b.userDataBig(0), 0xffffffff_fffffff0n);
});

test('across the u32 wrap: SQ writes and CQ reads split, order kept, counters wrap', () => {
  const { ring, sim } = make({ entries: 4, cqEntries: 8, sqStart: W - 3, cqStart: W - 2 });
  let ud = 0;
  const seen: number[] = [];
  for (let round = 0; round < 6; round++) {
    for (let i = 0; i < 4; i++) ring.prep.nop({ userData: ++ud });
    assert.is(ring.spaceLeft, 0);
    assert.is(ring.submit(), 4);
    seen.push(...uds(ring.peekCqes()));
  }
  assert.equal(
    seen,
    Array.from({ length: 24 }, (_, i) => i + 1),
  );
  // First round: SQ counters 2^32-3.. -> slots 1,2,3 then 0. CQ 2^32-2.. -> slots 6,7 then 0,1.
  assert.equal(sim.sqWrites.slice(0, 2), [
    [1, 3],
    [0, 1],
  ]);
  assert.equal(sim.cqReads.slice(0, 2), [
    [6, 2],
    [0, 2],
  ]);
  for (const [slot, count] of [...sim.sqWrites, ...sim.cqReads]) assert.ok(slot + count <= 8);
  assert.is(sim.sqHead(), (W - 3 + 24) % W);
  assert.is(sim.cqHead(), (W - 2 + 24) % W);
  assert.is(sim.cqHeadStores, 6);
});

test('full SQ: refused, never overwritten, usable again once the kernel consumed it', () => {
  // SQPOLL with the thread awake: submit publishes without entering, so nothing is consumed until pollSq.
  const { ring, sim } = make({ entries: 4, flags: SETUP.SQPOLL, sqStart: W - 2 });
  for (let i = 0; i < 4; i++) ring.prep.nop({ userData: 10 + i });
  assert.is(ring.getSqe(), 0);
  const e = (() => {
    try {
      ring.prep.nop({ userData: 99 });
    } catch (x) {
      return x;
    }
  })();
  assert.ok(e instanceof SqFullError, 'SqFullError');
  assert.is((e as SqFullError).code, 'ERR_URING_SQ_FULL');
  assert.match((e as Error).message, /nop: the submission queue is full/);
  assert.is(ring.submit(), 4);
  assert.is(sim.enters.length, 0, 'SQPOLL thread awake: no enter');
  assert.is(sim.sqPublished, 4);
  // Still full: the kernel has not consumed them (a prep now would wait for the SQ thread: next test).
  assert.is(ring.spaceLeft, 0);
  assert.is(ring.sqReady, 4);
  assert.is(sim.pollSq(), 4);
  assert.is(ring.spaceLeft, 4);
  ring.prep.nop({ userData: 14 });
  ring.submit();
  sim.pollSq();
  assert.equal(uds(ring.peekCqes()), [10, 11, 12, 13, 14]);
});

test('SQPOLL, SQ full of submitted SQEs: prep waits for the SQ thread (SQ_WAIT, SQ_WAKEUP if asleep)', () => {
  const { ring, sim } = make({ entries: 4, flags: SETUP.SQPOLL });
  for (let i = 0; i < 4; i++) ring.prep.nop({ userData: i });
  ring.submit();
  assert.is(sim.enters.length, 0, 'thread awake: no enter');
  // The thread has not stored its head yet: prep enters with SQ_WAIT (the thread consumes) and takes a slot.
  assert.ok(ring.prep.nop({ userData: 4 }) !== 0);
  assert.equal(sim.enters, [{ toSubmit: 0, minComplete: 0, flags: ENTER.SQ_WAIT, timeout: null }]);
  assert.is(ring.sqPending, 1);
  // The same with the thread asleep: SQ_WAIT | SQ_WAKEUP (SQ_WAIT alone would never return).
  for (let i = 5; i < 8; i++) ring.prep.nop({ userData: i });
  ring.submit(); // the thread is awake: no enter, nothing consumed yet
  sim.sleep();
  assert.is(ring.sqWait(), 4, 'sqWait: the woken thread consumed all four');
  assert.is(sim.enters.at(-1)!.flags, ENTER.SQ_WAIT | ENTER.SQ_WAKEUP);
  assert.is(sim.enters.at(-1)!.toSubmit, 0);
  assert.equal(uds(ring.peekCqes()), [0, 1, 2, 3, 4, 5, 6, 7]);
  // Bad options on a spuriously full SQ: the wait runs, then the options error is the one reported.
  for (let i = 0; i < 4; i++) ring.prep.nop({ userData: i });
  ring.submit();
  assert.throws(() => ring.prep.nop({ userData: 'x' as unknown as number }), is(TypeError));
});

test('SQPOLL, SQ full of staged SQEs: no wait can help; SqFullError, sqWait 0, no enter', () => {
  const { ring, sim } = make({ entries: 4, flags: SETUP.SQPOLL });
  for (let i = 0; i < 4; i++) ring.prep.nop({ userData: i });
  assert.throws(() => ring.prep.nop({ userData: 4 }), is(SqFullError));
  assert.is(ring.sqWait(), 0);
  assert.is(sim.enters.length, 0);
  // Without SQPOLL sqWait never waits.
  const plain = make({ entries: 4 });
  for (let i = 0; i < 4; i++) plain.ring.prep.nop({ userData: i });
  assert.is(plain.ring.sqWait(), 0);
  assert.is(plain.sim.enters.length, 0);
  plain.ring.submit();
  assert.is(plain.ring.sqWait(), 4);
});

test('NOP_INJECT_RESULT and CQE_SKIP_SUCCESS', () => {
  const { ring } = make();
  nopInject(ring, 1, 42);
  nopInject(ring, 2, -22);
  ring.prep.nop({ userData: 3, flags: IOSQE.CQE_SKIP_SUCCESS });
  nopInject(ring, 4, -9, IOSQE.CQE_SKIP_SUCCESS); // a failure is still reported
  nopInject(ring, 5, 7, IOSQE.CQE_SKIP_SUCCESS);
  ring.prep.nop({ userData: 6 });
  assert.is(ring.submit(), 6);
  const b = ring.peekCqes();
  assert.equal(uds(ring), [1, 2, 4, 6]);
  assert.equal(Array.from(b.res.subarray(0, 4)), [42, -22, -9, 0]);
});

test('CQ overflow: kept by the kernel, flushed by an enter with GETEVENTS, order kept', () => {
  const { ring, sim } = make({ entries: 4, cqEntries: 4, cqStart: W - 1 });
  for (let i = 0; i < 4; i++) ring.prep.nop({ userData: i });
  ring.submit();
  for (let i = 4; i < 8; i++) ring.prep.nop({ userData: i });
  ring.submit();
  assert.is(sim.overflowPending, 4);
  assert.ok(sim.sqFlags() & SQ_FLAGS.CQ_OVERFLOW);
  assert.ok(ring.cqNeedsFlush);
  assert.equal(uds(ring.peekCqes()), [0, 1, 2, 3]);
  const before = sim.enters.length;
  assert.equal(uds(ring.peekCqes()), [4, 5, 6, 7]);
  assert.equal(sim.enters.slice(before), [{ toSubmit: 0, minComplete: 0, flags: ENTER.GETEVENTS, timeout: null }]);
  assert.is(sim.overflowPending, 0);
  assert.is(sim.sqFlags() & SQ_FLAGS.CQ_OVERFLOW, 0);
  assert.is(ring.peekCqes().count, 0);
  assert.is(sim.enters.length, before + 1, 'no enter once the flag is clear');
});

test('submit with nothing to submit enters with GETEVENTS only when the CQ needs a flush', () => {
  const { ring, sim } = make({ entries: 2, cqEntries: 2 });
  assert.is(ring.submit(), 0);
  assert.is(sim.enters.length, 0);
  for (let r = 0; r < 2; r++) {
    ring.prep.nop({ userData: r * 2 });
    ring.prep.nop({ userData: r * 2 + 1 });
    ring.submit();
  }
  assert.is(sim.overflowPending, 2);
  ring.peekCqes(); // takes the 2 in the CQ; does not enter since some were ready
  assert.is(sim.enters.length, 2);
  assert.is(ring.submit(), 0);
  assert.equal(sim.enters[2], { toSubmit: 0, minComplete: 0, flags: ENTER.GETEVENTS, timeout: null });
  assert.equal(uds(ring.peekCqes()), [2, 3]);
});

test('deferred task work (IORING_SQ_TASKRUN): completions appear after an enter with GETEVENTS', () => {
  const { ring, sim } = make();
  sim.deferTaskrun = true;
  ring.prep.nop({ userData: 1 });
  ring.prep.nop({ userData: 2 });
  ring.submit();
  assert.is(ring.cqReady, 0);
  assert.ok(sim.sqFlags() & SQ_FLAGS.TASKRUN);
  assert.equal(uds(ring.peekCqes()), [1, 2]);
  assert.is(sim.enters.at(-1)!.flags, ENTER.GETEVENTS);
  assert.is(sim.sqFlags() & SQ_FLAGS.TASKRUN, 0);
  // copyCqes does the same.
  ring.prep.nop({ userData: 3 });
  ring.submit();
  assert.equal(uds(ring.copyCqes()), [3]);
});

test('EINTR is retried; EAGAIN / EBUSY are thrown and nothing is lost', () => {
  const { ring, sim } = make();
  for (let i = 0; i < 3; i++) ring.prep.nop({ userData: i });
  sim.failEnter('EINTR', 2);
  assert.is(ring.submit(), 3);
  assert.is(sim.enters.length, 3);
  assert.ok(sim.enters.every((e) => e.toSubmit === 3));
  assert.is(sim.consumed, 3);
  for (const code of ['EAGAIN', 'EBUSY'] as const) {
    ring.prep.nop({ userData: 10 });
    ring.prep.nop({ userData: 11 });
    sim.failEnter(code);
    const e = (() => {
      try {
        ring.submit();
      } catch (x) {
        return x as { code: string; errno: number };
      }
    })();
    assert.is(e?.code, code);
    assert.ok(e!.errno < 0);
    assert.is(ring.sqReady, 2, `${code}: the SQEs stay in the kernel SQ`);
    assert.is(ring.sqPending, 0);
    assert.is(ring.submit(), 2, `${code}: handed over again`);
  }
  assert.is(sim.consumed, 7);
  assert.equal(uds(ring.peekCqes()), [0, 1, 2, 10, 11, 10, 11]);
  // EINTR during a CQ wait is retried too.
  sim.failEnter('EINTR');
  ring.prep.nop({ userData: 20 });
  ring.submit();
  sim.deferTaskrun = true;
  ring.prep.nop({ userData: 21 });
  ring.submit();
  sim.failEnter('EINTR');
  assert.equal(uds(ring.copyCqes(2)), [20, 21]);
});

test('submitAndWait: GETEVENTS with min_complete; a timed-out wait returns', () => {
  const { ring, sim } = make();
  ring.prep.nop({ userData: 1 });
  ring.prep.nop({ userData: 2 });
  assert.is(ring.submitAndWait(2), 2);
  assert.equal(sim.enters.at(-1), { toSubmit: 2, minComplete: 2, flags: ENTER.GETEVENTS, timeout: undefined });
  assert.is(ring.cqReady, 2);
  ring.peekCqes();
  sim.hold = true;
  ring.prep.nop({ userData: 3 });
  const ts = { sec: 0, nsec: 1_000_000 };
  assert.is(ring.submitAndWait(1, ts), 1, 'submitted, the wait timed out');
  assert.is(sim.enters.at(-1)!.timeout, ts);
  assert.is(ring.submitAndWait(1, ts), 0, 'ETIME with nothing submitted is not an error');
  assert.is(ring.cqReady, 0);
  // Without a timeout a wait that cannot end is the simulator's error, passed through.
  assert.throws(() => ring.submitAndWait(1), /would never return/);
  assert.is(ring.copyCqes(1, undefined, ts).count, 0);
  sim.release();
  assert.equal(uds(ring.copyCqes(1)), [3]);
  assert.throws(() => ring.submitAndWait(-1), is(RangeError));
  const { ring: old } = make({ features: 0 });
  old.prep.nop({});
  assert.throws(() => old.submitAndWait(1, ts), /IORING_FEAT_EXT_ARG/);
  assert.throws(() => old.copyCqes(1, undefined, ts), /IORING_FEAT_EXT_ARG/);
  assert.is(old.sqPending, 1, 'refused before anything was flushed');
});

test('copyCqes waits only for what is missing; max and a small batch take it in parts', () => {
  const { ring, sim } = make({ entries: 8 }, 2);
  for (let i = 0; i < 5; i++) ring.prep.nop({ userData: i });
  ring.submit();
  const n = sim.enters.length;
  assert.equal(uds(ring.copyCqes(1)), [0, 1]);
  assert.is(sim.enters.length, n, 'enough ready: no enter');
  assert.equal(uds(ring.peekCqes(1)), [2]);
  assert.equal(uds(ring.peekCqes()), [3, 4]);
  assert.is(sim.cqHeadStores, 3);
  assert.is(ring.peekCqes(0).count, 0);
});

test('SQPOLL: fence before NEED_WAKEUP, SQ_WAKEUP when asleep, no enter when awake', () => {
  const { ring, sim } = make({ flags: SETUP.SQPOLL });
  ring.prep.nop({ userData: 1 });
  assert.is(ring.submit(), 1);
  assert.is(sim.enters.length, 0);
  assert.is(sim.fencedFlagReads, 1);
  sim.pollSq();
  sim.sleep();
  ring.prep.nop({ userData: 2 });
  assert.is(ring.submit(), 1);
  assert.is(sim.fencedFlagReads, 2);
  assert.equal(sim.enters, [{ toSubmit: 1, minComplete: 0, flags: ENTER.SQ_WAKEUP, timeout: null }]);
  assert.ok(sim.sqThreadAwake);
  assert.is(sim.sqFlags() & SQ_FLAGS.NEED_WAKEUP, 0);
  assert.equal(uds(ring.peekCqes()), [1, 2]);
  // Asleep with nothing to submit: no wakeup.
  sim.sleep();
  assert.is(ring.submit(), 0);
  assert.is(sim.enters.length, 1);
  // Waiting still enters (GETEVENTS), waking the thread if it has work.
  ring.prep.nop({ userData: 3 });
  ring.submitAndWait(1);
  assert.is(sim.enters.at(-1)!.flags, ENTER.GETEVENTS | ENTER.SQ_WAKEUP);
  assert.equal(uds(ring.peekCqes()), [3]);
});

test('IOPOLL: submit and an empty copy enter with GETEVENTS', () => {
  const { ring, sim } = make({ flags: SETUP.IOPOLL });
  ring.prep.nop({ userData: 1 });
  ring.submit();
  assert.is(sim.enters.at(-1)!.flags, ENTER.GETEVENTS);
  ring.peekCqes();
  const n = sim.enters.length;
  assert.is(ring.copyCqes().count, 0);
  assert.is(sim.enters.length, n + 1);
  assert.equal(sim.enters.at(-1), { toSubmit: 0, minComplete: 0, flags: ENTER.GETEVENTS, timeout: undefined });
});

test('SQE128 / CQE32 rings: strides, zeroed 128-byte slots, big CQEs', () => {
  const { ring, sim } = make({ entries: 4, flags: SETUP.SQE128 | SETUP.CQE32, sqStart: W - 1, cqStart: W - 1 });
  assert.is(ring.params.sqeSize, 128);
  // Dirty every staging byte; a taken slot must come back all zero.
  core.u8.fill(0x5a, ring.sqes, ring.sqes + 4 * 128);
  const a = ring.prep.nop({ userData: 1 });
  const b = ring.prep.nop128({ userData: 2 });
  assert.is(a, ring.sqes + 3 * 128);
  assert.is(b, ring.sqes);
  assert.ok(
    core.u8.subarray(a + 64, a + 128).every((x) => x === 0),
    'upper half of a 64-byte op zeroed',
  );
  ring.submit();
  assert.equal(sim.sqWrites, [
    [3, 1],
    [0, 1],
  ]);
  sim.post(3, 7, 0, [1, 2, 3, 4]);
  const batch = ring.peekCqes();
  assert.equal(uds(ring), [1, 2, 3]);
  assert.equal(Array.from(batch.big.subarray(0, 12)), [0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]);
  assert.equal(sim.cqReads, [
    [7, 1],
    [0, 2],
  ]);
  // A 128-byte op on a 64-byte ring is refused before a slot is taken.
  const { ring: small } = make({ entries: 2 });
  assert.throws(() => small.prep.nop128({}), /128-byte SQE/);
  assert.is(small.spaceLeft, 2);
});

test('CQE flags through the ring: buffer id, more, notif', () => {
  const { ring, sim } = make();
  sim.post(1, 100, (5 << 16) | 1 | 2);
  sim.post(2, 0, 8);
  sim.post(2n ** 64n - 1n, -104, 4);
  const b = ring.peekCqes();
  assert.is(b.count, 3);
  assert.equal(Array.from(b.bufId.subarray(0, 3)), [5, -1, -1]);
  assert.equal(Array.from(b.more.subarray(0, 3)), [1, 0, 0]);
  assert.equal(Array.from(b.notif.subarray(0, 3)), [0, 1, 0]);
  assert.equal(Array.from(b.sockNonempty.subarray(0, 3)), [0, 0, 1]);
  assert.is(b.userDataBig(2), 2n ** 64n - 1n);
  assert.is(b.res[2], -104);
});

test('memory growth between calls does not break the ring', () => {
  const { ring } = make();
  ring.prep.nop({ userData: 1 });
  core.alloc(core.memory.buffer.byteLength, 16); // detaches every old view
  ring.prep.nop({ userData: 2 });
  ring.submit();
  assert.equal(uds(ring.peekCqes()), [1, 2]);
});

test('close: the backend is closed and every later call throws', () => {
  const { ring, sim } = make();
  ring.prep.nop({ userData: 1 });
  ring.close();
  assert.ok(ring.closed);
  assert.ok(sim.closed);
  const calls: [string, () => unknown][] = [
    ['getSqe', () => ring.getSqe()],
    ['prep', () => ring.prep.nop({})],
    ['prep(name)', () => ring.prep('nop', {})],
    ['submit', () => ring.submit()],
    ['submitAndWait', () => ring.submitAndWait(1)],
    ['peekCqes', () => ring.peekCqes()],
    ['copyCqes', () => ring.copyCqes(1)],
    ['cqReady', () => ring.cqReady],
    ['sqReady', () => ring.sqReady],
    ['sqPending', () => ring.sqPending],
    ['spaceLeft', () => ring.spaceLeft],
    ['cqNeedsFlush', () => ring.cqNeedsFlush],
    ['sqDropped', () => ring.sqDropped],
    ['cqOverflow', () => ring.cqOverflow],
  ];
  for (const [name, call] of calls) {
    let err: unknown;
    try {
      call();
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof Error, `${name} throws`);
    assert.is((err as { code?: string }).code, 'ERR_URING_CLOSED', `${name}: ${(err as Error).message}`);
  }
  ring.close(); // idempotent
  assert.throws(() => sim.sqHead(), /closed/);
  assert.throws(() => new Ring(core, sim), /closed/);
});

test('simulator guards: writes past free slots or across the end are refused', () => {
  const sim = new SimBackend(core, { entries: 4 });
  const src = new Uint8Array(64 * 8);
  assert.throws(() => sim.writeSqes(src, 0, 3, 2), /cross the end/);
  assert.throws(() => sim.writeSqes(src, 0, 1, 1), /not the next free slot/);
  sim.writeSqes(src, 0, 0, 4);
  assert.throws(() => sim.setSqTail(5), /overwritten/);
  sim.setSqTail(4);
  assert.throws(() => sim.writeSqes(src, 0, 0, 1), /overwrite/);
});

test('an op the probe says the kernel lacks is refused by name and version, nothing staged', () => {
  const { ring } = make({ entries: 4, flags: SETUP.SQE128, unsupported: [OP.NOP128, OP.READ] });
  const pending = ring.sqPending;
  assert.throws(
    () => ring.prep.nop128({}),
    (e: unknown) =>
      e instanceof OpUnsupportedError &&
      e.code === 'ERR_URING_OP_UNSUPPORTED' &&
      /IORING_OP_NOP128 needs Linux 6\.19/.test((e as Error).message),
  );
  assert.throws(
    () => ring.prep.read({ fd: 3, buf: 0, nbytes: 1, offset: 0 }),
    (e: unknown) => e instanceof OpUnsupportedError && /IORING_OP_READ needs Linux 5\.6/.test((e as Error).message),
  );
  assert.is(ring.sqPending, pending);
  ring.prep.nop({ userData: 1 }); // others still go through
  assert.is(ring.submitAndWait(1), 1);
  assert.equal(uds(ring.copyCqes()), [1]);
  ring.close();
});

test('submitAndWait: an enter cut short by a signal after submitting is waited again, until waitNr CQEs are ready', () => {
  const { ring, sim } = make({ entries: 4 });
  sim.hold = true; // completions held: the first enter submits but posts nothing
  ring.prep.nop({ userData: 7 });
  let enters = 0;
  const enter = sim.enter.bind(sim);
  sim.enter = (toSubmit, minComplete, flags, timeout) => {
    enters++;
    if (enters === 1) return enter(toSubmit, 0, flags & ~ENTER.GETEVENTS, timeout); // like a signal: returns the count, no wait
    sim.release();
    return enter(toSubmit, minComplete, flags, timeout);
  };
  assert.is(ring.submitAndWait(1), 1);
  assert.ok(enters >= 2, `entered again (${enters})`);
  assert.equal(uds(ring.copyCqes()), [7]);
  ring.close();
});

test.run();
