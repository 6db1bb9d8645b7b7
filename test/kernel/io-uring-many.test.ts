// More ops waiting in the kernel than the CQ has entries. Long-lived ops (a read of a quiet pipe, a recv on an idle
// connection) must all be in the kernel at once, or the one whose data comes was never submitted and waits for
// someone else's completion: 100 pipe reads on a ring whose CQ holds 16; the last pipe is written first and its
// read completes by itself; then every pipe at once (completions beyond the CQ go through the kernel's overflow
// list and are all delivered, in copy mode and in place).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { unavailable } from './_env.ts';
import { IoUring } from '../../shim/async/index.ts';
import { close as closeFd, pipe, write as writeSync } from '../../shim/sys/libc.ts';

const within = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error(`${what}: not within ${ms} ms`)), ms))]);

if (!unavailable('io-uring-many')) {
  for (const inPlace of [false, true]) {
    test(`100 pending reads on a ring whose CQ holds 16 (${inPlace ? 'in place' : 'copy mode'}): each completes when its data comes`, async () => {
      const ring = await IoUring.create({ entries: 8, inPlace });
      const pipes = Array.from({ length: 100 }, () => pipe());
      try {
        assert.ok(ring.backend.params.cqEntries <= 16, `CQ of ${ring.backend.params.cqEntries}`);
        const bufs = pipes.map(() => Buffer.alloc(8));
        const reads = pipes.map(([r], i) => ring.read(r, bufs[i]!));
        for (const p of reads) p.catch(() => {}); // a failed assertion below closes the ring: no unhandled rejections
        await new Promise((r) => setTimeout(r, 20));
        assert.is(ring.inFlight, 100, 'all 100 reads are in the kernel');
        writeSync(pipes[99]![1], Buffer.from('last'));
        assert.is(await within(reads[99]!, 2000, "the last pipe's read"), 4);
        assert.is(bufs[99]!.subarray(0, 4).toString(), 'last');
        for (let i = 0; i < 99; i++) writeSync(pipes[i]![1], Buffer.from(`p${i}`));
        const got = await within(Promise.all(reads), 5000, 'every read');
        for (let i = 0; i < 99; i++) {
          assert.is(got[i], `p${i}`.length);
          assert.is(bufs[i]!.subarray(0, got[i]!).toString(), `p${i}`);
        }
        assert.is(ring.inFlight, 0);
      } finally {
        await ring.close();
        for (const [r, w] of pipes) {
          closeFd(r);
          closeFd(w);
        }
      }
    });
  }
}

test.run();
