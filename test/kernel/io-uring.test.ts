// The async IoUring on the real kernel: file round trips, errors shaped like Node's, concurrency, abort,
// timeouts, links and link timeouts, close() with ops in flight, back-pressure, argument errors, and the
// process exiting by itself when idle.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import {
  fstatSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  existsSync,
  readlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unavailable } from './_env.ts';
import { IoUring } from '../../shim/async/index.ts';
import { SETUP } from '../../ts/constants.ts';
import { UringError } from '../../ts/errors.ts';
import { close as closeFd, pipe, write as writeSync } from '../../shim/sys/libc.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'uring-async-'));
}

async function withRing<T>(opts: Parameters<typeof IoUring.create>[0], fn: (r: IoUring) => Promise<T>): Promise<T> {
  const r = await IoUring.create(opts);
  try {
    return await fn(r);
  } finally {
    await r.close();
  }
}

/** Rejects with the error `p` rejects with, or fails when it resolves. */
async function rejection(p: Promise<unknown>, what: string): Promise<Error & Record<string, unknown>> {
  try {
    const v = await p;
    assert.unreachable(`${what} resolved with ${String(v)}`);
  } catch (e) {
    if ((e as Error).name === 'Assertion') throw e;
    return e as Error & Record<string, unknown>;
  }
  throw new Error('unreachable');
}

if (!unavailable('io-uring')) {
  test('file round trip: openat, write, fsync, read back (contents compared), readv/writev, statx, closeFd', async () => {
    const dir = tmp();
    try {
      await withRing({ entries: 16 }, async (r) => {
        const path = join(dir, 'f');
        const fd = await r.openat(path, 'w+', 0o640);
        assert.ok(fd > 2, `openat gave fd ${fd}`);
        const payload = Buffer.from('io_uring round trip ✓ '.repeat(200));
        assert.is(await r.write(fd, payload, 0), payload.length);
        await r.fsync(fd);
        assert.equal(readFileSync(path), payload, 'the kernel wrote what was given');
        const back = Buffer.alloc(payload.length);
        assert.is(await r.read(fd, back, 0), payload.length);
        assert.equal(back, payload);
        // Vectored, at an offset.
        assert.is(await r.writev(fd, [Buffer.from('AAAA'), Buffer.from('BB')], 10), 6);
        const a = Buffer.alloc(3),
          b = Buffer.alloc(3);
        assert.is(await r.readv(fd, [a, b], 10), 6);
        assert.is(a.toString() + b.toString(), 'AAAABB');
        const st = await r.statx(path);
        assert.is(st.size, payload.length);
        assert.ok(st.isFile() && !st.isDirectory());
        assert.is(st.mode & 0o777, 0o640);
        assert.is(st.ino, statSync(path).ino);
        const byFd = await r.statx(fd);
        assert.is(byFd.ino, st.ino);
        await r.ftruncate(fd, 5);
        assert.is(statSync(path).size, 5);
        await r.closeFd(fd);
        await r.mkdir(join(dir, 'd'), 0o755);
        assert.ok(statSync(join(dir, 'd')).isDirectory());
        await r.rename(path, join(dir, 'g'));
        assert.ok(existsSync(join(dir, 'g')) && !existsSync(path));
        await r.symlink('g', join(dir, 's'));
        assert.is(readlinkSync(join(dir, 's')), 'g');
        await r.link(join(dir, 'g'), join(dir, 'h'));
        assert.is(statSync(join(dir, 'h')).nlink, 2);
        await r.unlink(join(dir, 'h'));
        await r.rmdir(join(dir, 'd'));
        assert.not.ok(existsSync(join(dir, 'h')) || existsSync(join(dir, 'd')));
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('errors: ENOENT from openat carries code, errno, syscall and path like Node; EBADF from read', async () => {
    const dir = tmp();
    try {
      await withRing({ entries: 8 }, async (r) => {
        const missing = join(dir, 'missing');
        const e = await rejection(r.openat(missing), 'openat of a missing file');
        assert.instance(e, UringError);
        assert.is(e.code, 'ENOENT');
        assert.is(e.errno, -2);
        assert.is(e.syscall, 'openat');
        assert.is(e.path, missing);
        assert.match(e.message, /^ENOENT: no such file or directory, openat '.*missing'$/);
        const st = await rejection(r.statx(missing), 'statx of a missing file');
        assert.is(st.code, 'ENOENT');
        assert.is(st.syscall, 'statx');
        const bad = await rejection(r.read(0x7ffffff0, Buffer.alloc(4)), 'read of a bad fd');
        assert.is(bad.code, 'EBADF');
        assert.is(bad.errno, -9);
        assert.is(bad.syscall, 'read');
        assert.is(r.inFlight, 0);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('argument errors reject with TypeError / RangeError before anything is queued', async () => {
    await withRing({ entries: 4 }, async (r) => {
      const cases: [string, () => Promise<unknown>, ErrorConstructor][] = [
        ['read buf', () => r.read(0, 'x' as unknown as Buffer), TypeError],
        ['read fd', () => r.read(-1, Buffer.alloc(1)), RangeError],
        ['read position', () => r.read(0, Buffer.alloc(1), -5), RangeError],
        ['openat path', () => r.openat(42 as unknown as string), TypeError],
        ['openat NUL', () => r.openat('a\0b'), TypeError],
        ['openat flags', () => r.openat('x', 'q'), RangeError],
        ['timeout ms', () => r.timeout(-1), RangeError],
        ['connect address', () => r.connect(3, { address: 'nope', port: 1 }), RangeError],
        ['signal', () => r.nop({ signal: 'x' as unknown as AbortSignal }), TypeError],
        ['op name', () => r.op('noSuchOp', {}), RangeError],
        ['op options', () => r.op('read', { fd: 0, buf: 0, nbytes: -1, offset: 0 }), RangeError],
      ];
      for (const [what, call, Ctor] of cases) {
        const e = await rejection(call(), what);
        assert.instance(e, Ctor, `${what}: ${e.name}: ${e.message}`);
      }
      assert.is(r.inFlight, 0, 'nothing reached the kernel');
      assert.is(r.queued, 0, 'nothing waits in JS');
      assert.is(await r.nop(), 0, 'the ring still works');
    });
    // The threadpool engine waits on another thread, which SINGLE_ISSUER / DEFER_TASKRUN rings refuse.
    assert.throws(
      () => new IoUring({ engine: 'threadpool', flags: SETUP.SINGLE_ISSUER | SETUP.DEFER_TASKRUN }),
      (e: Error) => e instanceof RangeError && /SINGLE_ISSUER/.test(e.message),
    );
    const e = await rejection(
      IoUring.create({ engine: 'threadpool', flags: SETUP.SINGLE_ISSUER }),
      'create with SINGLE_ISSUER',
    );
    assert.instance(e, RangeError);
    // IOPOLL completions must be polled by io_uring_enter, never awaited.
    assert.throws(
      () => new IoUring({ flags: SETUP.IOPOLL }),
      (e: Error) => e instanceof RangeError && /IOPOLL/.test(e.message),
    );
    assert.throws(
      () => new IoUring({ engine: 'bogus' as 'uvpoll' }),
      (e: Error) => e instanceof TypeError && /options\.engine/.test(e.message),
    );
  });

  test('closeFd(fd) closes the fd through the ring; close() takes no argument, so close(fd) never closes the ring', async () => {
    const dir = tmp();
    try {
      await withRing({ entries: 8 }, async (r) => {
        const fd = await r.openat(join(dir, 'c'), 'w+');
        assert.ok(fstatSync(fd).isFile());
        await r.closeFd(fd);
        assert.throws(
          () => fstatSync(fd),
          (e: NodeJS.ErrnoException) => e.code === 'EBADF',
          'the kernel closed the fd',
        );
        const twice = await rejection(r.closeFd(fd), 'closeFd of a closed fd');
        assert.is(twice.code, 'EBADF');
        assert.is(twice.syscall, 'close');
        assert.instance(await rejection(r.closeFd(-1), 'closeFd(-1)'), RangeError);
        for (const arg of [3, undefined]) {
          const e = await rejection((r.close as (x: unknown) => Promise<void>).call(r, arg), `close(${arg})`);
          assert.instance(e, TypeError);
          assert.match(e.message, /closeFd\(fd\)/);
          assert.is(r.closed, false, `close(${arg}) left the ring open`);
        }
        assert.is(await r.nop(), 0, 'the ring still works');
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('concurrency: 100 reads in flight at once each get their own bytes', async () => {
    const dir = tmp();
    try {
      const path = join(dir, 'blocks');
      const blocks = Array.from({ length: 100 }, (_, i) => Buffer.alloc(512, i + 1));
      writeFileSync(path, Buffer.concat(blocks));
      await withRing({ entries: 128 }, async (r) => {
        const fd = await r.openat(path, 'r');
        const bufs = blocks.map(() => Buffer.alloc(512));
        const ps = bufs.map((b, i) => r.read(fd, b, (99 - i) * 512));
        assert.is(r.inFlight, 100, 'all 100 in the kernel before any completes (submitted together)');
        const ns = await Promise.all(ps);
        for (let i = 0; i < 100; i++) {
          assert.is(ns[i], 512);
          assert.equal(bufs[i], blocks[99 - i], `read ${i}`);
        }
        await r.closeFd(fd);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('ops that complete inside their submit (NOPs) are reaped at once, for a bounded number of rounds before the loop turns', async () => {
    await withRing({ entries: 64 }, async (r) => {
      let done = 0,
        turnedAt = -1;
      setImmediate(() => {
        turnedAt = done;
      });
      const worker = async () => {
        while (turnedAt < 0 && done < 100_000) {
          assert.is(await r.nop(), 0);
          done++;
        }
      };
      await Promise.all(Array.from({ length: 64 }, worker));
      assert.ok(turnedAt >= 0, `the event loop never turned: ${done} NOPs completed in microtasks alone`);
      // Reaped only by the loop's poll, one round of 64 would complete per turn.
      assert.ok(turnedAt > 64, `${turnedAt} NOPs before the loop turned: their completions waited for the poll`);
      assert.ok(turnedAt <= 64 * 16, `${turnedAt} NOPs before the loop turned`);
    });
  });

  test('back-pressure: entries 4 (CQ 8), 200 ops all complete through the 4 SQ slots and the CQ overflow list, none lost', async () => {
    const dir = tmp();
    try {
      const path = join(dir, 'bp');
      const content = Buffer.from(Array.from({ length: 200 }, (_, i) => i & 0xff));
      writeFileSync(path, content);
      await withRing({ entries: 4 }, async (r) => {
        assert.is(r.maxInFlight, Number.POSITIVE_INFINITY, 'the kernel keeps CQEs beyond the CQ (FEAT_NODROP)');
        const fd = await r.openat(path, 'r');
        const bufs = Array.from({ length: 200 }, () => Buffer.alloc(1));
        const ps: Promise<number>[] = [];
        for (let i = 0; i < 200; i++)
          ps.push(
            i % 2
              ? r.read(fd, bufs[i]!, i)
              : r.nop().then(() => {
                  bufs[i]![0] = i & 0xff;
                  return 1;
                }),
          );
        assert.ok(r.inFlight + r.queued === 200, `${r.inFlight} in flight + ${r.queued} queued`);
        assert.ok(r.inFlight > 8, `${r.inFlight} in flight: more than the CQ holds`);
        const res = await Promise.all(ps);
        assert.ok(res.every((n) => n === 1));
        for (let i = 0; i < 200; i++) assert.is(bufs[i]![0], i & 0xff, `op ${i}`);
        assert.is(r.inFlight, 0);
        assert.is(r.queued, 0);
        await r.closeFd(fd);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('abort: a read blocked on an empty pipe is cancelled; AbortError with the reason as cause; data later is not lost', async () => {
    const [rd, wr] = pipe();
    try {
      await withRing({ entries: 8 }, async (r) => {
        const ac = new AbortController();
        const buf = Buffer.alloc(8);
        const p = r.read(rd, buf);
        await new Promise((res) => setTimeout(res, 20));
        assert.is(r.inFlight, 1, 'the read waits in the kernel');
        const reason = new Error('stop');
        const p2 = r.read(rd, Buffer.alloc(8), -1, { signal: ac.signal });
        await new Promise((res) => setTimeout(res, 20));
        ac.abort(reason);
        const e = await rejection(p2, 'aborted read');
        assert.is(e.name, 'AbortError');
        assert.is(e.cause, reason);
        // An already-aborted signal: rejected at once, nothing queued.
        const e2 = await rejection(r.nop({ signal: ac.signal }), 'nop with an aborted signal');
        assert.is(e2.name, 'AbortError');
        // The first read is untouched and still gets its data.
        writeSync(wr, 'ping');
        assert.is(await p, 4);
        assert.is(buf.subarray(0, 4).toString(), 'ping');
      });
    } finally {
      closeFd(rd);
      closeFd(wr);
    }
  });

  test('timeout resolves true after the time; with count it resolves false when completions come first; cancel(promise)', async () => {
    await withRing({ entries: 8 }, async (r) => {
      const t0 = performance.now();
      assert.is(await r.timeout(50), true);
      const dt = performance.now() - t0;
      assert.ok(dt >= 45 && dt < 2000, `took ${dt} ms`);
      const counted = r.timeout(5000, { count: 1 });
      await r.nop();
      assert.is(await counted, false);
      const long = r.timeout(10_000);
      const gone = rejection(long, 'cancelled timeout'); // handled before the cancel: both CQEs may come in one batch
      assert.is(await r.cancel(long), 0);
      const e = await gone;
      assert.is(e.code, 'ECANCELED');
      assert.is(e.syscall, 'timeout');
      const ticks: number[] = [];
      for await (const n of r.timeoutMultishot(5, { count: 3 })) ticks.push(n);
      assert.equal(ticks, [1, 2, 3]);
    });
  });

  test('link: a chain runs in order, a failure cancels the rest; link timeout cancels a blocked read with ETIME', async () => {
    const dir = tmp();
    const [rd, wr] = pipe();
    try {
      await withRing({ entries: 8 }, async (r) => {
        const path = join(dir, 'l');
        const fd = await r.openat(path, 'w+');
        const out = Buffer.alloc(5);
        const [w, s, rr] = r.link(() => [r.write(fd, 'chain', 0), r.fsync(fd), r.read(fd, out, 0)]);
        assert.is(await w, 5);
        await s;
        assert.is(await rr, 5, 'the read ran after the write');
        assert.is(out.toString(), 'chain');
        // A failing head cancels what is linked to it (option form).
        const bad = r.read(0x7ffffff0, Buffer.alloc(1), -1, { link: true });
        const after = r.write(fd, 'never', 0);
        assert.is((await rejection(bad, 'bad head')).code, 'EBADF');
        const e = await rejection(after, 'linked after a failure');
        assert.is(e.code, 'ECANCELED');
        assert.is(e.syscall, 'write');
        assert.is(readFileSync(path, 'utf8'), 'chain');
        // Link timeout.
        const t0 = performance.now();
        const lt = await rejection(r.read(rd, Buffer.alloc(4), -1, { timeout: 40 }), 'read with a link timeout');
        assert.is(lt.code, 'ETIME');
        assert.is(lt.syscall, 'read');
        assert.ok(performance.now() - t0 >= 35);
        // Done in time: the timeout does not fire.
        writeSync(wr, 'ok');
        assert.is(await r.read(rd, Buffer.alloc(4), -1, { timeout: 2000 }), 2);
        assert.is(r.inFlight, 0, 'the link timeout was reaped too');
        await r.closeFd(fd);
      });
    } finally {
      closeFd(rd);
      closeFd(wr);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('close() with ops in flight: every op settles (ECANCELED), close resolves, later calls reject', async () => {
    const [rd, wr] = pipe();
    try {
      const r = await IoUring.create({ entries: 4 });
      const reads = Array.from({ length: 3 }, () => r.read(rd, Buffer.alloc(4)));
      const t = r.timeout(60_000);
      const queuedOnes = Array.from({ length: 20 }, () => r.read(rd, Buffer.alloc(4))); // beyond the cap: in JS
      const it = r.pollMultishot(rd, 1);
      const next = it.next();
      await new Promise((res) => setTimeout(res, 20));
      assert.ok(r.inFlight >= 4);
      const all = Promise.allSettled([...reads, t, ...queuedOnes]);
      const t0 = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const hung = new Promise<string>((res) => (timer = setTimeout(() => res('hung'), 5000)));
      assert.is(
        await Promise.race([r.close().then(() => 'closed'), hung]),
        'closed',
        'close() must not hang with ops in flight',
      );
      clearTimeout(timer);
      assert.ok(performance.now() - t0 < 2000);
      const settled = await all;
      for (const s of settled) {
        assert.is(s.status, 'rejected');
        assert.is((s as PromiseRejectedResult).reason.code, 'ECANCELED');
      }
      assert.equal(await next, { value: undefined, done: true });
      assert.is(r.inFlight, 0);
      assert.is(r.ring.closed, true);
      assert.is((await rejection(r.nop(), 'nop after close')).code, 'ERR_URING_CLOSED');
      await r.close(); // twice is harmless
    } finally {
      closeFd(rd);
      closeFd(wr);
    }
  });

  test('Symbol.asyncDispose closes the ring', async () => {
    const r = await IoUring.create({ entries: 4 });
    const p = r.timeout(60_000);
    const dispose = (r as unknown as Record<symbol, () => Promise<void>>)[
      Symbol.asyncDispose ?? Symbol.for('nodejs.asyncDispose')
    ]!;
    await dispose.call(r);
    assert.is((await rejection(p, 'timeout')).code, 'ECANCELED');
    assert.is(r.closed, true);
  });

  test('readMultishot / pollMultishot: data and events from a pipe; break cancels the op', async () => {
    const { BufferRing } = await import('../../shim/register/index.ts');
    const [rd, wr] = pipe();
    try {
      await withRing({ entries: 8 }, async (r) => {
        const br = BufferRing.setup(r, { entries: 4, bgid: 9 });
        for (let i = 0; i < 4; i++) br.push(Buffer.alloc(64), i);
        const got: string[] = [];
        const it = r.readMultishot(rd, br);
        const writer = (async () => {
          for (const m of ['one', 'two', 'three', 'four', 'five', 'six']) {
            writeSync(wr, m);
            await new Promise((res) => setTimeout(res, 5));
          }
        })();
        for await (const b of it) {
          got.push(b.toString());
          if (got.join('') === 'onetwothreefourfivesix') break;
        }
        await writer;
        assert.is(got.join(''), 'onetwothreefourfivesix', 'more messages than buffers: they were recycled');
        assert.is(r.inFlight, 0, 'break cancelled the read');
        const polls = r.pollMultishot(rd, 1);
        writeSync(wr, 'x');
        const first = await polls.next();
        assert.is(first.done, false);
        assert.ok(((first.value as number) & 1) === 1, 'POLLIN');
        await polls.return();
        assert.is(r.inFlight, 0);
        br.unregister();
      });
    } finally {
      closeFd(rd);
      closeFd(wr);
    }
  });

  test('stop() keeps what a multishot read already took from the pipe; return() drops it', async () => {
    const { BufferRing } = await import('../../shim/register/index.ts');
    const [rd, wr] = pipe();
    try {
      await withRing({ entries: 8 }, async (r) => {
        const br = BufferRing.setup(r, { entries: 8, bgid: 10 });
        for (let i = 0; i < 8; i++) br.push(Buffer.alloc(16), i);
        const msgs = ['m0-', 'm1--', 'm2---', 'm3----', 'm4-----'];
        /** Write each message as its own CQE, then let every CQE be reaped into the iterator's buffer. */
        const feed = async () => {
          for (const m of msgs) {
            writeSync(wr, m);
            await new Promise((res) => setTimeout(res, 3));
          }
          await new Promise((res) => setTimeout(res, 20));
        };
        const it = r.readMultishot(rd, br);
        await feed();
        const first = await it.next();
        assert.is(String(first.value), 'm0-');
        await it.stop(); // the op's final CQE is in before anything else is taken
        assert.is(r.inFlight, 0, 'the op was cancelled');
        const rest: string[] = [];
        for await (const b of it) rest.push(b.toString());
        assert.equal(rest, msgs.slice(1), 'the values produced before the stop are still yielded, in order');
        writeSync(wr, 'tail');
        const buf = Buffer.alloc(16);
        const n = await r.read(rd, buf);
        assert.is(buf.toString('utf8', 0, n), 'tail', 'nothing else was taken from the pipe');
        // return() (what break calls) cancels and drops what was not taken yet.
        const it2 = r.readMultishot(rd, br);
        await feed();
        assert.is(String((await it2.next()).value), 'm0-');
        await it2.return();
        assert.equal(await it2.next(), { value: undefined, done: true }, 'the rest was dropped');
        assert.is(await it2.stop(), undefined, 'stop() after the end resolves at once');
        br.unregister();
      });
    } finally {
      closeFd(rd);
      closeFd(wr);
    }
  });

  test('readMultishot on an incremental buffer ring (IOU_PBUF_RING_INC): each value is its own piece of the buffer', async () => {
    const { BufferRing } = await import('../../shim/register/index.ts');
    const [rd, wr] = pipe();
    try {
      await withRing({ entries: 8 }, async (r) => {
        const br = BufferRing.setup(r, { entries: 2, bgid: 11, incremental: true });
        for (let i = 0; i < 2; i++) br.push(Buffer.alloc(64), i);
        const it = r.readMultishot(rd, br);
        // 30 messages of 9-13 bytes (330 bytes through two 64-byte buffers): pieces are taken one after another
        // from a buffer until it is full, then it is recycled; a message may straddle two buffers.
        const msgs = Array.from({ length: 30 }, (_, i) =>
          `<${String(i).padStart(2, '0')}${'x'.repeat(i % 5)}>`.padEnd(9, '.'),
        );
        const all = msgs.join('');
        let got = '';
        const writer = (async () => {
          for (const m of msgs) {
            writeSync(wr, m);
            await new Promise((res) => setTimeout(res, 2));
          }
        })();
        for await (const b of it) {
          got += b.toString();
          if (got.length >= all.length) break;
        }
        await writer;
        assert.is(got, all, 'every byte, in order');
        br.unregister();
      });
    } finally {
      closeFd(rd);
      closeFd(wr);
    }
  });

  test('a multishot op the kernel ends because the CQ was full is re-armed: timeoutMultishot still ticks count times', async () => {
    const ps = Array.from({ length: 40 }, () => pipe());
    try {
      await withRing({ entries: 8 }, async (r) => {
        assert.ok(r.backend.params.cqEntries <= 16);
        const reads = ps.map(([rd]) => r.read(rd, Buffer.alloc(8)));
        const ticks: number[] = [];
        const loop = (async () => {
          for await (const n of r.timeoutMultishot(6, { count: 4 })) ticks.push(n);
        })();
        await new Promise((res) => setTimeout(res, 8));
        // 40 completions at once, then a tick while none is reaped: the tick's CQE finds the CQ full and the
        // kernel ends the multishot timeout (its next CQE has no F_MORE).
        for (const [, wr] of ps) writeSync(wr, 'x');
        const t0 = performance.now();
        while (performance.now() - t0 < 8);
        assert.equal(await Promise.all(reads), new Array(40).fill(1));
        await loop;
        assert.equal(ticks, [1, 2, 3, 4]);
        assert.is(r.inFlight, 0);
      });
    } finally {
      for (const [a, b] of ps) {
        closeFd(a);
        closeFd(b);
      }
    }
  });

  test('a multishot iteration aborted while waiting fails once with AbortError, then is done', async () => {
    const { BufferRing } = await import('../../shim/register/index.ts');
    const [rd, wr] = pipe();
    try {
      await withRing({ entries: 8 }, async (r) => {
        const br = BufferRing.setup(r, { entries: 2, bgid: 12 });
        for (let i = 0; i < 2; i++) br.push(Buffer.alloc(16), i);
        const ac = new AbortController();
        const it = r.readMultishot(rd, br, { signal: ac.signal });
        writeSync(wr, 'abc');
        assert.is(String((await it.next()).value), 'abc');
        const waiting = it.next(); // no value yet: this next() waits for the op's end
        ac.abort();
        assert.is((await rejection(waiting, 'next() of an aborted iteration')).name, 'AbortError');
        assert.equal(await it.next(), { value: undefined, done: true }, 'the error is not reported twice');
        assert.is(r.inFlight, 0);
        br.unregister();
      });
    } finally {
      closeFd(rd);
      closeFd(wr);
    }
  });

  test('multishot methods never throw: bad arguments, an aborted signal, a link option or a closed ring reject the first next()', async () => {
    const { BufferRing } = await import('../../shim/register/index.ts');
    const [rd, wr] = pipe();
    try {
      const r = await IoUring.create({ entries: 8 });
      const br = BufferRing.setup(r, { entries: 2, bgid: 4 });
      for (let i = 0; i < 2; i++) br.push(Buffer.alloc(16), i);
      const aborted = AbortSignal.abort(new Error('gone'));
      const cases: [string, () => AsyncIterator<unknown>, (e: Error & Record<string, unknown>) => boolean][] = [
        [
          'acceptMultishot fd',
          () => r.acceptMultishot(-1),
          (e) => e instanceof RangeError && /acceptMultishot: fd/.test(e.message),
        ],
        [
          'acceptMultishot flags',
          () => r.acceptMultishot(rd, { flags: 1.5 }),
          (e) => e instanceof RangeError && /flags/.test(e.message),
        ],
        [
          'recvMultishot bufferRing',
          () => r.recvMultishot(rd, {} as never),
          (e) => e instanceof TypeError && /bufferRing/.test(e.message),
        ],
        [
          'readMultishot fd',
          () => r.readMultishot('x' as unknown as number, br),
          (e) => e instanceof TypeError && /readMultishot: fd/.test(e.message),
        ],
        [
          'pollMultishot options',
          () => r.pollMultishot(rd, 1, null as never),
          (e) => e instanceof TypeError && /options must be an object/.test(e.message),
        ],
        ['timeoutMultishot ms', () => r.timeoutMultishot(-5), (e) => e instanceof RangeError && /ms/.test(e.message)],
        [
          'timeoutMultishot link',
          () => r.timeoutMultishot(5, { link: true }),
          (e) => e instanceof TypeError && /cannot be linked/.test(e.message),
        ],
        [
          'readMultishot aborted signal',
          () => r.readMultishot(rd, br, { signal: aborted }),
          (e) => e.name === 'AbortError' && (e.cause as Error).message === 'gone',
        ],
      ];
      for (const [what, make, ok] of cases) {
        let it: AsyncIterator<unknown> | undefined;
        try {
          it = make();
        } catch (e) {
          assert.unreachable(`${what} threw synchronously: ${(e as Error).message}`);
        }
        const e = await rejection(it!.next(), what);
        assert.ok(ok(e), `${what}: ${e.name}: ${e.message}`);
        assert.equal(await it!.next(), { value: undefined, done: true }, `${what}: done after the error`);
      }
      assert.is(r.inFlight, 0, 'nothing reached the kernel');
      // for await sees the rejection as a throw inside the loop.
      const loop = await (async () => {
        for await (const _ of r.pollMultishot(-1, 1)) return 'yielded';
        return 'ended';
      })().then(
        (v) => v,
        (e: Error) => e,
      );
      assert.instance(loop, RangeError);
      br.unregister();
      await r.close();
      const closed: [string, () => AsyncIterator<unknown>][] = [
        ['acceptMultishot', () => r.acceptMultishot(rd)],
        ['pollMultishot', () => r.pollMultishot(rd, 1)],
        ['timeoutMultishot', () => r.timeoutMultishot(5)],
      ];
      for (const [what, make] of closed) {
        const e = await rejection(make().next(), `${what} on a closed ring`);
        assert.is(e.code, 'ERR_URING_CLOSED', `${what}: ${e.message}`);
      }
    } finally {
      closeFd(rd);
      closeFd(wr);
    }
  });

  test('a chain longer than the SQ is refused whole (RangeError) and the ops after it still run', async () => {
    await withRing({ entries: 8 }, async (r) => {
      const chain = r.link(() => Array.from({ length: 9 }, () => r.nop()));
      for (const p of chain) assert.instance(await rejection(p, 'an op of a 9-SQE chain'), RangeError);
      let timer: NodeJS.Timeout | undefined;
      const hung = new Promise<string>((res) => (timer = setTimeout(() => res('hung'), 2000)));
      assert.is(await Promise.race([r.nop().then(String), hung]), '0', 'a nop after the refused chain completes');
      clearTimeout(timer);
      assert.is(r.queued, 0);
      assert.is(r.inFlight, 0);
    });
  });

  test('the process exits by itself when the ring is idle (no close)', () => {
    const script = `import { IoUring } from ${JSON.stringify(join(root, 'shim/index.ts'))};
      const r = await IoUring.create({ entries: 4 });
      console.log('nop', await r.nop(), 'timeout', await r.timeout(10));`;
    const t0 = Date.now();
    const c = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
      timeout: 8000,
    });
    assert.is(c.signal, null, `the child was killed (${c.signal}): it did not exit by itself; stderr ${c.stderr}`);
    assert.is(c.status, 0, c.stderr);
    assert.match(c.stdout, /nop 0 timeout true/);
    assert.ok(Date.now() - t0 < 8000);
  });
}

test.run();
