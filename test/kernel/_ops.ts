// The harness of the per-op kernel tests: each `opTest('<builder>', title, fn)` runs `fn` once per ring
// shape (default, SQE128|CQE32, NO_SQARRAY, SQPOLL, NO_MMAP in place) on a fresh Ring over the real kernel, and records the
// builder name so test/kernel/zz-coverage.test.ts can prove every builder has a kernel test.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unavailable } from './_env.ts';
import { KernelBackend } from '../../shim/kernel/backend.ts';
import type { SetupOptions } from '../../shim/kernel/params.ts';
import { InPlaceBackend } from '../../shim/kernel/inplace.ts';
import { SETUP } from '../../shim/sys/abi.ts';
import { Ring } from '../../ts/ring/ring.ts';
import { loadCore } from '../../ts/core/load-node.ts';
import { addressOf } from '../../shim/sys/memory.ts';
import { pointerArgs } from '../../ts/ring/pins.ts';
import { BUILDERS } from '../../ts/ops/index.ts';
import { errnoName } from '../../ts/errors.ts';
import type { Core } from '../../ts/core/core.ts';

export const core: Core = loadCore();

export const SHAPES: readonly [string, SetupOptions][] = [
  ['default', { entries: 16 }],
  ['SQE128|CQE32', { entries: 16, flags: SETUP.SQE128 | SETUP.CQE32 }],
  ['NO_SQARRAY', { entries: 16, flags: SETUP.NO_SQARRAY }],
  ['SQPOLL', { entries: 16, flags: SETUP.SQPOLL }],
  // In-place mode (shim/kernel/inplace.ts): the rings live in the core's WASM memory, nothing is copied.
  ['NO_MMAP in place', { entries: 16, flags: SETUP.NO_MMAP }],
];

/** The backend of a shape: in place (InPlaceBackend over `core`) when its flags have NO_MMAP, else copy mode. */
export function shapeBackend(setup: SetupOptions): KernelBackend {
  return (setup.flags ?? 0) & SETUP.NO_MMAP ? InPlaceBackend.setup({ ...setup, core }) : KernelBackend.setup(setup);
}

/** Builder names with a kernel test, filled as test files load. */
export const TESTED = new Set<string>();

export interface Cqe {
  userData: number;
  res: number;
  flags: number;
  bufId: number;
  more: boolean;
  notif: boolean;
}

/** One ring plus what a test needs around it: buffers kept alive until the ring closes, a temp dir. */
export class Ctx {
  readonly pins: unknown[] = [];
  readonly dir: string;
  private nextUd = 1;
  constructor(
    readonly ring: Ring,
    readonly shape: string,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), 'uring-op-'));
  }

  /** Views by the address `addr` returned, so `queue` can hand the Ring the memory itself. */
  private readonly views = new Map<number, ArrayBufferView>();

  /** Keep `b` alive and return its address. */
  addr(b: ArrayBufferView): number {
    this.pins.push(b);
    const a = addressOf(b);
    if (b.byteLength !== 0 && !this.views.has(a)) this.views.set(a, b);
    return a;
  }

  /** A NUL-terminated path or name, kept alive; its address. */
  cstr(s: string): number {
    return this.addr(Buffer.from(`${s}\0`));
  }

  /** A fresh user_data value. */
  ud(): number {
    return this.nextUd++;
  }

  /** Queue an op (prep only); returns its user_data. A pointer argument that is the address of a view from
   *  `addr` goes to the Ring's safe `prep` as that view (the Ring keeps it alive); an address that is not
   *  (inside a buffer, made up) goes through `unsafePrep`, as the test means it; so does every pointer with
   *  `unsafe` (a test of what the Ring's keep-alive refuses: user_data shared, CQE_SKIP_SUCCESS). */
  queue(builder: string, opts: Record<string, unknown>, unsafe = false): number {
    const userData = (opts.userData as number | undefined) ?? this.ud();
    const o: Record<string, unknown> = { ...opts, userData };
    let raw = unsafe;
    if (!unsafe)
      for (const p of pointerArgs(BUILDERS.get(builder)!)) {
        const v = o[p.name];
        if (typeof v !== 'number' || v === 0) continue;
        const view = this.views.get(v);
        if (view === undefined) raw = true;
        else o[p.name] = view;
      }
    (raw ? this.ring.unsafePrep : this.ring.prep)(builder, o);
    return userData;
  }

  /** CQEs that arrived in a batch beyond what a caller asked for; handed out first by the next wait. */
  private readonly early: Cqe[] = [];

  /** Submit what is queued and wait until `n` CQEs have arrived; returns them in arrival order. */
  wait(n: number, timeoutMs = 5000): Cqe[] {
    const out: Cqe[] = this.early.splice(0, n);
    const deadline = Date.now() + timeoutMs;
    this.ring.submit();
    while (out.length < n) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${n} CQEs (got ${out.length}: ${JSON.stringify(out)})`);
      const b = this.ring.copyCqes(1, undefined, { sec: Math.floor(left / 1000), nsec: (left % 1000) * 1e6 });
      for (let i = 0; i < b.count; i++) {
        const c = {
          userData: b.userData(i),
          res: b.res[i]!,
          flags: b.flags[i]!,
          bufId: b.bufId[i]!,
          more: !!b.more[i],
          notif: !!b.notif[i],
        };
        (out.length < n ? out : this.early).push(c);
      }
    }
    return out;
  }

  /** CQEs already received but not yet handed out (e.g. a zero-copy notification behind its result). */
  get pending(): readonly Cqe[] {
    return this.early;
  }

  /** Queue one op, submit, and return its CQE. */
  run(builder: string, opts: Record<string, unknown>): Cqe {
    const ud = this.queue(builder, opts);
    const [c] = this.wait(1);
    assert.is(c!.userData, ud, `CQE for ${builder}`);
    return c!;
  }

  /** `run` and assert success (res >= 0); returns res. */
  ok(builder: string, opts: Record<string, unknown>): number {
    const c = this.run(builder, opts);
    assert.ok(c.res >= 0, `${builder} failed: ${c.res < 0 ? errnoName(-c.res) : c.res}`);
    return c.res;
  }

  close(): void {
    this.ring.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** res as an errno name ('EBADF'), or 'OK' for res >= 0. */
export function resName(res: number): string {
  return res >= 0 ? 'OK' : errnoName(-res);
}

export interface OpTestOptions {
  /** Ring shapes to run on (default: all). SQPOLL-unfriendly ops (e.g. those needing the submitting task) can opt out. */
  shapes?: readonly string[];
  /** Extra setup options merged into each shape's. */
  setup?: SetupOptions;
}

/** Register a kernel test of builder `builder`, run once per ring shape. */
export function opTest(
  builder: string,
  title: string,
  fn: (t: Ctx) => void | Promise<void>,
  o: OpTestOptions = {},
): void {
  TESTED.add(builder);
  if (unavailable(`${builder}: ${title}`)) return;
  for (const [shape, setup] of SHAPES) {
    if (o.shapes && !o.shapes.includes(shape)) continue;
    test(`${builder} [${shape}]: ${title}`, async () => {
      const flags = (setup.flags ?? 0) | (o.setup?.flags ?? 0);
      const t = new Ctx(new Ring(core, shapeBackend({ ...setup, ...o.setup, flags })), shape);
      try {
        await fn(t);
      } finally {
        t.close();
      }
    });
  }
}
