// Kernel tests of waitid and the futex ops (builders in ts/ops/wait.ts).
//
// waitid and libuv: libuv reaps the children it spawned (child_process.spawn) with waitpid(pid, WNOHANG) from its
// SIGCHLD watcher, which runs on the event loop. The test spawns the child, submits the WAITID and blocks in
// io_uring_enter without yielding to the event loop, so libuv cannot reap the child first; and the WAITID passes
// WNOWAIT, which reports the exit but leaves the child a zombie, so libuv still reaps it afterwards and the
// ChildProcess emits 'exit' (awaited; without WNOWAIT libuv's waitpid would get ECHILD, the 'exit' event would
// never come and the handle would keep the process alive).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { opTest, resName } from './_ops.ts';
import { none } from './_kit.ts';

// waitid(2)
const P_PID = 1,
  WEXITED = 4,
  WNOHANG = 1,
  WNOWAIT = 0x01000000,
  CLD_EXITED = 1,
  SIGCHLD = 17;
// futex2: FUTEX2_SIZE_U32 | FUTEX2_PRIVATE
const FUTEX2_U32_PRIVATE = 2 | 128;
const ANY = 0xffffffff;

/** siginfo_t (128 bytes) fields of a child state change, x86_64 / aarch64 layout. */
function siginfo(b: Buffer) {
  return { signo: b.readInt32LE(0), code: b.readInt32LE(8), pid: b.readInt32LE(16), status: b.readInt32LE(24) };
}

async function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = await once(child, 'exit');
  return code as number | null;
}

opTest('waitid', "reaps a child's exit: si_pid and si_status 3 (WEXITED|WNOWAIT, libuv reaps it after)", async (t) => {
  const child = spawn('sh', ['-c', 'exit 3'], { stdio: 'ignore' });
  const info = Buffer.alloc(128);
  const c = t.run('waitid', { idtype: P_PID, id: child.pid!, infop: t.addr(info), options: WEXITED | WNOWAIT });
  assert.is(c.res, 0, `waitid: ${resName(c.res)}`);
  const si = siginfo(info);
  assert.is(si.signo, SIGCHLD);
  assert.is(si.code, CLD_EXITED);
  assert.is(si.pid, child.pid);
  assert.is(si.status, 3);
  assert.is(await exited(child), 3, 'WNOWAIT left the child for libuv to reap');
});

opTest(
  'waitid',
  'waits while the child runs (sleep 0.2); WNOHANG answers at once; not our child is ECHILD',
  async (t) => {
    // Timed from before the spawn: the child sleeps from then on, however long the steps below take on a busy machine.
    const t0 = performance.now();
    const child = spawn('sleep', ['0.2'], { stdio: 'ignore' });
    const info = Buffer.alloc(128);
    const nohang = t.run('waitid', {
      idtype: P_PID,
      id: child.pid!,
      infop: t.addr(Buffer.alloc(128)),
      options: WEXITED | WNOWAIT | WNOHANG,
    });
    assert.is(nohang.res, 0, 'WNOHANG: nothing to report yet is not an error');
    const ud = t.queue('waitid', { idtype: P_PID, id: child.pid!, infop: t.addr(info), options: WEXITED | WNOWAIT });
    none(t, 50, 'the child is still sleeping');
    const [c] = t.wait(1);
    const ms = performance.now() - t0;
    assert.is(c!.userData, ud);
    assert.is(c!.res, 0, resName(c!.res));
    assert.ok(ms >= 190, `completed after ${ms.toFixed(0)} ms (the child sleeps 200)`);
    assert.is(siginfo(info).pid, child.pid);
    assert.is(siginfo(info).status, 0);
    assert.is(await exited(child), 0);
    assert.is(
      resName(t.run('waitid', { idtype: P_PID, id: 1, infop: t.addr(info), options: WEXITED | WNOHANG }).res),
      'ECHILD',
    );
  },
);

opTest('futexWait', 'sleeps while *futex == val, woken by futexWake (res 0); a stale val is EAGAIN', (t) => {
  const word = new Uint32Array(2);
  const addr = t.addr(word);
  const w = t.queue('futexWait', { futex: addr, val: 0, mask: ANY, futexFlags: FUTEX2_U32_PRIVATE });
  none(t, 40, 'nobody woke the waiter');
  word[0] = 1;
  const k = t.queue('futexWake', { futex: addr, val: 1, mask: ANY, futexFlags: FUTEX2_U32_PRIVATE });
  const got = t.wait(2);
  assert.is(got.find((c) => c.userData === k)!.res, 1, 'one waiter woken');
  assert.is(got.find((c) => c.userData === w)!.res, 0, 'the wait ends with 0');
  assert.is(
    resName(t.run('futexWait', { futex: addr, val: 0, mask: ANY, futexFlags: FUTEX2_U32_PRIVATE }).res),
    'EAGAIN',
    '*futex is 1, not 0',
  );
});

// FUTEX2_MPOL (8, Linux 6.16) is in the kernel's FUTEX2_VALID_MASK: without NUMA it changes nothing, so the ops
// behave as plain private 32-bit futexes (an unknown bit would be -EINVAL).
opTest('futexWait', 'FUTEX2_MPOL is accepted: a stale val is EAGAIN, not EINVAL; a waiter is woken with MPOL', (t) => {
  const MPOL = 8;
  const word = new Uint32Array(2);
  const addr = t.addr(word);
  const f = { futex: addr, mask: ANY, futexFlags: FUTEX2_U32_PRIVATE | MPOL };
  assert.is(resName(t.run('futexWait', { ...f, val: 5 }).res), 'EAGAIN', '*futex is 0, not 5');
  const w = t.queue('futexWait', { ...f, val: 0 });
  none(t, 30, 'the waiter sleeps');
  const k = t.queue('futexWake', { ...f, val: 1 });
  const got = t.wait(2);
  assert.is(got.find((c) => c.userData === k)!.res, 1, 'one waiter woken');
  assert.is(got.find((c) => c.userData === w)!.res, 0);
});

opTest('futexWake', 'res = waiters woken: 2 of 3 with val 2, then the last; bitmasks that miss wake nobody', (t) => {
  const word = new Uint32Array(2);
  const addr = t.addr(word);
  const f = { futex: addr, val: 0, futexFlags: FUTEX2_U32_PRIVATE };
  const waiters = [
    t.queue('futexWait', { ...f, mask: 1 }),
    t.queue('futexWait', { ...f, mask: 1 }),
    t.queue('futexWait', { ...f, mask: 1 }),
  ];
  none(t, 40);
  assert.is(t.run('futexWake', { ...f, val: 8, mask: 2 }).res, 0, 'mask 2 matches no waiter (they wait on bit 1)');
  const k = t.queue('futexWake', { ...f, val: 2, mask: ANY });
  const got = t.wait(3);
  assert.is(got.find((c) => c.userData === k)!.res, 2);
  assert.is(got.filter((c) => waiters.includes(c.userData) && c.res === 0).length, 2);
  const k2 = t.queue('futexWake', { ...f, val: 5, mask: 1 });
  const got2 = t.wait(2);
  assert.is(got2.find((c) => c.userData === k2)!.res, 1, 'the one left');
  assert.is(t.run('futexWake', { ...f, val: 1, mask: ANY }).res, 0, 'nobody waits now');
});

opTest(
  'futexWaitv',
  'waits on two futexes; waking the second gives res 1 (its index); a stale value is EAGAIN',
  (t) => {
    const words = new Uint32Array(4);
    const a0 = t.addr(words),
      a1 = a0 + 8;
    // struct futex_waitv { u64 val; u64 uaddr; u32 flags; u32 __reserved; } × 2
    const v = Buffer.alloc(48);
    const entry = (i: number, val: number, uaddr: number) => {
      v.writeBigUInt64LE(BigInt(val), i * 24);
      v.writeBigUInt64LE(BigInt(uaddr), i * 24 + 8);
      v.writeUInt32LE(FUTEX2_U32_PRIVATE, i * 24 + 16);
    };
    entry(0, 0, a0);
    entry(1, 0, a1);
    const ud = t.queue('futexWaitv', { futex: t.addr(v), nrFutex: 2 });
    none(t, 40, 'neither futex was woken');
    const k = t.queue('futexWake', { futex: a1, val: 1, mask: ANY, futexFlags: FUTEX2_U32_PRIVATE });
    const got = t.wait(2);
    assert.is(got.find((c) => c.userData === k)!.res, 1);
    assert.is(got.find((c) => c.userData === ud)!.res, 1, 'woken through entry 1');

    words[0] = 5; // entry 0 expects 0
    const v2 = Buffer.from(v);
    assert.is(resName(t.run('futexWaitv', { futex: t.addr(v2), nrFutex: 2 }).res), 'EAGAIN');
  },
);

// Audit (6.18): waitid's id is an int; P_ALL ignores it (kernel_waitid_prepare), P_PID refuses one <= 0.
opTest('waitid', 'a negative id: ignored with P_ALL (WNOHANG answers, no EINVAL), EINVAL with P_PID', (t) => {
  const info = Buffer.alloc(128);
  const all = t.run('waitid', { idtype: 0, id: -1, infop: t.addr(info), options: WEXITED | WNOWAIT | WNOHANG });
  assert.ok(all.res === 0 || resName(all.res) === 'ECHILD', `P_ALL, id -1: ${resName(all.res)}`);
  const pid = t.run('waitid', { idtype: P_PID, id: -1, infop: t.addr(info), options: WEXITED | WNOHANG });
  assert.is(resName(pid.res), 'EINVAL');
});

test.run();
