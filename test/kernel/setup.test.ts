// Setup and teardown with the flag sets an application reaches for, and NOPs through each ring: encoded by
// the core, copied in bulk, completed by the kernel, compared byte for byte.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Driver, enc, hex, packCqe, sleepMs, unavailable } from './_env.ts';
import { KernelBackend } from '../../shim/kernel/backend.ts';
import type { SetupOptions } from '../../shim/kernel/params.ts';
import { FEAT, SETUP, SQ_RING } from '../../shim/sys/abi.ts';

/** Submit NOPs in batches of `batches` (crossing the wrap), reap and check every CQE. */
function nops(b: KernelBackend, batches: number[]): number {
  const d = new Driver(b);
  let ud = 0x1_0000_0001; // above 2^32: the high word of user_data must survive too
  let done = 0;
  for (const n of batches) {
    const want: Uint8Array[] = [];
    for (let i = 0; i < n; i++) {
      d.push(enc.op.nop({ userData: ud }));
      want.push(packCqe(ud, 0, 0, b.params.cqeSize));
      ud += 7;
    }
    const submitted = d.submit(n);
    assert.is(submitted, n, 'io_uring_enter consumed every SQE');
    assert.is(b.sqHead(), d.tail, 'the kernel consumed up to our tail');
    const got = d.reap();
    assert.equal(got.map(hex), want.map(hex));
    done += n;
  }
  assert.is(b.sqDropped(), 0);
  assert.is(b.cqOverflow(), 0);
  return done;
}

const cases: [string, SetupOptions, (b: KernelBackend) => void][] = [
  [
    'default',
    { entries: 8 },
    (b) => {
      assert.equal([b.params.sqEntries, b.params.cqEntries, b.params.sqeSize, b.params.cqeSize], [8, 16, 64, 16]);
      assert.ok(b.layout.singleMmap && b.layout.sqArray);
      assert.ok(b.params.features & FEAT.SINGLE_MMAP);
    },
  ],
  [
    'SQE128|CQE32',
    { entries: 8, flags: SETUP.SQE128 | SETUP.CQE32 },
    (b) => {
      assert.equal([b.params.sqeSize, b.params.cqeSize], [128, 32]);
      assert.is(b.layout.sqesSize, 8 * 128);
      assert.ok(b.params.flags & SETUP.SQE128 && b.params.flags & SETUP.CQE32);
    },
  ],
  [
    'NO_SQARRAY',
    { entries: 8, flags: SETUP.NO_SQARRAY },
    (b) => {
      assert.is(b.layout.sqArray, false);
      assert.is(b.layout.sqOff.array, 0);
    },
  ],
  [
    'CQSIZE',
    { entries: 8, cqEntries: 128 },
    (b) => {
      assert.equal([b.params.sqEntries, b.params.cqEntries], [8, 128]);
      assert.ok(b.params.flags & SETUP.CQSIZE);
    },
  ],
  ['SQPOLL', { entries: 8, flags: SETUP.SQPOLL }, (b) => assert.ok(b.params.flags & SETUP.SQPOLL)],
  [
    'SINGLE_ISSUER|DEFER_TASKRUN',
    { entries: 8, flags: SETUP.SINGLE_ISSUER | SETUP.DEFER_TASKRUN },
    (b) => assert.is(b.params.flags, SETUP.SINGLE_ISSUER | SETUP.DEFER_TASKRUN),
  ],
  [
    'COOP_TASKRUN|TASKRUN_FLAG',
    { entries: 8, flags: SETUP.COOP_TASKRUN | SETUP.TASKRUN_FLAG },
    (b) => assert.is(b.params.flags, SETUP.COOP_TASKRUN | SETUP.TASKRUN_FLAG),
  ],
  [
    'separate SQ and CQ mappings (the pre-5.4 path)',
    { entries: 8, separateMmap: true },
    (b) => {
      assert.is(b.layout.singleMmap, false);
      assert.ok(b.layout.cqRingSize >= b.layout.cqOff.cqes + 16 * 16);
    },
  ],
  [
    'separate mappings with NO_SQARRAY|CQE32',
    { entries: 8, separateMmap: true, flags: SETUP.NO_SQARRAY | SETUP.CQE32 },
    (b) => {
      assert.equal([b.layout.singleMmap, b.layout.sqArray, b.params.cqeSize], [false, false, 32]);
    },
  ],
  [
    'SUBMIT_ALL|CLAMP (entries 100000 clamped)',
    { entries: 100000, flags: SETUP.SUBMIT_ALL | SETUP.CLAMP },
    (b) => assert.is(b.params.sqEntries, 32768),
  ],
];

if (!unavailable('setup')) {
  for (const [name, opts, check] of cases) {
    test(`setup ${name}: params, NOPs across the wrap, teardown`, () => {
      const b = KernelBackend.setup(opts);
      try {
        check(b);
        assert.is(b.closed, false);
        const n = b.params.sqEntries;
        assert.is(nops(b, [5, 5, 5, n, 3, 1, n - 1]), 18 + 2 * n);
      } finally {
        b.close();
      }
      assert.is(b.closed, true);
    });
  }

  test('entries are rounded up to a power of two; cq = 2 x sq', () => {
    const b = KernelBackend.setup({ entries: 5 });
    assert.equal([b.params.sqEntries, b.params.cqEntries], [8, 16]);
    b.close();
  });

  test('bulk copy path: 32-entry ring, full batches and single SQEs, many wraps', () => {
    const b = KernelBackend.setup({ entries: 32 });
    try {
      const batches: number[] = [];
      for (let i = 0; i < 20; i++) batches.push(32, 1, 31, 7);
      assert.is(nops(b, batches), 20 * 71);
    } finally {
      b.close();
    }
  });

  test('writeSqes from an unaligned source offset and readCqes into an unaligned destination', () => {
    const b = KernelBackend.setup({ entries: 4 });
    try {
      const src = new Uint8Array(64 * 2 + 3);
      src.set(enc.op.nop({ userData: 11 }), 3);
      src.set(enc.op.nop({ userData: 12 }), 67);
      b.writeSqes(src, 3, 0, 2);
      b.setSqTail(2);
      assert.is(b.enter(2, 2, 1), 2);
      const dst = new Uint8Array(16 * 2 + 1);
      b.readCqes(dst, 1, 0, 2);
      b.setCqHead(2);
      assert.is(hex(dst.subarray(1)), hex(packCqe(11, 0, 0, 16)) + hex(packCqe(12, 0, 0, 16)));
    } finally {
      b.close();
    }
  });

  test('copies that would cross the end of the ring are refused', () => {
    const b = KernelBackend.setup({ entries: 4 });
    try {
      const src = new Uint8Array(64 * 8);
      assert.throws(
        () => b.writeSqes(src, 0, 3, 2),
        (e: Error) => e instanceof RangeError && /writeSqes/.test(e.message),
      );
      assert.throws(() => b.writeSqes(src, 64 * 7, 0, 2), RangeError);
      assert.throws(
        () => b.readCqes(new Uint8Array(64), 0, 7, 2),
        (e: Error) => e instanceof RangeError && /readCqes/.test(e.message),
      );
      assert.throws(() => b.readCqes(new Uint8Array(16), 0, 0, 2), RangeError);
    } finally {
      b.close();
    }
  });

  test("ATTACH_WQ: a second ring shares the first one's io-wq", () => {
    const a = KernelBackend.setup({ entries: 4 });
    try {
      const b = KernelBackend.setup({ entries: 4, wqFd: a.fd });
      try {
        assert.ok(b.params.flags & SETUP.ATTACH_WQ);
        nops(b, [3, 4]);
      } finally {
        b.close();
      }
    } finally {
      a.close();
    }
  });

  test('SQPOLL|SQ_AFF with a short idle: the thread sleeps (NEED_WAKEUP, read after a fence) and SQ_WAKEUP restarts it', () => {
    const b = KernelBackend.setup({ entries: 8, flags: SETUP.SQPOLL | SETUP.SQ_AFF, sqThreadCpu: 0, sqThreadIdle: 1 });
    try {
      nops(b, [2]);
      let slept = false;
      for (let i = 0; i < 200 && !slept; i++) {
        sleepMs(5);
        slept = (b.sqFlags(true) & SQ_RING.NEED_WAKEUP) !== 0;
      }
      assert.ok(slept, 'the SQPOLL thread never set IORING_SQ_NEED_WAKEUP');
      nops(b, [3]); // Driver.submit sees NEED_WAKEUP and passes SQ_WAKEUP
    } finally {
      b.close();
    }
  });

  test('CQ ring flags are read and written by the app', () => {
    const b = KernelBackend.setup({ entries: 4 });
    try {
      assert.is(b.cqFlags(), 0);
      b.setCqFlags(1); // IORING_CQ_EVENTFD_DISABLED
      assert.is(b.cqFlags(), 1);
      b.setCqFlags(0);
      assert.is(b.cqFlags(), 0);
    } finally {
      b.close();
    }
  });

  test('KernelBackend refuses in-place flags (NO_MMAP) with a clear error', () => {
    assert.throws(() => KernelBackend.setup({ entries: 4, flags: SETUP.NO_MMAP }), /NO_MMAP.*copy mode/);
  });

  test('setup options are checked before the kernel sees them', () => {
    assert.throws(() => KernelBackend.setup({ entries: 0 }), RangeError);
    assert.throws(() => KernelBackend.setup({ entries: 1.5 }), TypeError);
    assert.throws(() => KernelBackend.setup({ flags: SETUP.CQSIZE }), /CQSIZE needs cqEntries/);
    assert.throws(() => KernelBackend.setup({ flags: SETUP.ATTACH_WQ }), /ATTACH_WQ needs wqFd/);
  });
}

test.run();
