// The ring benchmark and its record (`make bench`, docs/benchmarks.md): NOPs and cached 4 KiB random reads
// through the sync Ring (copy mode, in place, SQPOLL) and the async IoUring, each against a raw-syscall C loop
// doing the same work (bench/c/uring_bench.c, built here with gcc; plain, and busy-polling an SQPOLL ring for
// the SQPOLL rows) and, for the reads, fio's io_uring engine where fio is installed. Everything runs in this
// process tree, alternating: each rep runs every variant of every cell once, in an order rotated per rep, so
// machine noise hits all of them. Prints one table (medians of --reps runs with min-max) and writes
// <out>/results.json, one object per (workload, batch, mode). Not a test: nothing here passes or fails on speed.
//
//   npx tsx bench/run.ts [--reps 5] [--ms 250] [--quick] [--no-fio] [--sq-cpu N] [--out build/bench]
//
// --ms: the timed part of each run (after a warm-up of a fifth of it); --quick: 3 reps of 15 ms, a 1 MiB file;
// --sq-cpu: pin every SQPOLL ring's SQ thread to CPU N (IORING_SETUP_SQ_AFF; C loop, Ring and fio alike).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, read as fsRead, readSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IoUring } from '../shim/index.ts';
import { KernelBackend } from '../shim/kernel/backend.ts';
import { InPlaceBackend } from '../shim/kernel/inplace.ts';
import { addressOf } from '../shim/sys/memory.ts';
import { loadCore } from '../ts/core/load-node.ts';
import { Ring, SETUP } from '../ts/ring/ring.ts';
import { intArg, ioUringInfo, load, machine, median, num, quick, strArg, table } from './report.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

const REPS = intArg('reps', quick ? 3 : 5);
const MS = intArg('ms', quick ? 15 : 250);
const NO_FIO = process.argv.includes('--no-fio');
const outDir = strArg('out', join(root, 'build', 'bench'));
const SQ_CPU = sqCpuArg();
/** Setup flags of the SQPOLL rings: SQ_AFF too with --sq-cpu. */
const SQPOLL_FLAGS = SQ_CPU === undefined ? SETUP.SQPOLL : SETUP.SQPOLL | SETUP.SQ_AFF;

function sqCpuArg(): number | undefined {
  const s = strArg('sq-cpu', '');
  if (s === '') return undefined;
  const v = Number(s);
  if (!Number.isInteger(v) || v < 0 || v >= cpus().length)
    throw new RangeError(`--sq-cpu must be a CPU number below ${cpus().length} (this machine's CPUs), got ${s}`);
  return v;
}
const ENTRIES = 256;
const FILE_BYTES = quick ? 1 << 20 : 64 << 20;
const BLOCK = 4096;

export type Workload = 'nop' | 'read4k';
export type Mode = 'copy' | 'inplace' | 'sqpoll' | 'async';
const MODES: readonly Mode[] = ['copy', 'inplace', 'sqpoll', 'async'];
const CELLS: readonly { workload: Workload; batch: number }[] = [
  { workload: 'nop', batch: 1 },
  { workload: 'nop', batch: 32 },
  { workload: 'nop', batch: 256 },
  { workload: 'read4k', batch: 64 },
  { workload: 'read4k', batch: 256 },
];

/** One row of results.json (docs/benchmarks.md). */
export interface Result {
  workload: Workload;
  /** SQEs per submit for the sync modes; ops in flight for async (and fio's iodepth). */
  batch: number;
  mode: Mode;
  /** Medians over the reps, and the slowest / fastest rep. */
  ops_per_s: number;
  ops_per_s_min: number;
  ops_per_s_max: number;
  /** The C loop at the same workload and batch: busy-polling an SQPOLL ring for mode sqpoll, else plain. */
  c_loop: 'plain' | 'sqpoll';
  c_ops_per_s: number;
  c_ops_per_s_min: number;
  c_ops_per_s_max: number;
  /** ops_per_s / c_ops_per_s; min / max of the per-rep ratios (each rep's runs ran back to back). */
  ratio: number;
  ratio_min: number;
  ratio_max: number;
  /** read4k with fio installed: fio's io_uring engine at iodepth = batch (with --sqthread_poll for sqpoll). */
  fio_ops_per_s?: number;
  fio_ops_per_s_min?: number;
  fio_ops_per_s_max?: number;
  /** read4k, mode async: Node's fs.read (callbacks, the libuv threadpool) with `batch` reads in flight. */
  fs_read_ops_per_s?: number;
  fs_read_ops_per_s_min?: number;
  fs_read_ops_per_s_max?: number;
  reps: number;
}

// ---- the peers: the C loop and fio, each its own process ----

function buildC(): string {
  const src = join(root, 'bench', 'c', 'uring_bench.c');
  const bin = join(outDir, 'uring_bench');
  mkdirSync(outDir, { recursive: true });
  if (existsSync(bin) && statSync(bin).mtimeMs >= statSync(src).mtimeMs) return bin;
  const r = spawnSync('gcc', ['-O2', '-Wall', '-Wextra', '-o', bin, src], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench: the C loop did not build (gcc: ${r.error?.message ?? r.stderr.trim()})`);
  return bin;
}

function runC(bin: string, w: Workload, batch: number, sqpoll: boolean, file: string): number {
  const args = [w === 'nop' ? 'nop' : 'read', String(batch), String(MS), String(ENTRIES)];
  args.push(sqpoll ? `${SQPOLL_FLAGS}${SQ_CPU === undefined ? '' : `:${SQ_CPU}`}` : '0');
  if (w === 'read4k') args.push(file, String(FILE_BYTES));
  const r = spawnSync(bin, args, { encoding: 'utf8' });
  const m = /^\w+ \d+ (\d+) (\d+) 0$/m.exec(r.stdout ?? '');
  if (r.status !== 0 || !m)
    throw new Error(`C loop failed (${args.join(' ')}): exit ${r.status} ${r.stderr}${r.stdout}`);
  return Number(m[1]) / (Number(m[2]) / 1e9);
}

/** fio's version, or why it does not run. */
function fioVersion(): { version?: string; why?: string } {
  if (NO_FIO) return { why: 'off (--no-fio)' };
  const r = spawnSync('fio', ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) return { why: 'not installed (scripts/deps.sh --bench installs it)' };
  return { version: r.stdout.trim() };
}

/** fio's io_uring engine, 4 KiB random reads of the cached file, submitting and reaping `depth` at a time like
 *  the C loop; gtod_reduce: no clock read per I/O (IOPS only). IOPS from its JSON. */
function runFio(depth: number, sqpoll: boolean, file: string): number {
  const args = [
    '--name=read4k',
    '--ioengine=io_uring',
    `--filename=${file}`,
    `--size=${FILE_BYTES}`,
    '--rw=randread',
    '--bs=4k',
    `--iodepth=${depth}`,
    `--iodepth_batch_submit=${depth}`,
    `--iodepth_batch_complete_min=${depth}`,
    `--iodepth_batch_complete_max=${depth}`,
    '--direct=0',
    '--invalidate=0', // keep the page cache: the reads are cached ones
    '--norandommap',
    '--randrepeat=0',
    '--gtod_reduce=1',
    '--time_based',
    `--runtime=${MS}ms`,
    `--ramp_time=${Math.max(1, Math.round(MS / 5))}ms`,
    `--sqthread_poll=${sqpoll ? 1 : 0}`,
    ...(sqpoll && SQ_CPU !== undefined ? [`--sqthread_poll_cpu=${SQ_CPU}`] : []),
    '--output-format=json',
  ];
  const r = spawnSync('fio', args, { encoding: 'utf8' });
  const at = (r.stdout ?? '').indexOf('{');
  let iops = NaN;
  try {
    const job = JSON.parse(r.stdout.slice(at)).jobs[0];
    if (job.error === 0) iops = Number(job.read.iops);
  } catch {}
  if (r.status !== 0 || !(iops > 0)) throw new Error(`fio failed (${args.join(' ')}): exit ${r.status} ${r.stderr}`);
  return iops;
}

// ---- the JS side ----

const core = loadCore();

let rng = 2463534242;
function xorshift(): number {
  rng ^= rng << 13;
  rng ^= rng >>> 17;
  rng ^= rng << 5;
  return rng >>> 0;
}

/** `n` page-aligned 4 KiB buffers in one Buffer (the C side uses posix_memalign: a read into a misaligned
 *  buffer spans two pages and copies markedly slower, which would measure the buffer, not the ring). */
function aligned(n: number): Buffer {
  const raw = Buffer.alloc((n + 1) * BLOCK, 1); // written once: no page faults inside the timed loop
  const skip = (BLOCK - (addressOf(raw) % BLOCK)) % BLOCK;
  return raw.subarray(skip, skip + n * BLOCK);
}

/** Runs `step` (one batch of `batch` ops) for MS after a warm-up of MS / 5 (V8 optimises the loop meanwhile),
 *  reading the clock once per >= 256 ops as the C loop does. Ops per second. */
function timedSync(batch: number, step: () => void): number {
  const every = batch >= 256 ? 1 : (256 / batch) | 0;
  const warmUntil = performance.now() + MS / 5;
  let done = 0,
    start = 0,
    t0 = 0,
    end = 0;
  for (let k = 0; ; k++) {
    if (k % every === 0) {
      const t = performance.now();
      if (t0 === 0) {
        if (t >= warmUntil && done > 0) {
          t0 = t;
          start = done;
          end = t + MS;
        }
      } else if (t >= end) return (done - start) / ((t - t0) / 1e3);
    }
    step();
    done += batch;
  }
}

/** The SQ thread's idle time (ms) on every SQPOLL ring here, the C loop's included: it never sleeps mid-run. */
const SQ_THREAD_IDLE = 2000;

/** A ring for a sync mode: copy (KernelBackend), in place (InPlaceBackend in the core's memory), or an SQPOLL
 *  ring in copy mode with `busyPoll: true` (submit without entering, wait by polling the CQ tail). */
function makeRing(mode: Exclude<Mode, 'async'>): Ring {
  if (mode === 'inplace') return new Ring(core, InPlaceBackend.setup({ core, entries: ENTRIES }));
  if (mode === 'copy') return new Ring(core, KernelBackend.setup({ entries: ENTRIES }));
  const backend = KernelBackend.setup({
    entries: ENTRIES,
    flags: SQPOLL_FLAGS,
    sqThreadIdle: SQ_THREAD_IDLE,
    sqThreadCpu: SQ_CPU ?? 0,
  });
  return new Ring(core, backend, { busyPoll: true });
}

/** One sync-mode run: stage `batch` SQEs, submit and wait for all, reap them checking each res. Batch 1 goes
 *  through the per-op path (`ring.prep.nop`, `ring.unsafePrep.read`); larger batches through the batched one,
 *  one `ring.prepMany` per batch (the arguments written into a Float64Array, as the C loop fills its SQEs). */
function syncRun(mode: Exclude<Mode, 'async'>, w: Workload, batch: number, fd: number, blocks: number): number {
  const ring = makeRing(mode);
  const bufs = aligned(w === 'read4k' ? batch : 0);
  // Raw addresses (unsafePrep, prepMany), as the C loop uses them (`bufs` outlives every op): this row measures
  // the Ring against C; the cost of passing views (pinned until their CQE) is bench/micro.ts's readobj.
  const base = w === 'read4k' ? addressOf(bufs) : 0;
  const want = w === 'read4k' ? BLOCK : 0;
  let bad = 0;
  let stage: () => void;
  if (batch === 1) {
    const nop = ring.prep.nop;
    const read = ring.unsafePrep.read;
    const o = { userData: 0 };
    const r = { fd, buf: base, nbytes: BLOCK, offset: 0, userData: 0 };
    stage =
      w === 'nop'
        ? () => void nop(o)
        : () => {
            r.offset = (xorshift() % blocks) * BLOCK;
            read(r);
          };
  } else if (w === 'nop') {
    const args = new Float64Array(batch); // userData per op, all 0 as in the per-op rows
    stage = () => void ring.prepMany('nop', args, batch);
  } else {
    const args = new Float64Array(batch * 5); // fd, buf, nbytes, offset, userData
    for (let i = 0; i < batch; i++) args.set([fd, base + i * BLOCK, BLOCK, 0, i], i * 5);
    stage = () => {
      for (let k = 3; k < batch * 5; k += 5) args[k] = (xorshift() % blocks) * BLOCK;
      ring.prepMany('read', args, batch);
    };
  }
  const step = () => {
    stage();
    ring.submitAndWait(batch);
    for (let got = 0; got < batch; ) {
      const b = ring.copyCqes(batch - got);
      for (let i = 0; i < b.count; i++) if (b.res[i] !== want) bad++;
      got += b.count;
    }
  };
  try {
    const rate = timedSync(batch, step);
    if (bad) throw new Error(`${mode} ${w} batch ${batch}: ${bad} CQEs with a res other than ${want}`);
    return rate;
  } finally {
    ring.close();
    void bufs;
  }
}

/** `inflight` workers, each awaiting one op at a time, for MS after a warm-up of MS / 5. Ops per second. */
async function timedAsync(inflight: number, one: (buf: Buffer) => Promise<void>): Promise<number> {
  const warmUntil = performance.now() + MS / 5;
  let done = 0,
    start = 0,
    t0 = 0,
    end = 0,
    stopped = 0,
    ops = 0;
  const worker = async () => {
    const buf = aligned(1);
    while (stopped === 0) {
      await one(buf);
      if (++done % 64 === 0 && stopped === 0) {
        const t = performance.now();
        if (t0 === 0) {
          if (t >= warmUntil) {
            t0 = t;
            start = done;
            end = t + MS;
          }
        } else if (t >= end) {
          stopped = t;
          ops = done - start;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: inflight }, worker));
  return ops / ((stopped - t0) / 1e3);
}

/** The async IoUring (default options: its engine and flags), `batch` ops in flight. */
async function asyncRun(w: Workload, batch: number, fd: number, blocks: number): Promise<number> {
  const ring = await IoUring.create({ entries: ENTRIES });
  try {
    if (w === 'nop')
      return await timedAsync(batch, async () => {
        if ((await ring.nop()) !== 0) throw new Error('async NOP: res not 0');
      });
    return await timedAsync(batch, async (buf) => {
      if ((await ring.read(fd, buf, (xorshift() % blocks) * BLOCK)) !== BLOCK) throw new Error('async read: short');
    });
  } finally {
    await ring.close();
  }
}

/** Node's fs.read (callback form), `batch` reads in flight: the baseline the async rows replace. */
function fsReadRun(batch: number, fd: number, blocks: number): Promise<number> {
  return timedAsync(
    batch,
    (buf) =>
      new Promise<void>((resolve, reject) =>
        fsRead(fd, buf, 0, BLOCK, (xorshift() % blocks) * BLOCK, (err, got) =>
          err || got !== BLOCK ? reject(err ?? new Error('fs.read: short')) : resolve(),
        ),
      ),
  );
}

// ---- the run ----

/** What one cell measures each rep: a name and a run returning ops/s. */
interface Variant {
  key: string;
  run: () => number | Promise<number>;
}

function stats(a: readonly number[]): [number, number, number] {
  return [median(a), Math.min(...a), Math.max(...a)];
}

const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(0)}%` : 'n/a');
const range = (a: readonly number[], f: (v: number) => string) =>
  a.length < 2 ? f(median(a)) : `${f(median(a))} (${f(Math.min(...a))}-${f(Math.max(...a))})`;

/** Issue 10's targets (and issue 7's for the async reads), as printed in the table's last column. */
function target(r: Result): string {
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const fio = r.fio_ops_per_s;
  if (r.workload === 'nop' && r.batch === 1) {
    const t = { copy: 0.6, inplace: 0.7, sqpoll: 0.8, async: 0 }[r.mode];
    return t ? `>=${t * 100}% ${met(r.ratio >= t)}` : '-';
  }
  if (r.workload === 'nop' && r.batch === 256 && (r.mode === 'copy' || r.mode === 'inplace'))
    return `>=80% ${met(r.ratio >= 0.8)}`;
  if (r.workload === 'read4k' && (r.mode === 'copy' || r.mode === 'inplace'))
    return `>=95% ${met(r.ratio >= 0.95)}${fio === undefined ? '' : `, >=fio ${met(r.ops_per_s >= fio)}`}`;
  if (r.workload === 'read4k' && r.mode === 'async' && r.batch === 64 && r.fs_read_ops_per_s !== undefined) {
    const x = r.ops_per_s / r.fs_read_ops_per_s;
    return `>=75% ${met(r.ratio >= 0.75)}, ${x.toFixed(1)}x fs.read (>=2.5x ${met(x >= 2.5)})`;
  }
  return '-';
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const bin = buildC();
  const fio = fioVersion();
  const file = join(tmpdir(), `uring-bench-${process.pid}.dat`);
  writeFileSync(file, randomBytes(FILE_BYTES));
  const fd = openSync(file, 'r');
  const blocks = FILE_BYTES / BLOCK;
  {
    const b = Buffer.allocUnsafe(1 << 20);
    for (let at = 0; at < FILE_BYTES; at += b.length) readSync(fd, b, 0, b.length, at); // into the page cache
  }
  const samples = new Map<string, number[]>(); // `${workload}/${batch}/${variant}` -> ops/s per rep
  const put = (k: string, v: number) => {
    if (!Number.isFinite(v) || v <= 0) throw new Error(`bench: ${k} measured ${v} ops/s`);
    const a = samples.get(k) ?? [];
    a.push(v);
    samples.set(k, a);
  };
  try {
    for (let rep = 0; rep < REPS; rep++) {
      for (const { workload: w, batch } of CELLS) {
        const vs: Variant[] = [
          { key: 'c', run: () => runC(bin, w, batch, false, file) },
          { key: 'c-sqpoll', run: () => runC(bin, w, batch, true, file) },
          { key: 'copy', run: () => syncRun('copy', w, batch, fd, blocks) },
          { key: 'inplace', run: () => syncRun('inplace', w, batch, fd, blocks) },
          { key: 'sqpoll', run: () => syncRun('sqpoll', w, batch, fd, blocks) },
          { key: 'async', run: () => asyncRun(w, batch, fd, blocks) },
        ];
        if (w === 'read4k') {
          vs.push({ key: 'fs-read', run: () => fsReadRun(batch, fd, blocks) });
          if (fio.version) {
            vs.push({ key: 'fio', run: () => runFio(batch, false, file) });
            vs.push({ key: 'fio-sqpoll', run: () => runFio(batch, true, file) });
          }
        }
        // Rotate the order per rep: no variant always runs first (or right after a given other one).
        for (let i = 0; i < vs.length; i++) {
          const v = vs[(i + rep) % vs.length]!;
          put(`${w}/${batch}/${v.key}`, await v.run());
        }
      }
    }
  } finally {
    closeSync(fd);
    spawnSync('rm', ['-f', file]);
  }

  const results: Result[] = [];
  for (const { workload, batch } of CELLS) {
    const get = (k: string) => samples.get(`${workload}/${batch}/${k}`);
    for (const mode of MODES) {
      const js = get(mode)!;
      const cLoop = mode === 'sqpoll' ? 'sqpoll' : 'plain';
      const c = get(mode === 'sqpoll' ? 'c-sqpoll' : 'c')!;
      const [ops, opsMin, opsMax] = stats(js);
      const [cOps, cMin, cMax] = stats(c);
      const paired = js.map((v, i) => v / c[i]!);
      const r: Result = {
        workload,
        batch,
        mode,
        ops_per_s: ops,
        ops_per_s_min: opsMin,
        ops_per_s_max: opsMax,
        c_loop: cLoop,
        c_ops_per_s: cOps,
        c_ops_per_s_min: cMin,
        c_ops_per_s_max: cMax,
        ratio: ops / cOps,
        ratio_min: Math.min(...paired),
        ratio_max: Math.max(...paired),
        reps: js.length,
      };
      const f = get(mode === 'sqpoll' ? 'fio-sqpoll' : 'fio');
      if (f) [r.fio_ops_per_s, r.fio_ops_per_s_min, r.fio_ops_per_s_max] = stats(f);
      const fs = mode === 'async' ? get('fs-read') : undefined;
      if (fs) [r.fs_read_ops_per_s, r.fs_read_ops_per_s_min, r.fs_read_ops_per_s_max] = stats(fs);
      results.push(r);
    }
  }
  mkdirSync(outDir, { recursive: true });
  const json = join(outDir, 'results.json');
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);

  console.log(`uring bench: ${machine()}, ring ${ENTRIES} entries`);
  console.log(
    `${REPS} rep(s), each running every variant of every cell once (order rotated per rep), ${MS} ms per run after a ${Math.round(MS / 5)} ms warm-up; read4k: random 4 KiB reads of a ${FILE_BYTES >> 20} MiB file in the page cache`,
  );
  console.log(
    'modes: copy = Ring over KernelBackend; inplace = Ring over InPlaceBackend (IORING_SETUP_NO_MMAP); sqpoll = Ring over an SQPOLL ring, copy mode; async = IoUring, batch ops in flight',
  );
  console.log(
    `sync modes: batch 1 through ring.prep.nop / ring.unsafePrep.read (per op), larger batches through one ring.prepMany per batch`,
  );
  console.log(
    `sqpoll: the Ring's busyPoll option (submit enters only to wake the SQ thread, submitAndWait polls the CQ); its C loop busy-polls an SQPOLL ring, the others' C loop enters to submit and wait; SQ thread ${SQ_CPU === undefined ? 'not pinned (--sq-cpu N pins it)' : `pinned to CPU ${SQ_CPU}`}`,
  );
  console.log(
    `fio: ${fio.version ? `${fio.version}, io_uring engine, iodepth = batch, submitted and reaped batch at a time (--sqthread_poll on sqpoll rows)` : fio.why}`,
  );
  console.log(`async: ${await ioUringInfo()}`);
  const head = [
    'workload',
    'batch',
    'mode',
    'ops/s (min-max)',
    'C loop ops/s',
    'of C (min-max)',
    'fio ops/s',
    'target',
  ];
  const rows = results.map((r) => {
    const k = `${r.workload}/${r.batch}/`;
    const fio = samples.get(k + (r.mode === 'sqpoll' ? 'fio-sqpoll' : 'fio'));
    const paired = samples
      .get(k + r.mode)!
      .map((v, i) => v / samples.get(k + (r.c_loop === 'sqpoll' ? 'c-sqpoll' : 'c'))![i]!);
    return [
      r.workload,
      String(r.batch),
      r.mode,
      range(samples.get(k + r.mode)!, num),
      `${num(r.c_ops_per_s)}${r.c_loop === 'sqpoll' ? ' sqpoll' : ''}`,
      `${pct(r.ratio)} (${pct(Math.min(...paired))}-${pct(Math.max(...paired))})`,
      fio ? num(r.fio_ops_per_s!) : '-',
      target(r),
    ];
  });
  console.log(table(head, rows));
  console.log(
    `of C: median ops/s over the C loop's median; (min-max) of the per-rep ratios. Written to ${json}. ${load()} at the end; took ${((performance.now() - t0) / 1e3).toFixed(0)} s`,
  );
}

await main();
