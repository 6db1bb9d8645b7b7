// Shared by the kernel tests: is io_uring usable here (if not, each file registers one test that prints why),
// a NOP encoder, and a tiny driver that pushes SQEs through a RingBackend and reaps CQEs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ioUringAvailability, type Availability } from '../../shim/kernel/availability.ts';
import type { RingBackend } from '../../ts/ring/backend.ts';
import { loadCore } from '../../ts/core/load-node.ts';
import { SqeEncoder } from '../../ts/sqe/encoder.ts';
import { ENTER, SETUP, SQ_RING } from '../../shim/sys/abi.ts';

/** URING_TEST_UNAVAILABLE=<reason> pretends setup failed, to exercise the skip path. */
export const availability: Availability = process.env.URING_TEST_UNAVAILABLE
  ? { ok: false, reason: `forced by URING_TEST_UNAVAILABLE: ${process.env.URING_TEST_UNAVAILABLE}` }
  : ioUringAvailability();

let printed = false;
/** True when the file should register no kernel tests; then one test reports the reason instead. */
export function unavailable(file: string): boolean {
  if (availability.ok) return false;
  if (!printed) {
    console.log(`\n  io_uring unavailable, kernel tests skipped: ${availability.reason}`);
    printed = true;
  }
  test(`${file}: io_uring unavailable (${availability.reason})`, () => {
    assert.is(availability.ok, false);
    assert.ok(availability.reason.length > 0, 'an unavailable io_uring must say why');
  });
  return true;
}

export const enc = new SqeEncoder(loadCore());

/** The bytes the kernel writes for a completion: user_data, res, flags, then zero padding to `size`. */
export function packCqe(userData: number | bigint, res: number, flags: number, size: 16 | 32): Uint8Array {
  const b = new Uint8Array(size);
  const dv = new DataView(b.buffer);
  dv.setBigUint64(0, BigInt(userData), true);
  dv.setInt32(8, res, true);
  dv.setUint32(12, flags, true);
  return b;
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

/** A test-local SQ/CQ driver over a backend: stages SQEs in slot order, copies ranges split at the wrap. */
export class Driver {
  readonly stage: Uint8Array;
  readonly cqes: Uint8Array;
  tail = 0;
  constructor(readonly b: RingBackend) {
    this.stage = new Uint8Array(b.params.sqEntries * b.params.sqeSize);
    this.cqes = new Uint8Array(b.params.cqEntries * b.params.cqeSize);
    this.tail = b.sqHead();
  }

  /** Stage SQE bytes (64 or 128) in the next slot. */
  push(sqe: Uint8Array): void {
    const { sqEntries, sqeSize } = this.b.params;
    const pending = (this.tail - this.b.sqHead()) >>> 0;
    if (pending >= sqEntries) throw new Error('test driver: SQ full');
    const slot = this.tail & (sqEntries - 1);
    this.stage.fill(0, slot * sqeSize, (slot + 1) * sqeSize);
    this.stage.set(sqe, slot * sqeSize);
    this.tail = (this.tail + 1) >>> 0;
  }

  /** Copy everything staged since the kernel's head into the ring and publish the tail; returns the count. */
  flush(): number {
    const { sqEntries, sqeSize } = this.b.params;
    const head = this.b.sqHead();
    const n = (this.tail - head) >>> 0;
    const slot = head & (sqEntries - 1);
    const first = Math.min(n, sqEntries - slot);
    if (first) this.b.writeSqes(this.stage, slot * sqeSize, slot, first);
    if (n > first) this.b.writeSqes(this.stage, 0, 0, n - first);
    this.b.setSqTail(this.tail);
    return n;
  }

  /** flush + io_uring_enter(n, wait, GETEVENTS), waking an SQPOLL thread when it sleeps. */
  submit(wait: number): number {
    const n = this.flush();
    let flags = ENTER.GETEVENTS;
    if (this.b.params.flags & SETUP.SQPOLL && this.b.sqFlags(true) & SQ_RING.NEED_WAKEUP) flags |= ENTER.SQ_WAKEUP;
    return this.b.enter(n, wait, flags);
  }

  /** Every CQE ready, as separate byte arrays (copied in at most two bulk reads), then the head is released. */
  reap(): Uint8Array[] {
    const { cqEntries, cqeSize } = this.b.params;
    const head = this.b.cqHead();
    const tail = this.b.cqTail();
    const n = (tail - head) >>> 0;
    const slot = head & (cqEntries - 1);
    const first = Math.min(n, cqEntries - slot);
    if (first) this.b.readCqes(this.cqes, 0, slot, first);
    if (n > first) this.b.readCqes(this.cqes, first * cqeSize, 0, n - first);
    this.b.setCqHead(tail);
    const out: Uint8Array[] = [];
    for (let i = 0; i < n; i++) out.push(this.cqes.slice(i * cqeSize, (i + 1) * cqeSize));
    return out;
  }
}

/** Sleep synchronously (the tests drive the ring from one thread). */
export function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
