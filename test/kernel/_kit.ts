// Small helpers shared by the kernel tests of the poll, timeout, cancel, msg, buffers and wait ops (and faults):
// timespecs, pipes closed after the test, "nothing completed yet", CQEs by user_data, a second ring.
import * as assert from 'uvu/assert';
import { sleepMs } from './_env.ts';
import { core, type Ctx, type Cqe } from './_ops.ts';
import { KernelBackend } from '../../shim/kernel/backend.ts';
import type { SetupOptions } from '../../shim/kernel/params.ts';
import { close, pipe } from '../../shim/sys/libc.ts';
import { Ring } from '../../ts/ring/ring.ts';

export { sleepMs };

/** poll(2) bits as the kernel reports them in a poll CQE's res. */
export const POLLIN = 0x1,
  POLLPRI = 0x2,
  POLLOUT = 0x4;

/** A struct __kernel_timespec of `ms` milliseconds. */
export function tsBuf(ms: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeBigInt64LE(BigInt(Math.floor(ms / 1000)), 0);
  b.writeBigInt64LE(BigInt((ms % 1000) * 1e6), 8);
  return b;
}

/** A struct __kernel_timespec of `ms` milliseconds, kept alive by the ctx; its address. */
export function ts(t: Ctx, ms: number): number {
  return t.addr(tsBuf(ms));
}

/** A pipe whose two ends are closed when `fn` ends. */
export function withPipe<T>(fn: (r: number, w: number) => T): T {
  const [r, w] = pipe();
  try {
    return fn(r, w);
  } finally {
    close(r);
    close(w);
  }
}

/** Submit what is queued, give the kernel (and an SQPOLL thread) `ms` to act, and assert no CQE arrived. */
export function none(t: Ctx, ms = 40, why = 'no CQE expected yet'): void {
  t.ring.submit();
  sleepMs(ms);
  const b = t.ring.peekCqes();
  const got: string[] = [];
  for (let i = 0; i < b.count; i++) got.push(`ud ${b.userData(i)} res ${b.res[i]}`);
  assert.is(b.count, 0, `${why}; got ${got.join(', ')}`);
}

/** The CQEs by user_data; asserts each user_data appears once. */
export function byUd(cqes: Cqe[]): Map<number, Cqe> {
  const m = new Map<number, Cqe>();
  for (const c of cqes) {
    assert.not.ok(m.has(c.userData), `user_data ${c.userData} completed twice: ${JSON.stringify(cqes)}`);
    m.set(c.userData, c);
  }
  return m;
}

/** The one CQE of `ud` among `cqes`. */
export function cqeOf(cqes: Cqe[], ud: number): Cqe {
  const c = cqes.filter((x) => x.userData === ud);
  assert.is(c.length, 1, `expected one CQE for user_data ${ud}, got ${JSON.stringify(cqes)}`);
  return c[0]!;
}

/** A second ring over the real kernel (closed by the caller). */
export function otherRing(opts: SetupOptions = { entries: 8 }): Ring {
  return new Ring(core, KernelBackend.setup(opts));
}

/** Wait on `ring` for `n` CQEs (nothing submitted). */
export function reap(ring: Ring, n: number, timeoutMs = 5000): Cqe[] {
  const out: Cqe[] = [];
  const deadline = Date.now() + timeoutMs;
  while (out.length < n) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`timed out waiting for ${n} CQEs (got ${out.length}: ${JSON.stringify(out)})`);
    const b = ring.copyCqes(1, undefined, { sec: Math.floor(left / 1000), nsec: (left % 1000) * 1e6 });
    for (let i = 0; i < b.count; i++)
      out.push({
        userData: b.userData(i),
        res: b.res[i]!,
        flags: b.flags[i]!,
        bufId: b.bufId[i]!,
        more: !!b.more[i],
        notif: !!b.notif[i],
      });
  }
  return out;
}
