// ring.prepMany against the real kernel, copy mode and in place: NOPs come back with their user_data, reads
// land the file's bytes at the right offsets in the right buffers, writes put theirs in the file, sends and
// recvs move bytes over a socketpair, fixed reads use the registered buffer. What ran is checked, not just res.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unavailable } from './_env.ts';
import { core } from './_ops.ts';
import { KernelBackend } from '../../shim/kernel/backend.ts';
import { InPlaceBackend } from '../../shim/kernel/inplace.ts';
import { registerBuffers } from '../../shim/register/index.ts';
import { addressOf } from '../../shim/sys/memory.ts';
import { close, socketpair } from '../../shim/sys/libc.ts';
import { Ring } from '../../ts/ring/ring.ts';

const MODES = {
  copy: () => new Ring(core, KernelBackend.setup({ entries: 64 })),
  'in place': () => new Ring(core, InPlaceBackend.setup({ core, entries: 64 })),
};

/** Submit and reap `n` CQEs: user_data → res. */
function reap(ring: Ring, n: number): Map<number, number> {
  ring.submitAndWait(n);
  const out = new Map<number, number>();
  while (out.size < n) {
    const b = ring.copyCqes(1, n - out.size, { sec: 5, nsec: 0 });
    assert.ok(b.count > 0, `timed out after ${out.size} of ${n} CQEs`);
    for (let i = 0; i < b.count; i++) out.set(b.userData(i), b.res[i]!);
  }
  return out;
}

if (!unavailable('prep-many')) {
  const dir = mkdtempSync(join(tmpdir(), 'uring-many-'));
  const file = join(dir, 'data');
  const data = Buffer.alloc(64 * 1024);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i >> 12)) & 0xff;
  writeFileSync(file, data);

  for (const [mode, make] of Object.entries(MODES)) {
    test(`prepMany nop (${mode}): 64 NOPs in one call, each CQE with its user_data and res 0`, () => {
      const ring = make();
      try {
        const args = new Float64Array(64).map((_, i) => 1000 + i * 3);
        assert.is(ring.prepMany('nop', args, 64), 64);
        const got = reap(ring, 64);
        assert.equal(
          [...got.keys()].sort((a, b) => a - b),
          Array.from(args),
        );
        assert.ok([...got.values()].every((r) => r === 0));
      } finally {
        ring.close();
      }
    });

    test(`prepMany read (${mode}): 16 reads at scattered offsets land the file's bytes in 16 buffers`, () => {
      const ring = make();
      const fd = openSync(file, 'r');
      const bufs = Array.from({ length: 16 }, () => Buffer.alloc(1000, 0xee));
      try {
        const offs = bufs.map((_, i) => ((i * 5) % 16) * 4096 + i * 13);
        const args = new Float64Array(16 * 5);
        for (let i = 0; i < 16; i++) args.set([fd, addressOf(bufs[i]!), 1000, offs[i]!, 50 + i], i * 5);
        ring.prepMany('read', args, 16);
        const got = reap(ring, 16);
        for (let i = 0; i < 16; i++) {
          assert.is(got.get(50 + i), 1000, `read ${i}`);
          assert.ok(bufs[i]!.equals(data.subarray(offs[i]!, offs[i]! + 1000)), `bytes of read ${i}`);
        }
      } finally {
        closeSync(fd);
        ring.close();
      }
    });

    test(`prepMany write (${mode}): 8 writes put their bytes at their offsets`, () => {
      const ring = make();
      const out = join(dir, `out-${mode.replace(' ', '-')}`);
      writeFileSync(out, Buffer.alloc(8 * 512));
      const fd = openSync(out, 'r+');
      const bufs = Array.from({ length: 8 }, (_, i) => Buffer.alloc(512, 0x30 + i));
      try {
        const args = new Float64Array(8 * 5);
        // Reverse order of offsets: each write's place is its own.
        for (let i = 0; i < 8; i++) args.set([fd, addressOf(bufs[i]!), 512, (7 - i) * 512, i], i * 5);
        ring.prepMany('write', args, 8);
        const got = reap(ring, 8);
        for (let i = 0; i < 8; i++) assert.is(got.get(i), 512);
        const back = readFileSync(out);
        for (let i = 0; i < 8; i++)
          assert.ok(back.subarray((7 - i) * 512, (8 - i) * 512).equals(bufs[i]!), `block ${i}`);
      } finally {
        closeSync(fd);
        ring.close();
      }
    });

    test(`prepMany send + recv (${mode}): 4 sends then 4 recvs over a socketpair, bytes in order`, () => {
      const ring = make();
      const [a, b] = socketpair();
      const msgs = Array.from({ length: 4 }, (_, i) => Buffer.from(`message-${i}-`.repeat(10)));
      const into = Buffer.alloc(4096);
      try {
        const s = new Float64Array(4 * 5);
        for (let i = 0; i < 4; i++) s.set([a, addressOf(msgs[i]!), msgs[i]!.length, 0, 10 + i], i * 5);
        // IO_LINK keeps the sends in order.
        ring.prepMany('send', s, 4, { flags: 0x4 });
        const sent = reap(ring, 4);
        for (let i = 0; i < 4; i++) assert.is(sent.get(10 + i), msgs[i]!.length);
        const total = msgs.reduce((n, m) => n + m.length, 0);
        const r = new Float64Array([b, addressOf(into), total, 0, 99]);
        ring.prepMany('recv', r, 1);
        const got = reap(ring, 1);
        assert.is(got.get(99), total);
        assert.is(into.subarray(0, total).toString(), msgs.join(''));
      } finally {
        close(a);
        close(b);
        ring.close();
      }
    });

    test(`prepMany readFixed (${mode}): reads into the registered buffer at their places`, () => {
      const ring = make();
      const fd = openSync(file, 'r');
      const reg = Buffer.alloc(4 * 4096);
      try {
        registerBuffers(ring, [reg]);
        const base = addressOf(reg);
        const args = new Float64Array(4 * 6);
        for (let i = 0; i < 4; i++) args.set([fd, base + i * 4096, 4096, (3 - i) * 4096, 0, 7 + i], i * 6);
        ring.prepMany('readFixed', args, 4);
        const got = reap(ring, 4);
        for (let i = 0; i < 4; i++) {
          assert.is(got.get(7 + i), 4096);
          assert.ok(reg.subarray(i * 4096, (i + 1) * 4096).equals(data.subarray((3 - i) * 4096, (4 - i) * 4096)));
        }
      } finally {
        closeSync(fd);
        ring.close();
      }
    });
  }

  test('prepMany on an SQPOLL ring: 256 NOPs per call, 50 rounds, nothing lost', () => {
    const ring = new Ring(core, KernelBackend.setup({ entries: 256, flags: 2, sqThreadIdle: 1000 }));
    try {
      const args = new Float64Array(256);
      let seen = 0;
      for (let round = 0; round < 50; round++) {
        for (let i = 0; i < 256; i++) args[i] = round * 256 + i;
        ring.prepMany('nop', args, 256);
        seen += reap(ring, 256).size;
      }
      assert.is(seen, 50 * 256);
    } finally {
      ring.close();
    }
  });

  test('prep-many: cleanup', () => rmSync(dir, { recursive: true, force: true }));
}

test.run();
