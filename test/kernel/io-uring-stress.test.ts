// A seeded randomized stress test of the async IoUring on the real kernel: many async workers start a random
// mix of ops, concurrently and from inside other ops' completions, and every result is checked against what
// the kernel must have done: file writes read back byte for byte (plain and vectored, and against a model of
// each file), pipe reads checked against the exact byte stream written to the pipe (an aborted, timed-out or
// cancelled read either took nothing or resolved with its bytes; every byte is read exactly once), timeouts,
// link chains (a failing op cancels the rest, which never run), link timeouts, cancel(), multishot reads and
// recvs over provided-buffer rings (plain and incremental) ended by break, stop(), an AbortSignal or EOF,
// pollMultishot, statx / openat / closeFd, and bad arguments (rejected with TypeError / RangeError, never
// thrown). Variants: small rings (CQ overflow), default rings, copy mode and in place, DEFER_TASKRUN, the
// threadpool engine. Each ends with close() while ops are in flight: every promise settles, nothing hangs, no
// fd is left open.
//
// URING_STRESS_OPS (default 100000, over all variants: about 3 s here) sets the number of ops;
// URING_STRESS_SEED replays a run (the choices are the seed's; their interleaving with completions depends on
// timing), URING_STRESS_VARIANTS=0,4 runs only those variants, URING_STRESS_VERBOSE=1 prints figures. The seed
// is printed on failure.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  chmodSync,
  closeSync,
  existsSync,
  fstatSync,
  ftruncateSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unavailable } from './_env.ts';
import { IoUring } from '../../shim/async/index.ts';
import { BufferRing } from '../../shim/register/index.ts';
import { IOSQE, SETUP } from '../../ts/constants.ts';
import { close as closeFd, pipe, socketpair, write as writeSync } from '../../shim/sys/libc.ts';

const OPS = Number(process.env.URING_STRESS_OPS ?? 100_000);
const SEED =
  process.env.URING_STRESS_SEED !== undefined
    ? Number(process.env.URING_STRESS_SEED) >>> 0
    : (Date.now() ^ (Math.random() * 0x100000000)) >>> 0;

/** URING_STRESS_VARIANTS=0,2: run only those variants (indices into VARIANTS). */
const ONLY = process.env.URING_STRESS_VARIANTS?.split(',').map(Number);

/** An fd no process here has open: the kernel answers EBADF. */
const BADFD = 0x7ffffff0;
const CHUNK = 8192;
const NCHUNK = 16;
const FILE_SIZE = CHUNK * NCHUNK;
/** Most bytes left unread in a lane's pipe (far below its 64 KiB, so a write never blocks). */
const PIPE_CAP = 16384;
const WORKERS = 6;
/** Scenarios a worker keeps going at once. */
const PER_WORKER = 6;
/** No scenario settled for this long: the run hangs (the watchdog fails it with what is pending). */
const STALL_MS = 20_000;

// ---- seeded randomness and the byte streams -------------------------------------------------------------

class Rng {
  constructor(private s: number) {}
  u32(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = Math.imul(this.s ^ (this.s >>> 15), 1 | this.s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** 0..n-1 */
  int(n: number): number {
    return this.u32() % n;
  }
  chance(p: number): boolean {
    return this.u32() < p * 0x100000000;
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)]!;
  }
  bytes(n: number): Buffer {
    const b = Buffer.allocUnsafe(n);
    let i = 0;
    for (; i + 4 <= n; i += 4) b.writeUInt32LE(this.u32(), i);
    for (; i < n; i++) b[i] = this.u32() & 0xff;
    return b;
  }
}

/** Byte `i` of the stream named `salt`: a hash of the position, so a shifted, lost or repeated byte shows. */
function streamByte(salt: number, i: number): number {
  let x = Math.imul((i ^ salt) | 0, 0x9e3779b1);
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  return x & 0xff;
}

function stream(salt: number, from: number, n: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) b[i] = streamByte(salt, from + i);
  return b;
}

// ---- checks -------------------------------------------------------------------------------------------

class Failure extends Error {}

function check(cond: boolean, msg: string | (() => string)): asserts cond {
  if (!cond) throw new Failure(typeof msg === 'string' ? msg : msg());
}

function sameBytes(got: Uint8Array, want: Uint8Array, what: string): void {
  if (got.length === want.length && Buffer.compare(got, want) === 0) return;
  let i = 0;
  while (i < got.length && i < want.length && got[i] === want[i]) i++;
  throw new Failure(
    `${what}: ${got.length} bytes where ${want.length} were expected, first difference at byte ${i} (got ${got[i]}, want ${want[i]})`,
  );
}

/** Mark `p` handled (it is awaited later, maybe after another await that fails first); returns it. */
function handled<T>(p: Promise<T>): Promise<T> {
  p.catch(() => {});
  return p;
}

type Err = Error & { code?: string; syscall?: string };

/** The rejection of `p`; a Failure when it resolves. */
async function rejects(p: Promise<unknown>, what: string): Promise<Err> {
  let v: unknown;
  try {
    v = await p;
  } catch (e) {
    return e as Err;
  }
  throw new Failure(`${what}: resolved with ${String(v)} instead of rejecting`);
}

function isCode(e: unknown, code: string): boolean {
  return (e as Err | null)?.code === code;
}

function isAbort(e: unknown): boolean {
  return (e as Err | null)?.name === 'AbortError' && (e as Err).code === 'ABORT_ERR';
}

function describe(e: unknown): string {
  const x = e as Err;
  return x instanceof Error ? `${x.name} ${x.code ?? ''} ${x.message}` : String(e);
}

// ---- fds of the process ---------------------------------------------------------------------------------

function openFds(): Map<string, string> {
  const m = new Map<string, string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      m.set(fd, readlinkSync(`/proc/self/fd/${fd}`));
    } catch {} // the directory's own fd, gone by now
  }
  return m;
}

// ---- the run --------------------------------------------------------------------------------------------

interface Variant {
  name: string;
  opts: Parameters<typeof IoUring.create>[0];
}

interface Lane {
  id: number;
  rd: number;
  wr: number;
  salt: number;
  /** Bytes written into the pipe / read out of it (reads and writes of a lane run one at a time). */
  written: number;
  consumed: number;
  chain: Promise<void>;
}

interface TestFile {
  path: string;
  fd: number;
  model: Buffer;
  busy: boolean[];
}

interface StaticFile {
  path: string;
  fd: number;
  data: Buffer;
  mode: number;
  ino: number;
}

class Stress {
  ops = 0;
  settled = 0;
  failure: Error | null = null;
  readonly pending = new Map<number, string>();
  #nextId = 0;
  maxInFlight = 0;
  maxQueued = 0;
  readonly counts: Record<string, number> = {};
  readonly lanes: Lane[] = [];
  readonly files: TestFile[] = [];
  readonly statics: StaticFile[] = [];
  readonly bgids: number[] = [];
  created = 0;

  constructor(
    readonly ring: IoUring,
    readonly rng: Rng,
    readonly budget: number,
    readonly dir: string,
  ) {}

  setup(): void {
    const rng = this.rng;
    for (let i = 0; i < 8; i++) {
      const [rd, wr] = pipe();
      this.lanes.push({ id: i, rd, wr, salt: rng.u32(), written: 0, consumed: 0, chain: Promise.resolve() });
    }
    for (let i = 0; i < 4; i++) {
      const path = join(this.dir, `rw${i}`);
      const fd = openSync(path, 'w+');
      ftruncateSync(fd, FILE_SIZE);
      this.files.push({ path, fd, model: Buffer.alloc(FILE_SIZE), busy: new Array(NCHUNK).fill(false) });
    }
    for (let i = 0; i < 2; i++) {
      const path = join(this.dir, `static${i}`);
      const data = rng.bytes(1000 + rng.int(20000));
      const mode = i === 0 ? 0o640 : 0o604;
      writeFileSync(path, data);
      chmodSync(path, mode);
      const fd = openSync(path, 'r');
      this.statics.push({ path, fd, data, mode, ino: fstatSync(fd).ino });
    }
    for (let i = 0; i < 24; i++) this.bgids.push(100 + i);
  }

  teardown(): void {
    for (const l of this.lanes) {
      closeFd(l.rd);
      closeFd(l.wr);
    }
    for (const f of this.files) closeSync(f.fd);
    for (const s of this.statics) closeSync(s.fd);
  }

  /** Run the workers until the budget is spent and every scenario is done. */
  async run(): Promise<void> {
    let last = -1,
      lastAt = Date.now();
    let stalled: (e: Error) => void = () => {};
    const stall = new Promise<never>((_, rej) => (stalled = rej));
    stall.catch(() => {});
    const dog = setInterval(() => {
      if (this.settled !== last) {
        last = this.settled;
        lastAt = Date.now();
      } else if (Date.now() - lastAt > STALL_MS)
        stalled(
          new Failure(
            `no scenario settled for ${STALL_MS} ms (ops ${this.ops}, inFlight ${this.ring.inFlight}, queued ${this.ring.queued}); pending: ${[...this.pending.values()].slice(0, 20).join(', ')}`,
          ),
        );
    }, 1000);
    try {
      await Promise.race([Promise.all(Array.from({ length: WORKERS }, () => this.worker())), stall]);
    } finally {
      clearInterval(dog);
    }
    if (this.failure) throw this.failure;
  }

  async worker(): Promise<void> {
    const mine = new Set<Promise<void>>();
    while (this.ops < this.budget && this.failure === null) {
      const p = this.scenario();
      mine.add(p);
      p.then(() => mine.delete(p));
      const r = this.ring;
      if (r.inFlight > this.maxInFlight) this.maxInFlight = r.inFlight;
      if (r.queued > this.maxQueued) this.maxQueued = r.queued;
      if (mine.size >= PER_WORKER) await Promise.race(mine);
      else if (this.rng.chance(0.3)) await null;
    }
    await Promise.all(mine);
  }

  /** One random scenario; a failure is recorded (the first one is reported) and stops the workers. */
  async scenario(): Promise<void> {
    const rng = this.rng;
    const k = rng.int(100);
    const [name, fn]: [string, () => Promise<void>] =
      k < 12
        ? ['nops', () => this.nops()]
        : k < 18
          ? ['nested', () => this.nested(1 + rng.int(6))]
          : k < 36
            ? ['fileRw', () => this.fileRw()]
            : k < 40
              ? ['fileRead', () => this.fileRead()]
              : k < 45
                ? ['linkRw', () => this.linkRw()]
                : k < 49
                  ? ['linkFail', () => this.linkFail()]
                  : k < 65
                    ? ['pipeRead', () => this.pipeRead()]
                    : k < 68
                      ? ['fanout', () => this.fanout()]
                      : k < 75
                        ? ['timers', () => this.timers()]
                        : k < 80
                          ? rng.chance(0.2)
                            ? ['polls', () => this.polls()]
                            : ['multishot', () => this.multishot()]
                          : k < 88
                            ? ['fsMeta', () => this.fsMeta()]
                            : ['badArgs', () => this.badArgs()];
    const id = this.#nextId++;
    this.pending.set(id, name);
    this.count(name);
    try {
      await fn();
    } catch (e) {
      this.fail(name, e);
    } finally {
      this.pending.delete(id);
      this.settled++;
    }
  }

  /** Count an outcome (printed with URING_STRESS_VERBOSE). */
  count(what: string): void {
    this.counts[what] = (this.counts[what] ?? 0) + 1;
  }

  /** Record the first failure (it stops the workers). */
  fail(name: string, e: unknown): void {
    if (this.failure !== null) return;
    const err = e instanceof Error ? e : new Error(String(e));
    err.message = `${name}: ${err.message}`;
    this.failure = err;
  }

  /** A random pause: none, a microtask, a NOP's round trip, a turn of the loop, a timer. */
  async delay(): Promise<void> {
    switch (this.rng.int(9)) {
      case 0:
      case 1:
      case 2:
        return;
      case 3:
        await null;
        return;
      case 4:
      case 5:
        this.ops++;
        check((await this.ring.nop()) === 0, 'nop resolved non-zero');
        return;
      case 6:
        await new Promise((r) => setImmediate(r));
        return;
      case 7:
        await new Promise((r) => setTimeout(r, 0));
        return;
      default:
        await new Promise((r) => setTimeout(r, 1));
    }
  }

  // ---- scenarios ----

  async nops(): Promise<void> {
    const n = 1 + this.rng.int(40);
    this.ops += n;
    const ps: Promise<number>[] = [];
    for (let i = 0; i < n; i++) ps.push(this.ring.nop(this.rng.chance(0.1) ? { sqeFlags: IOSQE.ASYNC } : undefined));
    const got = await Promise.all(ps);
    check(
      got.every((v) => v === 0),
      () => `nops resolved ${got.join(',')}`,
    );
  }

  /** Ops started from inside completions: each NOP's continuation starts the next (and sometimes a read). */
  nested(depth: number): Promise<void> {
    this.ops++;
    return this.ring.nop().then(async (v) => {
      check(v === 0, `nested nop resolved ${v}`);
      if (depth === 0) return;
      const extra: Promise<void>[] = [];
      if (this.rng.chance(0.3)) extra.push(this.staticRead());
      if (this.rng.chance(0.2)) extra.push(this.nested(depth - 1));
      await this.nested(depth - 1);
      await Promise.all(extra);
    });
  }

  /** A piece of a static file, read at a random offset through its fd (always there, never changed). */
  async staticRead(): Promise<void> {
    const s = this.rng.pick(this.statics);
    const off = this.rng.int(s.data.length + 64);
    const buf = Buffer.alloc(1 + this.rng.int(4096));
    this.ops++;
    const n = await this.ring.read(s.fd, buf, off);
    const want = s.data.subarray(off, off + buf.length);
    check(n === want.length, () => `static read at ${off} of ${buf.length}: ${n} bytes, want ${want.length}`);
    sameBytes(buf.subarray(0, n), want, `static read at ${off}`);
  }

  /** A free chunk of a test file, locked (undefined: none found). */
  lockChunk(): { f: TestFile; c: number } | undefined {
    for (let t = 0; t < 6; t++) {
      const f = this.rng.pick(this.files);
      const c = this.rng.int(NCHUNK);
      if (!f.busy[c]) {
        f.busy[c] = true;
        return { f, c };
      }
    }
    return undefined;
  }

  /** Run `fn` on a chunk locked for it (released after), or some NOPs when none is free. */
  async onChunk(fn: (f: TestFile, c: number) => Promise<void>): Promise<void> {
    const l = this.lockChunk();
    if (!l) return this.nops();
    try {
      await fn(l.f, l.c);
    } finally {
      l.f.busy[l.c] = false;
    }
  }

  /** A random range inside chunk c. */
  range(c: number): { off: number; size: number } {
    const size = 1 + this.rng.int(CHUNK);
    return { off: c * CHUNK + this.rng.int(CHUNK - size + 1), size };
  }

  /** Split `b` into 1..6 views (for readv / writev). */
  split(b: Buffer): Buffer[] {
    const parts = 1 + this.rng.int(Math.min(6, b.length));
    const cuts = new Set<number>();
    while (cuts.size < parts - 1) cuts.add(1 + this.rng.int(b.length - 1));
    const at = [0, ...[...cuts].sort((x, y) => x - y), b.length];
    const out: Buffer[] = [];
    for (let i = 0; i + 1 < at.length; i++) out.push(b.subarray(at[i]!, at[i + 1]!));
    return out;
  }

  position(off: number): number | bigint {
    return this.rng.chance(0.2) ? BigInt(off) : off;
  }

  /** write (or writev) random bytes at a random offset, read them back (read or readv), compare. */
  async fileRw(): Promise<void> {
    return this.onChunk(async (f, c) => {
      const { off, size } = this.range(c);
      const data = this.rng.bytes(size);
      this.ops++;
      const vw = this.rng.chance(0.4);
      const w = vw
        ? await this.ring.writev(f.fd, this.split(data), this.position(off))
        : await this.ring.write(f.fd, data, this.position(off));
      check(w === size, `${vw ? 'writev' : 'write'} of ${size} at ${off}: ${w}`);
      data.copy(f.model, off);
      await this.delay();
      await this.readBack(f, off, size, data);
    });
  }

  async readBack(f: TestFile, off: number, size: number, want: Buffer): Promise<void> {
    const out = Buffer.alloc(size, 0xa5);
    this.ops++;
    const vr = this.rng.chance(0.4);
    const n = vr
      ? await this.ring.readv(f.fd, this.split(out), this.position(off))
      : await this.ring.read(f.fd, out, this.position(off));
    check(n === size, `${vr ? 'readv' : 'read'} of ${size} at ${off}: ${n}`);
    sameBytes(out, want, `${vr ? 'readv' : 'read'} back ${size} bytes at ${off} of ${f.path}`);
  }

  /** Read a locked range (or across the end of the file) and compare with the model. */
  async fileRead(): Promise<void> {
    return this.onChunk(async (f, c) => {
      if (c === NCHUNK - 1 && this.rng.chance(0.5)) {
        // Across the end: only what the file holds.
        const off = FILE_SIZE - 1 - this.rng.int(100);
        const out = Buffer.alloc(200);
        this.ops++;
        const n = await this.ring.read(f.fd, out, off);
        check(n === FILE_SIZE - off, `read across the end at ${off}: ${n}, want ${FILE_SIZE - off}`);
        sameBytes(out.subarray(0, n), f.model.subarray(off), 'read across the end');
        return;
      }
      const { off, size } = this.range(c);
      await this.readBack(f, off, size, f.model.subarray(off, off + size));
    });
  }

  /** link(): a write then a read of the same range: the read runs after the write and sees its bytes. */
  async linkRw(): Promise<void> {
    return this.onChunk(async (f, c) => {
      const { off, size } = this.range(c);
      const data = this.rng.bytes(size);
      const out = Buffer.alloc(size);
      const mid = this.rng.chance(0.5);
      this.ops += mid ? 3 : 2;
      const ps = this.ring.link(() =>
        mid
          ? [this.ring.write(f.fd, data, off), this.ring.nop(), this.ring.read(f.fd, out, off)]
          : [this.ring.write(f.fd, data, off), this.ring.read(f.fd, out, off)],
      );
      const got = await Promise.all(ps);
      check(got[0] === size && got[got.length - 1] === size && (!mid || got[1] === 0), `linked write/read: ${got}`);
      data.copy(f.model, off);
      sameBytes(out, data, 'linked read after write');
    });
  }

  /** A chain with a failing op in the middle: what precedes it runs, what follows is cancelled (and never
   *  runs: the second write's bytes are not in the file). */
  async linkFail(): Promise<void> {
    return this.onChunk(async (f, c) => {
      const { off, size } = this.range(c);
      const x = this.rng.bytes(size),
        y = this.rng.bytes(size);
      const kind = this.rng.int(3);
      const optionForm = this.rng.chance(0.3);
      const bad = (o?: { link: boolean }): Promise<unknown> =>
        kind === 0
          ? this.ring.read(BADFD, Buffer.alloc(8), -1, o)
          : kind === 1
            ? this.ring.openat(join(this.dir, 'missing', 'x'), 'r', 0o666, -100, o)
            : this.ring.closeFd(BADFD, o);
      const code = kind === 1 ? 'ENOENT' : 'EBADF';
      this.ops += 5;
      let ps: Promise<unknown>[];
      if (optionForm) {
        const L = { link: true };
        ps = [
          this.ring.nop(L),
          this.ring.write(f.fd, x, off, L),
          bad(L),
          this.ring.write(f.fd, y, off, L),
          this.ring.nop(),
        ];
      } else
        ps = this.ring.link(() => [
          this.ring.nop(),
          this.ring.write(f.fd, x, off),
          bad(),
          this.ring.write(f.fd, y, off),
          this.ring.nop(),
        ]);
      const r = await Promise.allSettled(ps);
      const v = (i: number) => (r[i]!.status === 'fulfilled' ? (r[i] as PromiseFulfilledResult<unknown>).value : 'x');
      const e = (i: number) => (r[i]!.status === 'rejected' ? (r[i] as PromiseRejectedResult).reason : null);
      check(v(0) === 0, () => `chain head nop: ${describe(e(0)) || v(0)}`);
      check(v(1) === size, () => `chain write: ${describe(e(1)) || v(1)}`);
      check(isCode(e(2), code), () => `the failing op: ${describe(e(2)) || v(2)}, want ${code}`);
      check(isCode(e(3), 'ECANCELED'), () => `the write after the failure: ${describe(e(3)) || v(3)}`);
      check(isCode(e(4), 'ECANCELED'), () => `the nop after the failure: ${describe(e(4)) || v(4)}`);
      check((e(3) as Err).syscall === 'write', `cancelled write's syscall ${(e(3) as Err).syscall}`);
      x.copy(f.model, off);
      await this.readBack(f, off, size, x);
    });
  }

  // ---- pipes ----

  /** Write `k` bytes of the lane's stream into its pipe (libc or the ring), within PIPE_CAP. */
  async feed(l: Lane, k: number): Promise<void> {
    k = Math.min(k, PIPE_CAP - (l.written - l.consumed));
    if (k <= 0) return;
    const data = stream(l.salt, l.written, k);
    let n: number;
    if (this.rng.chance(0.5)) n = writeSync(l.wr, data);
    else {
      this.ops++;
      n = await this.ring.write(l.wr, data);
    }
    check(n === k, `pipe write of ${k}: ${n}`);
    l.written += n;
  }

  /** What a pipe read got: the next bytes of the lane's stream. */
  took(l: Lane, buf: Buffer, n: number, what: string): void {
    const left = l.written - l.consumed;
    check(n >= 1 && n <= buf.length && n <= left, `${what}: ${n} bytes (buffer ${buf.length}, in the pipe ${left})`);
    sameBytes(buf.subarray(0, n), stream(l.salt, l.consumed, n), `${what} at stream byte ${l.consumed}`);
    check(n === buf.length || buf[n] === 0xee, `${what}: byte ${n} past the result was written`);
    l.consumed += n;
  }

  /** Reads of a lane's pipe, one at a time per lane (so the stream order is known), many lanes at once. */
  pipeRead(): Promise<void> {
    const l = this.rng.pick(this.lanes);
    const p = l.chain.then(() => this.pipeReadStep(l));
    // Recorded before the lane's next read starts (it must not run on a stream whose state is unknown).
    l.chain = p.catch((e) => this.fail('pipeRead', e));
    return p;
  }

  async pipeReadStep(l: Lane): Promise<void> {
    if (this.failure) return;
    const rng = this.rng;
    const ring = this.ring;
    const buf = Buffer.alloc(1 + rng.int(4096), 0xee);
    const empty = l.written === l.consumed;
    const mode = rng.int(7);
    this.ops++;
    switch (mode) {
      case 0:
      case 1: {
        // Plain: the data comes later (or is there already).
        const p = handled(ring.read(l.rd, buf));
        await this.delay();
        await this.feed(l, empty ? 1 + rng.int(6000) : rng.int(3000));
        this.took(l, buf, await p, 'pipe read');
        return;
      }
      case 2: {
        // Aborted before it starts: rejects (never throws), takes nothing.
        const ac = new AbortController();
        ac.abort(new Error('early'));
        const e = await rejects(ring.read(l.rd, buf, -1, { signal: ac.signal }), 'read with an aborted signal');
        check(isAbort(e), `read with an aborted signal: ${describe(e)}`);
        check(buf[0] === 0xee, 'an aborted read wrote into its buffer');
        return;
      }
      case 3: {
        // Aborted while pending: AbortError with nothing taken, or its data if it completed first.
        const ac = new AbortController();
        const p = handled(ring.read(l.rd, buf, -1, { signal: ac.signal }));
        await this.delay();
        const wrote = rng.chance(0.5);
        if (wrote) await this.feed(l, 1 + rng.int(3000));
        await this.delay();
        ac.abort();
        let n = -1;
        try {
          n = await p;
        } catch (e) {
          check(isAbort(e), `aborted pipe read: ${describe(e)}`);
          check(buf[0] === 0xee, 'an aborted read wrote into its buffer');
        }
        this.count(n >= 0 ? 'abort: read won' : 'abort: AbortError');
        if (n >= 0) this.took(l, buf, n, 'pipe read aborted too late');
        if (empty && !wrote) check(n === -1, `a read of an empty pipe resolved ${n} though aborted`);
        return;
      }
      case 4: {
        // A link timeout: ETIME on an empty pipe, the data when there is some.
        const ms = 1 + rng.int(4);
        if (empty) {
          const e = await rejects(ring.read(l.rd, buf, -1, { timeout: ms }), 'read of an empty pipe with a timeout');
          check(isCode(e, 'ETIME') && e.syscall === 'read', `read of an empty pipe with a timeout: ${describe(e)}`);
          this.count('link timeout: ETIME');
          check(buf[0] === 0xee, 'a timed-out read wrote into its buffer');
        } else this.took(l, buf, await ring.read(l.rd, buf, -1, { timeout: ms }), 'pipe read with a timeout');
        return;
      }
      case 5: {
        // Done in time: the link timeout does not fire.
        const p = handled(ring.read(l.rd, buf, -1, { timeout: 5000 }));
        await this.delay();
        await this.feed(l, empty ? 1 + rng.int(3000) : rng.int(1000));
        this.took(l, buf, await p, 'pipe read within its timeout');
        return;
      }
      default: {
        // cancel(promise): ECANCELED when nothing came, else either.
        const p = handled(ring.read(l.rd, buf));
        await this.delay();
        const wrote = !empty || rng.chance(0.3);
        if (wrote && empty) await this.feed(l, 1 + rng.int(2000));
        this.ops++;
        const c = ring.cancel(p).then(
          (v) => ({ v, e: null as Err | null }),
          (e: Err) => ({ v: -1, e }),
        );
        let n = -1;
        try {
          n = await p;
        } catch (e) {
          check(isCode(e, 'ECANCELED') && (e as Err).syscall === 'read', `cancelled pipe read: ${describe(e)}`);
        }
        const cr = await c;
        this.count(n >= 0 ? 'cancel: read won' : 'cancel: ECANCELED');
        if (n >= 0) {
          this.took(l, buf, n, 'pipe read cancelled too late');
          check(
            cr.e === null ? cr.v >= 0 : isCode(cr.e, 'ENOENT') || isCode(cr.e, 'EALREADY'),
            `cancel of a finished read: ${cr.e ? describe(cr.e) : cr.v}`,
          );
        } else check(cr.e === null && cr.v >= 0, `cancel of a pending read: ${cr.e ? describe(cr.e) : cr.v}`);
        if (!wrote) check(n === -1, `a read of an empty pipe resolved ${n} though cancelled`);
      }
    }
  }

  /** Reads pending on many fresh pipes at once, their data written in a random order in one go. */
  async fanout(): Promise<void> {
    const k = 1 + this.rng.int(24);
    const ps = Array.from({ length: k }, () => pipe());
    try {
      const bufs = ps.map(() => Buffer.alloc(512, 0xee));
      this.ops += k;
      const reads = ps.map(([rd], i) => handled(this.ring.read(rd, bufs[i]!)));
      await this.delay();
      const order = [...ps.keys()].sort(() => this.rng.int(3) - 1);
      const data = ps.map(() => this.rng.bytes(1 + this.rng.int(512)));
      for (const i of order) check(writeSync(ps[i]![1], data[i]!) === data[i]!.length, 'fanout write');
      const got = await Promise.all(reads);
      for (let i = 0; i < k; i++) {
        check(got[i] === data[i]!.length, `fanout read ${i}: ${got[i]} of ${data[i]!.length}`);
        sameBytes(bufs[i]!.subarray(0, got[i]!), data[i]!, `fanout read ${i}`);
      }
    } finally {
      for (const [r, w] of ps) {
        closeFd(r);
        closeFd(w);
      }
    }
  }

  // ---- timers ----

  async timers(): Promise<void> {
    const ring = this.ring;
    const kind = this.rng.int(5);
    const t0 = performance.now();
    this.ops++;
    if (kind === 0) {
      const ms = this.rng.int(4) + this.rng.int(10) / 10;
      const v = await ring.timeout(ms);
      const dt = performance.now() - t0;
      check(v === true, `timeout(${ms}) resolved ${v}`);
      check(dt >= ms - 0.05, `timeout(${ms}) resolved after ${dt.toFixed(3)} ms`);
    } else if (kind === 1) {
      const v = await ring.timeout(30, { count: 1 + this.rng.int(3) });
      check(typeof v === 'boolean', `timeout with count resolved ${String(v)}`);
      if (v) check(performance.now() - t0 >= 29.9, 'timeout with count: true before its time');
    } else if (kind === 2) {
      const p = handled(ring.timeout(10_000));
      await this.delay();
      this.ops++;
      const c = await ring.cancel(p);
      check(c >= 0, `cancel of a timeout: ${c}`);
      const e = await rejects(p, 'cancelled timeout');
      check(isCode(e, 'ECANCELED') && e.syscall === 'timeout', `cancelled timeout: ${describe(e)}`);
      const late = await rejects(ring.cancel(p), 'cancel of a settled op');
      this.ops++;
      check(isCode(late, 'ENOENT'), `cancel of a settled op: ${describe(late)}`);
    } else if (kind === 3) {
      const ac = new AbortController();
      const p = handled(ring.timeout(10_000, { signal: ac.signal }));
      await this.delay();
      ac.abort();
      const e = await rejects(p, 'aborted timeout');
      check(isAbort(e), `aborted timeout: ${describe(e)}`);
    } else {
      const count = 1 + this.rng.int(3);
      const ticks: number[] = [];
      for await (const n of ring.timeoutMultishot(0.5, { count })) ticks.push(n);
      check(ticks.join() === Array.from({ length: count }, (_, i) => i + 1).join(), `ticks ${ticks}`);
    }
  }

  // ---- multishot ----

  /** readMultishot (pipe) or recvMultishot (socketpair) over a fresh buffer ring, plain or incremental,
   *  ended by break, stop(), an AbortSignal or EOF; every byte written arrives once, in order. */
  async multishot(): Promise<void> {
    const rng = this.rng;
    const bgid = this.bgids.pop();
    if (bgid === undefined) return this.nops();
    const recv = rng.chance(0.5);
    const [a, b] = recv ? socketpair() : pipe();
    let bOpen = true;
    let br: BufferRing | undefined;
    const end = rng.pick(['break', 'stop', 'abort', 'eof'] as const);
    const ring = this.ring;
    try {
      const incremental = rng.chance(0.5);
      const entries = 1 << rng.int(4);
      const bsize = 16 + rng.int(241);
      br = BufferRing.setup(ring, { entries, bgid, incremental });
      for (let i = 0; i < entries; i++) br.push(Buffer.alloc(bsize), i);
      const salt = rng.u32();
      const sizes = Array.from({ length: 1 + rng.int(16) }, () => 1 + rng.int(400));
      const total = sizes.reduce((x, y) => x + y, 0);
      const ac = new AbortController();
      this.ops++;
      const it =
        end === 'abort'
          ? recv
            ? ring.recvMultishot(a, br, { signal: ac.signal })
            : ring.readMultishot(a, br, { signal: ac.signal })
          : recv
            ? ring.recvMultishot(a, br)
            : ring.readMultishot(a, br);
      const what = `${recv ? 'recvMultishot' : 'readMultishot'} (${entries} x ${bsize}${incremental ? ' incremental' : ''}, end by ${end}, ${total} bytes)`;
      const writer = handled(
        (async () => {
          let w = 0;
          for (const s of sizes) {
            await this.delay();
            check(writeSync(b, stream(salt, w, s)) === s, 'multishot writer');
            w += s;
          }
          if (end === 'eof') {
            closeFd(b);
            bOpen = false;
          }
        })(),
      );
      const got: Buffer[] = [];
      let n = 0;
      const cutAt = end === 'stop' || end === 'abort' ? rng.int(total + 1) : -1;
      let cut = false;
      const cutNow = async (): Promise<void> => {
        cut = true;
        if (end === 'stop') await it.stop();
        else ac.abort();
      };
      try {
        if (cutAt === 0) await cutNow();
        for await (const v of it) {
          got.push(v);
          n += v.length;
          check(n <= total, () => `${what}: ${n} bytes`);
          if (end === 'break' && n === total) break;
          if (cutAt > 0 && !cut && n >= cutAt) await cutNow();
        }
      } catch (e) {
        check(end === 'abort' && cut && isAbort(e), () => `${what}: the iteration failed: ${describe(e)}`);
      }
      await writer;
      check(end !== 'eof' || n === total, () => `${what}: ended at EOF after ${n} bytes`);
      check(end !== 'break' || n === total, () => `${what}: ended early after ${n} bytes`);
      // stop() / abort keep what the op took: the rest is still in the fd.
      while (n < total) {
        const rest = Buffer.alloc(total - n);
        this.ops++;
        const k = recv ? await ring.recv(a, rest) : await ring.read(a, rest);
        check(k > 0, `${what}: reading the rest gave ${k} after ${n} bytes`);
        got.push(rest.subarray(0, k));
        n += k;
      }
      sameBytes(Buffer.concat(got), stream(salt, 0, total), what);
      this.count(`${recv ? 'recv' : 'read'}Multishot ${incremental ? 'inc ' : ''}by ${end}`);
      const after = await it.next();
      check(after.done === true, `${what}: next() after the end gave a value`);
    } finally {
      br?.unregister();
      closeFd(a);
      if (bOpen) closeFd(b);
      this.bgids.push(bgid);
    }
  }

  /** pollMultishot on a fresh pipe: POLLIN for the writes, until break; it takes nothing from the pipe. */
  async polls(): Promise<void> {
    const [rd, wr] = pipe();
    try {
      const writes = 1 + this.rng.int(6);
      this.ops++;
      const it = this.ring.pollMultishot(rd, 1 /* POLLIN */);
      const writer = handled(
        (async () => {
          for (let i = 0; i < writes; i++) {
            await this.delay();
            check(writeSync(wr, Buffer.from([i])) === 1, 'poll writer');
          }
        })(),
      );
      // Wake-ups that come while one is being handled coalesce: one event at least.
      for await (const ev of it) {
        check((ev & 1) === 1, `pollMultishot yielded ${ev}`);
        await writer;
        await this.delay(); // later events wait in the iterator: break drops them
        break;
      }
      await writer;
      const buf = Buffer.alloc(16, 0xee);
      this.ops++;
      const n = await this.ring.read(rd, buf);
      check(n === writes, `after pollMultishot the pipe holds ${n} bytes, want ${writes}`);
      sameBytes(
        buf.subarray(0, n),
        Buffer.from(Array.from({ length: writes }, (_, i) => i)),
        'pipe after pollMultishot',
      );
      check((await it.next()).done === true, 'pollMultishot after break');
    } finally {
      closeFd(rd);
      closeFd(wr);
    }
  }

  // ---- files by name ----

  async fsMeta(): Promise<void> {
    const ring = this.ring;
    const s = this.rng.pick(this.statics);
    const kind = this.rng.int(5);
    this.ops++;
    if (kind === 0) {
      const st = await ring.statx(this.rng.chance(0.5) ? s.path : s.fd);
      check(
        st.size === s.data.length && (st.mode & 0o7777) === s.mode && st.ino === s.ino && st.isFile(),
        () => `statx: size ${st.size} mode ${st.mode.toString(8)} ino ${st.ino}`,
      );
    } else if (kind === 1) {
      const fd = await ring.openat(s.path, 'r');
      check(fd > 2, `openat gave ${fd}`);
      try {
        const off = this.rng.int(s.data.length);
        const buf = Buffer.alloc(1 + this.rng.int(2048));
        this.ops += 2;
        const [n, st] = await Promise.all([ring.read(fd, buf, off), ring.statx(fd)]);
        const want = s.data.subarray(off, off + buf.length);
        check(n === want.length, `read of an fd from openat: ${n}, want ${want.length}`);
        sameBytes(buf.subarray(0, n), want, 'read of an fd from openat');
        check(st.ino === s.ino, 'statx of an fd from openat: another inode');
      } finally {
        this.ops++;
        check((await ring.closeFd(fd)) === undefined, 'closeFd resolved a value');
      }
    } else if (kind === 2) {
      const missing = join(this.dir, `missing-${this.rng.u32()}`);
      const e = await rejects(ring.openat(missing), 'openat of a missing file');
      check(isCode(e, 'ENOENT') && e.syscall === 'openat' && (e as Err & { path?: string }).path === missing, () =>
        describe(e),
      );
    } else if (kind === 3) {
      const path = join(this.dir, `new-${this.created++}`);
      const fd = await ring.openat(path, 'wx+', 0o600);
      const data = this.rng.bytes(1 + this.rng.int(3000));
      this.ops += 4;
      check((await ring.write(fd, data, 0)) === data.length, 'write to a new file');
      const st = await ring.statx(fd);
      check(st.size === data.length && (st.mode & 0o777) === 0o600, `new file: size ${st.size}`);
      await ring.closeFd(fd);
      sameBytes(readFileSync(path), data, 'new file');
      await ring.unlink(path);
      check(!existsSync(path), 'unlink left the file');
    } else {
      const e = await rejects(ring.closeFd(BADFD), 'closeFd of a bad fd');
      check(isCode(e, 'EBADF') && e.syscall === 'close', describe(e));
    }
  }

  // ---- bad arguments ----

  async badArgs(): Promise<void> {
    const ring = this.ring as unknown as Record<string, (...a: unknown[]) => unknown>;
    const r = this.ring;
    const fd = this.rng.pick(this.statics).fd;
    const buf = Buffer.alloc(8);
    const T = TypeError,
      R = RangeError;
    const cases: [string, typeof TypeError | typeof RangeError, () => unknown][] = [
      ['read fd string', T, () => ring.read!('x', buf)],
      ['read fd negative', R, () => r.read(-5, buf)],
      ['read buf string', T, () => ring.read!(fd, 'nope')],
      ['read position -2', R, () => r.read(fd, buf, -2)],
      ['write position 1.5', R, () => r.write(fd, buf, 1.5)],
      ['write data number', T, () => ring.write!(fd, 5)],
      ['readv no buffers', R, () => r.readv(fd, [])],
      ['writev not an array', T, () => ring.writev!(fd, 'x')],
      ['readv a bad view', T, () => ring.readv!(fd, [buf, 'x'])],
      ['timeout -1', R, () => r.timeout(-1)],
      ['timeout NaN', R, () => r.timeout(Number.NaN)],
      ['timeout string', T, () => ring.timeout!('5')],
      ['nop options number', T, () => ring.nop!(5)],
      ['nop signal not a signal', T, () => ring.nop!({ signal: {} })],
      ['nop link timeout -3', R, () => r.nop({ timeout: -3 })],
      ['nop BUFFER_SELECT', R, () => r.nop({ sqeFlags: IOSQE.BUFFER_SELECT })],
      ['openat flags', R, () => r.openat(join(this.dir, 'x'), 'zz')],
      ['openat NUL', T, () => r.openat('a\0b')],
      ['statx options null', T, () => ring.statx!(this.dir, null)],
      ['cancel an object', T, () => ring.cancel!({})],
      ['cancel -1', R, () => r.cancel(-1)],
      ['op unknown builder', R, () => r.op('nosuch', {})],
      ['op with userData', T, () => r.op('nop', { userData: 1 })],
      ['close with an argument', T, () => ring.close!(5)],
      ['link with a number', T, () => ring.link!(5, 'x')],
      ['closeFd string', T, () => ring.closeFd!('3')],
      ['readMultishot not a BufferRing', T, () => ring.readMultishot!(fd, {})],
      ['recvMultishot fd', T, () => ring.recvMultishot!('x', {})],
      ['timeoutMultishot -1', R, () => r.timeoutMultishot(-1)],
      ['pollMultishot linked', T, () => r.pollMultishot(fd, 1, { link: true })],
    ];
    const n = 1 + this.rng.int(4);
    for (let i = 0; i < n; i++) {
      const [what, ctor, fn] = this.rng.pick(cases);
      this.ops++;
      let v: unknown;
      try {
        v = fn();
      } catch (e) {
        throw new Failure(`${what}: threw synchronously: ${describe(e)}`);
      }
      const p =
        v instanceof Promise
          ? v
          : v !== null && typeof v === 'object' && typeof (v as AsyncIterator<unknown>).next === 'function'
            ? (v as AsyncIterator<unknown>).next()
            : null;
      check(p instanceof Promise, `${what}: returned neither a promise nor an iterator`);
      const e = await rejects(p, what);
      check(e instanceof ctor && e.constructor === ctor, `${what}: ${describe(e)}, want ${ctor.name}`);
      check(r.closed === false, `${what}: closed the ring`);
    }
    // A chain longer than the SQ: every op of it is refused, nothing goes in.
    const sq = r.backend.params.sqEntries;
    if (sq <= 16 && this.rng.chance(0.3)) {
      this.ops += sq + 1;
      const ps = r.link(() => Array.from({ length: sq + 1 }, () => r.nop()));
      for (const e of await Promise.all(ps.map((p) => rejects(p, 'an op of a chain longer than the SQ'))))
        check(e instanceof RangeError, `an op of a chain longer than the SQ: ${describe(e)}`);
    }
  }

  // ---- the end: close() with ops in flight ----

  async closeWithOpsInFlight(): Promise<string> {
    const ring = this.ring;
    const rng = this.rng;
    const extra = Array.from({ length: 3 }, () => pipe());
    const bgid = this.bgids.pop()!;
    const br = BufferRing.setup(ring, { entries: 4, bgid });
    for (let i = 0; i < 4; i++) br.push(Buffer.alloc(64), i);
    type Want = (r: PromiseSettledResult<unknown>) => string | null;
    const cancelled: Want = (r) =>
      r.status === 'rejected' && isCode(r.reason, 'ECANCELED')
        ? null
        : `${r.status} ${r.status === 'rejected' ? describe(r.reason) : String(r.value)}`;
    const orCancelled =
      (ok: (v: unknown) => boolean): Want =>
      (r) =>
        r.status === 'fulfilled' ? (ok(r.value) ? null : `resolved ${String(r.value)}`) : cancelled(r);
    const ops: [string, Promise<unknown>, Want][] = [];
    for (const [rd] of extra) ops.push(['blocked pipe read', ring.read(rd, Buffer.alloc(16)), cancelled]);
    // (every promise in `ops` is marked handled below, before anything is awaited)
    ops.push([
      'blocked read with a link timeout',
      ring.read(extra[0]![0], Buffer.alloc(4), -1, { timeout: 60_000 }),
      cancelled,
    ]);
    for (let i = 0; i < 3; i++) ops.push(['long timeout', ring.timeout(60_000), cancelled]);
    const chain = ring.link(() => [ring.read(extra[1]![0], Buffer.alloc(4)), ring.nop()]);
    ops.push(['chain head (blocked read)', chain[0]!, cancelled], ['chain tail', chain[1]!, cancelled]);
    const n = 10 + rng.int(40);
    for (let i = 0; i < n; i++) ops.push(['nop', ring.nop(), orCancelled((v) => v === 0)]);
    for (let i = 0; i < 8; i++) {
      const s = rng.pick(this.statics);
      const off = rng.int(s.data.length);
      const b = Buffer.alloc(256);
      ops.push([
        'file read',
        ring.read(s.fd, b, off),
        orCancelled((v) => {
          const want = s.data.subarray(off, off + 256);
          return v === want.length && Buffer.compare(b.subarray(0, want.length), want) === 0;
        }),
      ]);
    }
    const it = ring.readMultishot(extra[2]![0], br);
    const first = handled(it.next());
    const polls = ring.pollMultishot(extra[2]![0], 1);
    const pollFirst = handled(polls.next());
    for (const o of ops) handled(o[1]);
    this.ops += ops.length + 2;
    // Some of them reach the kernel before the close, some do not.
    if (rng.chance(0.5)) await null;
    const inFlight = ring.inFlight,
      queued = ring.queued;
    const t0 = performance.now();
    const closing = ring.close();
    const after = handled(ring.nop());
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<string>((res) => (timer = setTimeout(() => res('hung'), 5000)));
    const outcome = await Promise.race([
      Promise.all([closing, Promise.allSettled(ops.map((o) => o[1])), first, pollFirst]).then(() => 'closed'),
      hung,
    ]);
    clearTimeout(timer);
    check(outcome === 'closed', 'close() or an op in flight did not settle within 5 s');
    const settled = await Promise.allSettled(ops.map((o) => o[1]));
    for (let i = 0; i < ops.length; i++) {
      const bad = ops[i]![2](settled[i]!);
      check(bad === null, `at close, ${ops[i]![0]}: ${bad}`);
    }
    check((await first).done === true, 'the multishot read yielded a value at close');
    check((await pollFirst).done === true, 'the multishot poll yielded a value at close');
    const e = await rejects(after, 'an op started after close()');
    check(isCode(e, 'ERR_URING_CLOSED'), `an op started after close(): ${describe(e)}`);
    check(ring.inFlight === 0 && ring.queued === 0, `after close: inFlight ${ring.inFlight}, queued ${ring.queued}`);
    check(ring.closed, 'the ring does not say it is closed');
    br.unregister();
    for (const [r, w] of extra) {
      closeFd(r);
      closeFd(w);
    }
    return `close with ${inFlight} in flight and ${queued} queued took ${(performance.now() - t0).toFixed(1)} ms`;
  }
}

const VARIANTS: Variant[] = [
  { name: 'ring of 8, copy mode', opts: { entries: 8 } },
  { name: 'ring of 16, in place', opts: { entries: 16, inPlace: true } },
  { name: 'default ring, copy mode', opts: {} },
  { name: 'default ring, in place', opts: { inPlace: true } },
  // The other completion paths: task work deferred to the ring's own enters (an eventfd wakes the loop), and the
  // threadpool engine (a blocking io_uring_enter on a libuv worker).
  { name: 'ring of 16, DEFER_TASKRUN', opts: { entries: 16, flags: SETUP.SINGLE_ISSUER | SETUP.DEFER_TASKRUN } },
  { name: 'ring of 8, threadpool engine', opts: { entries: 8, engine: 'threadpool' } },
];

if (!unavailable('io-uring-stress')) {
  VARIANTS.forEach((v, vi) => {
    if (ONLY && !ONLY.includes(vi)) return;
    const budget = Math.max(1, Math.round(OPS / VARIANTS.length));
    test(`stress (${v.name}): ${budget} random ops, seed ${SEED}`, async () => {
      const seed = (SEED + vi * 0x9e3779b9) >>> 0;
      const dir = mkdtempSync(join(tmpdir(), 'uring-stress-'));
      const before = openFds();
      const t0 = performance.now();
      let ring: IoUring | undefined;
      let s: Stress | undefined;
      try {
        ring = await IoUring.create(v.opts);
        s = new Stress(ring, new Rng(seed), budget, dir);
        s.setup();
        await s.run();
        check(ring.inFlight === 0 && ring.queued === 0, `idle ring: inFlight ${ring.inFlight}, queued ${ring.queued}`);
        for (const l of s.lanes) check(l.consumed <= l.written, 'a lane read more than was written');
        // Every byte written into a lane's pipe is read once: the rest is still there, in order.
        for (const l of s.lanes)
          while (l.consumed < l.written) {
            const b = Buffer.alloc(l.written - l.consumed, 0xee);
            s.ops++;
            s.took(l, b, await ring.read(l.rd, b), 'final pipe read');
          }
        for (const f of s.files) sameBytes(readFileSync(f.path), f.model, `${f.path} against its model`);
        const closeNote = await s.closeWithOpsInFlight();
        s.teardown();
        const ms = performance.now() - t0;
        if (process.env.URING_STRESS_VERBOSE)
          console.log(
            `\n  ${v.name}: ${s.ops} ops in ${ms.toFixed(0)} ms (${Math.round((s.ops / ms) * 1000)} ops/s), most in flight ${s.maxInFlight}, most queued ${s.maxQueued}; ${closeNote}\n  scenarios ${JSON.stringify(s.counts)}`,
          );
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        err.message += `\n  replay: URING_STRESS_SEED=${SEED} URING_STRESS_OPS=${OPS} (variant "${v.name}", ops done ${s?.ops})`;
        console.error(`\n  io-uring-stress failed: seed ${SEED}, variant "${v.name}": ${err.message}`);
        // Scenarios cut short leave ops nobody awaits: closing the ring rejects them.
        process.on('unhandledRejection', () => {});
        if (ring && !ring.closed) await ring.close().catch(() => {});
        try {
          s?.teardown();
        } catch {}
        throw err;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      // An in-place ring's teardown sentinel (a pipe, shim/kernel/inplace-memory.ts) is closed by a timer once the
      // kernel has let go of the ring: give it up to 2 s.
      let leaked: [string, string][] = [];
      for (let t = 0; t < 100; t++) {
        leaked = [...openFds()].filter(([fd, target]) => before.get(fd) !== target);
        if (leaked.length === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      assert.equal(leaked, [], 'no fd leaked');
    });
  });
}

test.run();
