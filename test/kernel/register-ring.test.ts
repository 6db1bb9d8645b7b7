// Kernel tests of shim/register/index.ts beyond buffers and files: eventfd, probe, personality, restrictions,
// io-wq, sync cancel, clock, registered ring fd, NAPI, ring resize — each checked by its effect.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import koffi from 'koffi';
import { unavailable } from './_env.ts';
import { Ctx, core, resName } from './_ops.ts';
import { KernelBackend } from '../../shim/kernel/backend.ts';
import type { SetupOptions } from '../../shim/kernel/params.ts';
import { Ring } from '../../ts/ring/ring.ts';
import { ENTER, IOSQE, OP, REGISTER, SETUP } from '../../ts/constants.ts';
import { UringError } from '../../ts/errors.ts';
import { EFD_CLOEXEC, EFD_NONBLOCK, close, eventfd, pipe, read, write } from '../../shim/sys/libc.ts';
import { probeKernel } from '../../shim/register/probe.ts';
import {
  registerEventfd,
  unregisterEventfd,
  setEventfdEnabled,
  eventfdEnabled,
  probe,
  registerPersonality,
  unregisterPersonality,
  registerRestrictions,
  enableRings,
  registerIowqMaxWorkers,
  registerIowqAffinity,
  unregisterIowqAffinity,
  syncCancel,
  registerClock,
  registerRingFd,
  unregisterRingFd,
  registerNapi,
  unregisterNapi,
  resizeRings,
} from '../../shim/register/index.ts';

function withRing(fn: (t: Ctx) => void, setup: SetupOptions = { entries: 16 }): () => void {
  return () => {
    const t = new Ctx(new Ring(core, KernelBackend.setup(setup)), 'default');
    try {
      fn(t);
    } finally {
      t.close();
    }
  };
}

function kernelError(fn: () => unknown, code: string, syscall = 'io_uring_register'): UringError {
  try {
    fn();
  } catch (e) {
    assert.instance(e, UringError, String(e));
    assert.is((e as UringError).code, code, (e as Error).message);
    assert.is((e as UringError).syscall, syscall);
    return e as UringError;
  }
  assert.unreachable(`expected ${code}`);
  throw new Error('unreachable');
}

/** The eventfd counter (reads and resets it); 0 when it was not signalled. */
function counter(efd: number): number {
  const b = new BigUint64Array(1);
  try {
    read(efd, b);
  } catch (e) {
    if ((e as UringError).code === 'EAGAIN') return 0;
    throw e;
  }
  return Number(b[0]);
}

if (!unavailable('register-ring')) {
  test(
    'eventfd: signalled per CQE; not while IORING_CQ_EVENTFD_DISABLED; again when re-enabled; unregister',
    withRing((t) => {
      const efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
      try {
        registerEventfd(t.ring, efd);
        assert.is(counter(efd), 0);
        t.ok('nop', {});
        assert.is(counter(efd), 1, 'one CQE, one signal');
        setEventfdEnabled(t.ring, false);
        assert.is(eventfdEnabled(t.ring), false);
        t.ok('nop', {});
        assert.is(counter(efd), 0, 'disabled');
        setEventfdEnabled(t.ring, true);
        assert.is(eventfdEnabled(t.ring), true);
        t.ok('nop', {});
        t.ok('nop', {});
        assert.is(counter(efd), 2);
        kernelError(() => registerEventfd(t.ring, efd), 'EBUSY');
        unregisterEventfd(t.ring);
        t.ok('nop', {});
        assert.is(counter(efd), 0, 'unregistered');
        kernelError(() => unregisterEventfd(t.ring), 'ENXIO');
        assert.throws(
          () => registerEventfd(t.ring, -1),
          (e: Error) => e instanceof RangeError && /eventfd/.test(e.message),
        );
      } finally {
        close(efd);
      }
    }),
  );

  test(
    'eventfd async: an inline completion does not signal, one from an io-wq worker (IOSQE_ASYNC) does',
    withRing((t) => {
      const efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
      try {
        registerEventfd(t.ring, efd, { async: true });
        t.ok('nop', {});
        assert.is(counter(efd), 0, 'inline nop');
        t.ok('nop', { flags: IOSQE.ASYNC });
        assert.is(counter(efd), 1, 'nop punted to io-wq');
      } finally {
        close(efd);
      }
    }),
  );

  test(
    'probe over a Ring matches the kernel probe',
    withRing((t) => {
      const p = probe(t.ring),
        k = probeKernel();
      assert.is(p.lastOp, k.lastOp);
      assert.equal(
        p.ops.map((o) => o.supported),
        k.ops.map((o) => o.supported),
      );
      assert.ok(p.supported('NOP') && p.supported('READ'));
    }),
  );

  test(
    'personality: an SQE naming the registered id runs; an unknown or unregistered id gives EINVAL',
    withRing((t) => {
      const id = registerPersonality(t.ring);
      assert.ok(id >= 1, `id ${id}`);
      assert.is(t.run('nop', { personality: id }).res, 0);
      assert.is(resName(t.run('nop', { personality: id + 100 }).res), 'EINVAL');
      unregisterPersonality(t.ring, id);
      assert.is(resName(t.run('nop', { personality: id }).res), 'EINVAL');
      kernelError(() => unregisterPersonality(t.ring, id), 'EINVAL');
      assert.throws(
        () => unregisterPersonality(t.ring, 0),
        (e: Error) => e instanceof RangeError && /id/.test(e.message),
      );
    }),
  );

  test(
    'restrictions: R_DISABLED refuses submit until enabled; a forbidden opcode gives EACCES, so does a forbidden register op',
    withRing(
      (t) => {
        t.ring.prep.nop({ userData: 1 });
        kernelError(() => t.ring.submit(), 'EBADFD', 'io_uring_enter');
        registerRestrictions(t.ring, [
          { sqeOp: OP.NOP },
          { sqeOp: OP.READ },
          { registerOp: REGISTER.PROBE },
          { sqeFlagsAllowed: IOSQE.IO_LINK },
        ]);
        kernelError(() => registerRestrictions(t.ring, [{ sqeOp: OP.NOP }]), 'EBUSY');
        enableRings(t.ring);
        const [c] = t.wait(1);
        assert.equal([c!.userData, c!.res], [1, 0], 'the nop staged before enabling');
        assert.is(t.run('nop', {}).res, 0);
        assert.is(
          resName(t.run('write', { fd: 1, buf: t.addr(Buffer.from('x')), nbytes: 1, offset: 0 }).res),
          'EACCES',
        );
        assert.is(
          resName(t.run('nop', { flags: IOSQE.ASYNC }).res),
          'EACCES',
          'IOSQE_ASYNC not among the allowed flags',
        );
        assert.ok(probe(t.ring).supported('NOP'), 'PROBE is allowed');
        kernelError(() => registerPersonality(t.ring), 'EACCES');
        assert.throws(
          () => registerRestrictions(t.ring, [{ foo: 1 } as never]),
          (e: Error) => e instanceof TypeError && /unknown key/.test(e.message),
        );
      },
      { entries: 8, flags: SETUP.R_DISABLED },
    ),
  );

  test(
    'io-wq max workers: returns the previous limits; affinity registers and unregisters',
    withRing((t) => {
      const before = registerIowqMaxWorkers(t.ring);
      assert.ok(before.bounded > 0 && before.unbounded > 0, JSON.stringify(before));
      assert.equal(registerIowqMaxWorkers(t.ring, { bounded: 2, unbounded: 3 }), before);
      assert.equal(registerIowqMaxWorkers(t.ring, { unbounded: 5 }), { bounded: 2, unbounded: 3 });
      assert.equal(registerIowqMaxWorkers(t.ring, {}), { bounded: 2, unbounded: 5 });
      registerIowqAffinity(t.ring, [0]);
      t.ok('nop', { flags: IOSQE.ASYNC });
      unregisterIowqAffinity(t.ring);
      assert.throws(() => registerIowqAffinity(t.ring, []), TypeError);
    }),
  );

  test(
    'sync cancel: a read blocked on a pipe is cancelled (its CQE -ECANCELED); again: ENOENT',
    withRing((t) => {
      const [r, w] = pipe();
      try {
        const buf = Buffer.alloc(8);
        t.queue('read', { fd: r, buf: t.addr(buf), nbytes: 8, offset: -1, userData: 42 });
        t.ring.submit();
        assert.is(t.ring.copyCqes(0).count, 0, 'blocked');
        assert.is(syncCancel(t.ring, { userData: 42, timeoutMs: 1000 }), 0);
        const [c] = t.wait(1);
        assert.equal([c!.userData, resName(c!.res)], [42, 'ECANCELED']);
        kernelError(() => syncCancel(t.ring, { userData: 42 }), 'ENOENT');
        // By fd, all of them.
        t.queue('read', { fd: r, buf: t.addr(buf), nbytes: 8, offset: -1, userData: 43 });
        t.queue('read', { fd: r, buf: t.addr(buf), nbytes: 8, offset: -1, userData: 44 });
        t.ring.submit();
        assert.is(syncCancel(t.ring, { fd: r, all: true }), 2);
        assert.equal(
          t.wait(2).map((x) => resName(x.res)),
          ['ECANCELED', 'ECANCELED'],
        );
        assert.throws(
          () => syncCancel(t.ring, {}),
          (e: Error) => e instanceof TypeError && /what to cancel/.test(e.message),
        );
        write(w, 'x');
      } finally {
        close(r);
        close(w);
      }
    }),
  );

  test(
    'clock: ABS_TIMER waits run on the registered clock (boottime); an unsupported clock gives EINVAL',
    withRing((t) => {
      const cg = koffi.load('libc.so.6').func('clock_gettime', 'int', ['int', 'void *']);
      const now = (id: number) => {
        const b = new BigInt64Array(2);
        cg(id, b);
        return Number(b[0]) * 1e9 + Number(b[1]);
      };
      registerClock(t.ring, 'boottime');
      const at = (ns: number) => ({ sec: Math.floor(ns / 1e9), nsec: ns % 1e9 });
      const wait = (deadline: number) => {
        const t0 = performance.now();
        kernelError(
          () => t.ring.backend.enter(0, 1, ENTER.GETEVENTS | ENTER.ABS_TIMER, at(deadline)),
          'ETIME',
          'io_uring_enter',
        );
        return performance.now() - t0;
      };
      const future = wait(now(7) + 150e6);
      assert.ok(future >= 100 && future < 2000, `deadline 150 ms ahead waited ${future} ms`);
      const past = wait(now(7) - 1e9);
      assert.ok(past < 50, `deadline in the past waited ${past} ms`);
      registerClock(t.ring, 'monotonic');
      const mono = wait(now(1) + 100e6);
      assert.ok(mono >= 60 && mono < 2000, `monotonic deadline waited ${mono} ms`);
      kernelError(() => registerClock(t.ring, 0 /* CLOCK_REALTIME */), 'EINVAL');
    }),
  );

  test('registered ring fd: enter goes through the index (IORING_ENTER_REGISTERED_RING)', () => {
    const b = KernelBackend.setup({ entries: 8, registerRingFd: true });
    const t = new Ctx(new Ring(core, b), 'default');
    try {
      const idx = b.registeredRingIndex;
      assert.ok(idx >= 0);
      assert.is(registerRingFd(t.ring), idx, 'already registered: the same index');
      assert.is(t.ok('nop', {}), 0);
      // Entering with the index as if it were an fd (what the backend does without the flag) fails.
      const raw = koffi
        .load('libc.so.6')
        .func('syscall', 'long', ['long', 'int', 'uint32_t', 'uint32_t', 'uint32_t', 'uintptr_t', 'size_t']);
      assert.is(raw(426, idx, 0, 0, ENTER.REGISTERED_RING, 0, 0), 0, 'the index is a registered ring');
      unregisterRingFd(t.ring);
      assert.is(b.registeredRingIndex, -1);
      assert.is(raw(426, idx, 0, 0, ENTER.REGISTERED_RING, 0, 0), -1, 'index gone');
      assert.is(t.ok('nop', {}), 0, 'plain fd again');
      assert.ok(registerRingFd(t.ring) >= 0);
      assert.is(t.ok('nop', {}), 0);
    } finally {
      t.close();
    }
  });

  test(
    'NAPI: register returns the previous settings and unregister the current ones (or the documented EINVAL without busy poll)',
    withRing((t) => {
      let prev: ReturnType<typeof registerNapi>;
      try {
        prev = registerNapi(t.ring, { busyPollTimeout: 100, preferBusyPoll: true });
      } catch (e) {
        assert.instance(e, UringError);
        assert.is((e as UringError).code, 'EINVAL', 'kernels without CONFIG_NET_RX_BUSY_POLL refuse with EINVAL');
        return;
      }
      assert.equal(prev, { busyPollTimeout: 0, preferBusyPoll: false });
      assert.equal(unregisterNapi(t.ring), { busyPollTimeout: 100, preferBusyPoll: true });
      assert.throws(() => registerNapi(t.ring, { busyPollTimeout: -1, preferBusyPoll: false }), RangeError);
    }),
  );

  for (const [shape, extra] of [
    ['default', 0],
    ['CQE32|SQE128', SETUP.CQE32 | SETUP.SQE128],
    ['NO_SQARRAY', SETUP.NO_SQARRAY],
  ] as const)
    test(`resize rings [${shape}]: in-flight read and an unreaped CQE survive; the new ring has the new sizes`, () => {
      const ring0 = new Ring(
        core,
        KernelBackend.setup({ entries: 4, flags: SETUP.SINGLE_ISSUER | SETUP.DEFER_TASKRUN | extra }),
      );
      const [r, w] = pipe();
      let ring = ring0;
      try {
        const buf = Buffer.alloc(8);
        ring.prep.nop({ userData: 1 });
        ring.prep.read({ fd: r, buf, nbytes: 8, offset: -1, userData: 2 });
        ring.submit();
        assert.is(ring.params.sqEntries, 4);
        ring.prep.nop({ userData: 9 });
        assert.throws(() => resizeRings(ring, { sqEntries: 64 }), /prepped but not submitted/);
        ring.submit();
        ring = resizeRings(ring0, { sqEntries: 64, cqEntries: 128 });
        assert.is(ring.params.sqEntries, 64);
        assert.is(ring.params.cqEntries, 128);
        assert.is(ring.backend.params.cqEntries, 128);
        for (let i = 0; i < 40; i++) ring.prep.nop({ userData: 100 + i });
        assert.is(ring.submit(), 40, 'more SQEs than the old ring had');
        write(w, 'resized');
        const got = new Map<number, number>();
        const deadline = Date.now() + 3000;
        while (got.size < 43 && Date.now() < deadline) {
          const b = ring.copyCqes(1, undefined, { sec: 0, nsec: 100e6 });
          for (let i = 0; i < b.count; i++) got.set(b.userData(i), b.res[i]!);
        }
        assert.is(got.get(1), 0, 'CQE posted before the resize');
        assert.is(got.get(9), 0);
        assert.is(got.get(2), 7, 'read in flight across the resize');
        assert.is(buf.subarray(0, 7).toString(), 'resized');
        assert.is(got.size, 43);
      } finally {
        close(r);
        close(w);
        ring.close();
      }
    });

  test(
    'resize rings on a ring without DEFER_TASKRUN: EINVAL that says why',
    withRing((t) => {
      const e = kernelError(() => resizeRings(t.ring, { sqEntries: 32 }), 'EINVAL');
      assert.match(e.message, /DEFER_TASKRUN/);
      assert.is(t.ok('nop', {}), 0, 'the ring still works');
    }),
  );
}

test.run();
