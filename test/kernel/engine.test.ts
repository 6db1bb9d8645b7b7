// The async IoUring's completion engines on the real kernel: the uvpoll engine by default (a libuv poll of an
// eventfd registered with the ring, in this thread's loop), its default flags and their fallback, user flags,
// registerRingFd, ref/unref of the loop, the poll's safety self-test, and the threadpool fallback forced.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unavailable } from './_env.ts';
import { IoUring, engineChoice } from '../../shim/index.ts';
import { SETUP } from '../../ts/constants.ts';
import { uvPollAvailability } from '../../shim/sys/uv.ts';
import { enterError } from '../../shim/kernel/backend.ts';
import { Worker } from 'node:worker_threads';
import {
  O_CLOEXEC,
  O_NONBLOCK,
  close as closeFd,
  pipe,
  read as readSync,
  write as writeSync,
} from '../../shim/sys/libc.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const DEFAULTS = SETUP.SINGLE_ISSUER | SETUP.COOP_TASKRUN | SETUP.TASKRUN_FLAG;
const DEFER = SETUP.SINGLE_ISSUER | SETUP.DEFER_TASKRUN | SETUP.TASKRUN_FLAG;

/** `p`, or a rejection naming `what` once `ms` pass. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, rej) => {
    t = setTimeout(() => rej(new Error(`${what}: not settled within ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(t));
}

if (!unavailable('engine.test.ts')) {
  test('uv_poll self-test passes here: libuv handle layout as expected, UV_HANDLE_INTERNAL honoured', () => {
    assert.equal(uvPollAvailability(), { ok: true });
    assert.equal(engineChoice(), { name: 'uvpoll' });
    assert.equal(engineChoice('threadpool').name, 'threadpool');
  });

  test('default ring: uvpoll engine with SINGLE_ISSUER | COOP_TASKRUN | TASKRUN_FLAG; completions arriving while idle in epoll are delivered', async () => {
    const r = await IoUring.create({ entries: 8 });
    const [rd, wr] = pipe();
    try {
      assert.is(r.engine, 'uvpoll');
      assert.is(r.flags & DEFAULTS, DEFAULTS, `flags 0x${r.flags.toString(16)}`);
      // The read completes while this thread sleeps in epoll_wait.
      const buf = Buffer.alloc(3);
      const p = r.read(rd, buf, -1);
      setTimeout(() => writeSync(wr, 'abc'), 30);
      assert.is(await p, 3);
      assert.is(buf.toString(), 'abc');
      // A blocking op punted to io-wq completes later too.
      assert.is(await r.timeout(20), true);
    } finally {
      closeFd(rd);
      closeFd(wr);
      await r.close();
    }
  });

  test('flags given by the caller are used (no flags: a plain ring; DEFER_TASKRUN gains TASKRUN_FLAG), and SQPOLL works', async () => {
    for (const flags of [
      0,
      SETUP.SINGLE_ISSUER,
      SETUP.SQPOLL,
      SETUP.COOP_TASKRUN,
      SETUP.DEFER_TASKRUN | SETUP.SINGLE_ISSUER,
      SETUP.COOP_TASKRUN | SETUP.DEFER_TASKRUN | SETUP.SINGLE_ISSUER,
    ]) {
      const r = await IoUring.create({ entries: 8, flags });
      try {
        const want = flags & SETUP.DEFER_TASKRUN ? flags | SETUP.TASKRUN_FLAG : flags; // the engine adds TASKRUN_FLAG to DEFER_TASKRUN
        assert.is(r.flags & ~SETUP.NO_MMAP, want, `asked 0x${flags.toString(16)}, got 0x${r.flags.toString(16)}`);
        const [rd, wr] = pipe();
        const buf = Buffer.alloc(1);
        const p = r.read(rd, buf, -1);
        setTimeout(() => writeSync(wr, 'z'), 10);
        assert.is(await p, 1, `flags 0x${flags.toString(16)}`);
        closeFd(rd);
        closeFd(wr);
      } finally {
        await r.close();
      }
    }
  });

  test('DEFER_TASKRUN: 100 pipes written while the loop sleeps all complete promptly', async () => {
    const r = await IoUring.create({ entries: 64, flags: DEFER });
    const pipes = Array.from({ length: 100 }, () => pipe());
    try {
      const reads = pipes.map(([rd]) => r.read(rd, Buffer.alloc(1), -1));
      setTimeout(() => {
        for (const [, wr] of pipes) writeSync(wr, 'x');
      }, 20);
      // The kernel signals the eventfd for such completions an RCU grace period late (~10-30 ms here).
      assert.equal(await within(Promise.all(reads), 2000, '100 reads'), Array(100).fill(1));
    } finally {
      for (const fd of pipes.flat()) closeFd(fd);
      await r.close();
    }
  });

  test('DEFER_TASKRUN: deferred work left past one enter (20 items) is run even when a round posts no CQE', async () => {
    // n reads wait on pipe P and one on pipe Q. One byte goes into P and is taken back at once, then one into Q:
    // the n task-work items of P's reads run first, find nothing and re-arm (no CQE), Q's read comes after them.
    // The kernel runs 20 items per enter and signals nothing for the rest. 25: a second round posts no CQE;
    // 1400: more empty rounds than drain makes in a row, so the engine comes back on the next loop turn.
    for (const n of [25, 1400]) {
      const r = await IoUring.create({ entries: 64, flags: DEFER });
      const [p0, p1] = pipe(O_CLOEXEC | O_NONBLOCK);
      const [q0, q1] = pipe();
      try {
        const ps = Array.from({ length: n }, () => r.read(p0, Buffer.alloc(1), -1));
        const qBuf = Buffer.alloc(1);
        const q = r.read(q0, qBuf, -1);
        for (const p of [...ps, q]) p.catch(() => {}); // a failed check closes the ring: they are cancelled then
        await new Promise((res) => setTimeout(res, 10));
        writeSync(p1, 'x');
        assert.is(readSync(p0, Buffer.alloc(1)), 1, 'the byte taken back before any read of P ran');
        writeSync(q1, 'y');
        assert.is(await within(q, 2000, `Q's read behind ${n} empty wake-ups`), 1);
        assert.is(qBuf.toString(), 'y');
        writeSync(p1, Buffer.alloc(n)); // every read of P completes too
        assert.is((await within(Promise.all(ps), 2000, `${n} reads of P`)).length, n);
      } finally {
        for (const fd of [p0, p1, q0, q1]) closeFd(fd);
        await r.close();
      }
    }
  });

  test('registerRingFd: the ring is entered by its registered index from this thread', async () => {
    const r = await IoUring.create({ entries: 8, registerRingFd: true });
    try {
      assert.ok(r.backend.registeredRingIndex >= 0, `registered index ${r.backend.registeredRingIndex}`);
      const [rd, wr] = pipe();
      const p = r.read(rd, Buffer.alloc(2), -1);
      setTimeout(() => writeSync(wr, 'hi'), 10);
      assert.is(await p, 2);
      assert.equal(await Promise.all([r.nop(), r.nop(), r.timeout(1)]), [0, 0, true]);
      closeFd(rd);
      closeFd(wr);
    } finally {
      await r.close();
    }
  });

  test('the threadpool fallback, forced by option and by URING_ENGINE, still does real work', async () => {
    const r = await IoUring.create({ entries: 8, engine: 'threadpool' });
    try {
      assert.is(r.engine, 'threadpool');
      assert.is(r.flags & SETUP.DEFER_TASKRUN, 0, 'no DEFER_TASKRUN on the fallback');
      const [rd, wr] = pipe();
      const buf = Buffer.alloc(2);
      const p = r.read(rd, buf, -1);
      setTimeout(() => writeSync(wr, 'ok'), 10);
      assert.is(await p, 2);
      assert.is(buf.toString(), 'ok');
      closeFd(rd);
      closeFd(wr);
    } finally {
      await r.close();
    }
    const env = { ...process.env, URING_ENGINE: 'threadpool' };
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `
      import('${root}shim/index.ts').then(async ({ IoUring }) => {
        const r = await IoUring.create({ entries: 4 });
        console.log(r.engine, await r.nop(), await r.timeout(5));
        await r.close();
      });`,
      ],
      { cwd: root, env, encoding: 'utf8', timeout: 30_000 },
    );
    assert.is(child.stdout.trim(), 'threadpool 0 true', child.stderr);
  });

  test('another thread entering a SINGLE_ISSUER ring: the kernel refuses (EEXIST) and the error says why', async () => {
    const r = await IoUring.create({ entries: 4 });
    try {
      const boot = new URL('./fixtures/worker-boot.mjs', import.meta.url);
      const script = new URL('./fixtures/enter-other-thread.ts', import.meta.url).href;
      const w = new Worker(boot, { workerData: { script, fd: r.backend.fd } });
      const res = await new Promise<number>((ok, fail) => {
        w.once('message', ok);
        w.once('error', fail);
      });
      await w.terminate();
      assert.is(res, -17, 'EEXIST from the kernel');
      const e = enterError(-res, r.flags);
      assert.is(e.code, 'EEXIST');
      assert.is(e.syscall, 'io_uring_enter');
      assert.match(e.message, /only the thread that created it may submit/);
      assert.is(await r.nop(), 0, 'the creating thread still submits');
    } finally {
      await r.close();
    }
  });

  test('uring probe names the engine', () => {
    const out = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bin/cli.ts'), 'probe'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.is(out.status, 0, out.stderr);
    assert.match(out.stdout, /^engine: uvpoll /m);
    const forced = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bin/cli.ts'), 'probe'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, URING_ENGINE: 'threadpool' },
    });
    assert.match(forced.stdout, /^engine: threadpool \(asked for \(URING_ENGINE=threadpool\)\)/m);
  });
}

test.run();
