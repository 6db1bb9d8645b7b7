// In-place mode (shim/kernel/inplace.ts, IORING_SETUP_NO_MMAP): the kernel's rings in the core's WASM memory, the Ring
// staging SQEs in the kernel's SQE array and parsing CQEs in the kernel's CQ. The whole op suite also runs on this
// shape ('NO_MMAP in place' in _ops.ts SHAPES); this file covers what is particular to it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unavailable } from './_env.ts';
import { InPlaceBackend, inPlaceSizes, ringGeometry, type InPlaceOptions } from '../../shim/kernel/inplace.ts';
import { KernelBackend } from '../../shim/kernel/backend.ts';
import { SETUP, SQ_RING } from '../../shim/sys/abi.ts';
import { Ring } from '../../ts/ring/ring.ts';
import { loadCore } from '../../ts/core/load-node.ts';
import type { Core } from '../../ts/core/core.ts';
import { addressOf } from '../../shim/sys/memory.ts';
import { close, pipe, write } from '../../shim/sys/libc.ts';

interface Got {
  ud: number;
  res: number;
  big: number[];
}

/** Submit what is staged and reap exactly `n` CQEs (in arrival order). */
function reap(ring: Ring, n: number): Got[] {
  const out: Got[] = [];
  ring.submit();
  const deadline = Date.now() + 5000;
  while (out.length < n) {
    if (Date.now() > deadline) throw new Error(`timed out: ${out.length} of ${n} CQEs`);
    const b = ring.copyCqes(1, n - out.length, { sec: 1, nsec: 0 });
    for (let i = 0; i < b.count; i++)
      out.push({ ud: b.userData(i), res: b.res[i]!, big: Array.from(b.big.subarray(i * 4, i * 4 + 4)) });
  }
  return out;
}

/** Count the backend's copy calls (the Ring must make none in place). */
function countCopies(b: KernelBackend): { writeSqes: number; readCqes: number } {
  const n = { writeSqes: 0, readCqes: 0 };
  const w = b.writeSqes.bind(b),
    r = b.readCqes.bind(b);
  Object.assign(b, {
    writeSqes: (...a: Parameters<KernelBackend['writeSqes']>) => {
      n.writeSqes++;
      w(...a);
    },
    readCqes: (...a: Parameters<KernelBackend['readCqes']>) => {
      n.readCqes++;
      r(...a);
    },
  });
  return n;
}

function inPlace(core: Core, opts: InPlaceOptions): { ring: Ring; b: InPlaceBackend } {
  const b = InPlaceBackend.setup({ ...opts, core });
  return { ring: new Ring(core, b), b };
}

if (!unavailable('inplace')) {
  const core = loadCore();

  const variants: [string, InPlaceOptions][] = [
    ['default', { entries: 8 }],
    ['SQE128|CQE32', { entries: 8, flags: SETUP.SQE128 | SETUP.CQE32 }],
    ['NO_SQARRAY', { entries: 8, flags: SETUP.NO_SQARRAY }],
    ['SQE128|CQE32|NO_SQARRAY', { entries: 8, flags: SETUP.SQE128 | SETUP.CQE32 | SETUP.NO_SQARRAY }],
    ['SINGLE_ISSUER|DEFER_TASKRUN', { entries: 8, flags: SETUP.SINGLE_ISSUER | SETUP.DEFER_TASKRUN }],
    ['SQPOLL', { entries: 8, flags: SETUP.SQPOLL }],
    ['registered ring fd', { entries: 8, registerRingFd: true }],
    ['4096 entries (multi-page regions)', { entries: 4096 }],
  ];

  for (const [name, opts] of variants) {
    test(`in place (${name}): NOPs in rounds across the wrap, SQEs staged in the kernel's array, CQEs parsed in its CQ, no copy`, () => {
      const { ring, b } = inPlace(core, opts);
      const copies = countCopies(b);
      try {
        assert.ok(b.params.flags & SETUP.NO_MMAP, 'set up with IORING_SETUP_NO_MMAP');
        assert.is(ring.sqes, b.inPlace.sqes, "the staging SQE array is the kernel's SQE array");
        assert.is(b.inPlace.sqes, b.regions.sqes);
        assert.is(b.inPlace.cqes, b.regions.rings + b.layout.cqOff.cqes);
        const { sqEntries, sqeSize, cqeSize } = b.params;
        // Poison the kernel's CQE array: whatever the Ring reports must be what the kernel wrote over it.
        core.u8.fill(0xa5, b.inPlace.cqes, b.inPlace.cqes + b.params.cqEntries * cqeSize);
        const per = Math.min(6, sqEntries - 1) + (sqEntries > 8 ? 993 : 0);
        const rounds = sqEntries > 8 ? 9 : 7; // 7 × 6 on 8 slots / 9 × 999 on 4096: several wraps of SQ and CQ
        let ud = 2 ** 40;
        for (let round = 0; round < rounds; round++) {
          const want: number[] = [];
          for (let i = 0; i < per; i++, ud += 3) {
            const at = ring.prep.nop({ userData: ud });
            assert.ok(
              at >= b.regions.sqes && at + sqeSize <= b.regions.sqes + sqEntries * sqeSize,
              "SQE written inside the kernel's SQE array",
            );
            assert.is((at - b.regions.sqes) % sqeSize, 0);
            want.push(ud);
          }
          const got = reap(ring, per);
          assert.equal(
            got.map((g) => g.ud),
            want,
          );
          assert.ok(
            got.every((g) => g.res === 0),
            'every NOP res 0',
          );
          if (cqeSize === 32)
            assert.ok(
              got.every((g) => g.big.every((w) => w === 0)),
              'the CQE32 tail the kernel zeroed, read in place',
            );
        }
        assert.is(ring.cqReady, 0);
        assert.is(ring.sqReady, 0);
        assert.equal(copies, { writeSqes: 0, readCqes: 0 }, 'nothing copied between WASM memory and the rings');
      } finally {
        ring.close();
      }
      assert.ok(b.closed);
    });
  }

  test('the no-copy proof can fail: the same counter sees copies on a copy-mode ring', () => {
    const b = KernelBackend.setup({ entries: 8 });
    const copies = countCopies(b);
    const ring = new Ring(core, b);
    try {
      ring.prep.nop({ userData: 1 });
      assert.is(reap(ring, 1)[0]!.ud, 1);
      assert.ok(copies.writeSqes > 0 && copies.readCqes > 0, JSON.stringify(copies));
    } finally {
      ring.close();
    }
  });

  test('in place: READs from a file land in the buffers, res is the byte count, across the wrap', () => {
    const dir = mkdtempSync(join(tmpdir(), 'uring-inplace-'));
    const data = Buffer.alloc(64 * 1024);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i >> 9)) & 0xff;
    writeFileSync(join(dir, 'f'), data);
    const fd = openSync(join(dir, 'f'), 'r');
    const { ring } = inPlace(core, { entries: 4 });
    try {
      for (let round = 0; round < 5; round++) {
        const bufs = [0, 1, 2].map(() => Buffer.alloc(4096));
        bufs.forEach((buf, i) => {
          const off = ((round * 3 + i) % 16) * 4096;
          ring.prep.read({ fd, buf, nbytes: 4096, offset: off, userData: 100 * round + i });
        });
        const got = reap(ring, 3);
        assert.equal(
          got.map((g) => g.ud).sort((a, c) => a - c),
          [0, 1, 2].map((i) => 100 * round + i),
        );
        for (const g of got) {
          const i = g.ud % 100;
          assert.is(g.res, 4096);
          const off = ((round * 3 + i) % 16) * 4096;
          assert.ok(bufs[i]!.equals(data.subarray(off, off + 4096)), `round ${round} buffer ${i}`);
        }
      }
    } finally {
      ring.close();
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('in place: 64 NOPs on a CQ of 4 overflow; the overflow is flushed and nothing is lost', () => {
    const { ring, b } = inPlace(core, { entries: 4, cqEntries: 4 });
    try {
      assert.is(b.params.cqEntries, 4);
      for (let ud = 1; ud <= 64; ud += 4) {
        for (let i = 0; i < 4; i++) ring.prep.nop({ userData: ud + i });
        ring.submit();
      }
      assert.ok(b.sqFlags() & SQ_RING.CQ_OVERFLOW, 'IORING_SQ_CQ_OVERFLOW set in the in-place ring');
      assert.ok(ring.cqNeedsFlush);
      assert.is(ring.cqReady, 4);
      const got: number[] = [];
      for (let tries = 0; got.length < 64 && tries < 1000; tries++) {
        const batch = ring.peekCqes();
        for (let i = 0; i < batch.count; i++) got.push(batch.userData(i));
      }
      assert.equal(
        got.sort((x, y) => x - y),
        Array.from({ length: 64 }, (_, i) => i + 1),
      );
      assert.is(ring.cqOverflow, 0);
      assert.not.ok(ring.cqNeedsFlush);
    } finally {
      ring.close();
    }
  });

  test('in place: WASM memory grows (buffer replaced) with a READ in flight; the ring keeps working', () => {
    const { ring, b } = inPlace(core, { entries: 8 });
    const [r, w] = pipe();
    try {
      const buf = Buffer.alloc(32);
      ring.prep.read({ fd: r, buf, nbytes: 32, offset: -1, userData: 7 });
      ring.submit();
      const before = core.memory.buffer;
      const base = addressOf(before);
      core.alloc(32 << 20); // 32 MiB: memory.grow
      assert.is.not(core.memory.buffer, before, 'the memory grew: a new ArrayBuffer');
      assert.is(before.byteLength, 0, 'the old buffer is detached');
      assert.is(addressOf(core.memory.buffer), base, 'same base address (V8 reserved the whole range)');
      write(w, 'after growth');
      const [c] = reap(ring, 1);
      assert.equal([c!.ud, c!.res], [7, 12]);
      assert.is(buf.subarray(0, 12).toString(), 'after growth');
      // And again: more SQEs and CQEs through the re-made views, after another growth.
      core.alloc(8 << 20);
      for (let round = 0; round < 4; round++) {
        for (let i = 0; i < 5; i++) ring.prep.nop({ userData: 1000 + 5 * round + i });
        assert.equal(
          reap(ring, 5).map((g) => g.ud),
          Array.from({ length: 5 }, (_, i) => 1000 + 5 * round + i),
        );
      }
      b.checkMemory();
    } finally {
      ring.close();
      close(r);
      close(w);
    }
  });

  test('in place: a WASM memory that moved on growth is caught before the next enter; the ring is closed', () => {
    const { ring, b } = inPlace(core, { entries: 8 });
    const real = InPlaceBackend.addressOf;
    try {
      ring.prep.nop({ userData: 1 });
      assert.is(reap(ring, 1)[0]!.ud, 1);
      InPlaceBackend.addressOf = (buf) => real(buf) + 65536; // what an engine that copies memory on grow would show
      ring.prep.nop({ userData: 2 }); // no growth yet: the buffer (and so the base) is the one checked at setup
      assert.is(reap(ring, 1)[0]!.ud, 2);
      const before = core.memory.buffer;
      core.alloc(4 << 20);
      assert.is.not(core.memory.buffer, before, 'the memory grew');
      ring.prep.nop({ userData: 3 });
      assert.throws(
        () => ring.submit(),
        (e: Error & { code?: string }) =>
          e.code === 'ERR_URING_MEMORY_MOVED' && /moved from 0x[0-9a-f]+ to 0x[0-9a-f]+/.test(e.message),
      );
      assert.ok(b.closed, 'the backend closed itself');
      assert.throws(() => b.enter(0, 0, 0), /closed/);
    } finally {
      InPlaceBackend.addressOf = real;
      ring.close();
    }
  });

  test('in place: after close every use is refused in JS (nothing touches the released ring)', () => {
    const { ring, b } = inPlace(core, { entries: 4 });
    ring.prep.nop({ userData: 1 });
    reap(ring, 1);
    ring.close();
    assert.ok(b.closed);
    assert.throws(
      () => ring.prep.nop({ userData: 2 }),
      (e: Error & { code?: string }) => e.code === 'ERR_URING_CLOSED',
    );
    assert.throws(() => ring.submit(), /closed/);
    assert.throws(() => ring.copyCqes(), /closed/);
    for (const f of [
      () => b.sqHead(),
      () => b.cqTail(),
      () => b.setSqTail(0),
      () => b.setCqHead(0),
      () => b.enter(0, 0, 0),
      () => b.checkMemory(),
    ])
      assert.throws(f, /closed/);
    ring.close(); // idempotent
  });

  test('in place: the Ring refuses a core other than the one holding the rings; resize and REGISTERED_FD_ONLY are refused', () => {
    const b = InPlaceBackend.setup({ core, entries: 4 });
    try {
      assert.throws(() => new Ring(loadCore(), b), /another core's memory/);
      assert.throws(() => b.resize({ sqEntries: 8 }), /in-place rings/);
      assert.throws(
        () => InPlaceBackend.setup({ core, entries: 4, flags: SETUP.REGISTERED_FD_ONLY }),
        /REGISTERED_FD_ONLY/,
      );
      assert.throws(() => InPlaceBackend.setup({ core: {} as Core, entries: 4 }), TypeError);
      assert.throws(() => KernelBackend.setup({ entries: 4, flags: SETUP.NO_MMAP }), /NO_MMAP.*copy mode/);
    } finally {
      b.close();
    }
  });

  test("in place: region sizes follow the kernel's rings_size (header + CQEs, doubled for CQE32, then the SQ array), page-rounded", () => {
    assert.equal(ringGeometry({ entries: 5 }), { sqEntries: 8, cqEntries: 16 });
    assert.equal(ringGeometry({ entries: 8, cqEntries: 100 }), { sqEntries: 8, cqEntries: 128 });
    assert.equal(inPlaceSizes(8, 16, 0), { ringsSize: 4096, sqesSize: 4096 });
    // 4096 / 8192: (64 + 8192 × 16) = 131136 → + 4096 × 4 = 147520 → 37 pages; SQEs 4096 × 64 = 64 pages.
    assert.equal(inPlaceSizes(4096, 8192, 0), { ringsSize: 37 * 4096, sqesSize: 64 * 4096 });
    // CQE32 doubles the header and CQEs: (64 + 8192 × 16) × 2 = 262272 → 65 pages; NO_SQARRAY adds nothing.
    assert.equal(inPlaceSizes(4096, 8192, SETUP.CQE32 | SETUP.NO_SQARRAY | SETUP.SQE128), {
      ringsSize: 65 * 4096,
      sqesSize: 128 * 4096,
    });
    // What the kernel reported fits what was allocated (checked by the backend too).
    const b = InPlaceBackend.setup({ core, entries: 32, flags: SETUP.CQE32 });
    try {
      assert.is(b.layout.cqOff.cqes, 64, 'sizeof(struct io_rings) as assumed');
      assert.ok(b.layout.sqOff.array + 32 * 4 <= b.regions.ringsSize);
      assert.is(b.layout.sqOff.user_addr, addressOf(core.memory.buffer) + b.regions.sqes);
      assert.is(b.layout.cqOff.user_addr, addressOf(core.memory.buffer) + b.regions.rings);
    } finally {
      b.close();
    }
  });
}

test.run();
