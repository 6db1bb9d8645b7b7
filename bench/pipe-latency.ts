// Pipe round-trip latency: how long from starting a read of an empty pipe until the caller has the byte, when
// the byte is written from the next setImmediate. Measures the completion path's wake-up: IoUring.read (the
// ring's engine) and IoUring.readMultishot (one read kept armed: no submit per round trip) against Node's fs.read
// (callback; a threadpool read) and a net.Socket on the pipe (libuv's epoll), in the same run, alternating, --reps
// times; p50 / p99 per rep, median (min-max) over reps.
//
//   npx tsx bench/pipe-latency.ts [--trips 3000] [--reps 3] [--flags default,defer] [--quick]
//
// --flags: one IoUring.read row per named setup flag set (bench/report.ts FLAG_SETS), all in the same run.
//
// The pipe is a FIFO (mkfifo) so that only node: APIs and the IoUring are used: the reader opens it O_RDWR (so
// it never blocks on open or sees EOF), the writer O_WRONLY; each variant gets its own open file description
// (net.Socket switches its fd to O_NONBLOCK, which would change the others' reads).
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, read as fsRead, rmSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IoUring } from '../shim/index.ts';
import { BufferRing } from '../shim/register/index.ts';
import {
  flagSetsArg,
  intArg,
  ioUringInfo,
  load,
  machine,
  median,
  quantile,
  quick,
  setupFlagNames,
  spread,
  table,
  times,
} from './report.ts';

const TRIPS = intArg('trips', quick ? 100 : 3000);
const REPS = intArg('reps', quick ? 1 : 3);
const WARM = Math.min(200, TRIPS);
const TARGET_P50_US = 12; // issue 7's target for the IoUring round trip
const SETS = flagSetsArg();

const ONE = Buffer.from([0x2a]);

/** `trips` round trips with `readOne` (which must start a 1-byte read and resolve when it completed); µs each. */
async function measure(wfd: number, readOne: () => Promise<number>, trips: number): Promise<Float64Array> {
  const t = new Float64Array(trips);
  const write = () => writeSync(wfd, ONE);
  for (let i = 0; i < trips; i++) {
    const t0 = performance.now();
    const p = readOne();
    setImmediate(write);
    if ((await p) !== 1) throw new Error('pipe read: expected 1 byte');
    t[i] = (performance.now() - t0) * 1000;
  }
  return t.sort();
}

type Variant = { name: string; run(fifo: string, wfd: number, trips: number): Promise<Float64Array> };

const ringName = (set: string) => (SETS.length === 1 && set === 'default' ? 'IoUring.read' : `IoUring.read [${set}]`);

const VARIANTS: Variant[] = [
  ...SETS.map(
    ({ name, flags }): Variant => ({
      name: ringName(name),
      async run(fifo, wfd, trips) {
        const ring = await IoUring.create(flags === undefined ? {} : { flags });
        const rfd = openSync(fifo, 'r+');
        const buf = Buffer.alloc(1);
        try {
          await measure(wfd, () => ring.read(rfd, buf), WARM);
          return await measure(wfd, () => ring.read(rfd, buf), trips);
        } finally {
          await ring.close();
          closeSync(rfd);
        }
      },
    }),
  ),
  {
    // The same wake-up without a submit per read: one multishot read stays armed (as a net.Socket's read
    // interest does), each round trip takes its next value.
    name: 'IoUring.readMultishot',
    async run(fifo, wfd, trips) {
      const ring = await IoUring.create();
      const rfd = openSync(fifo, 'r+');
      const br = BufferRing.setup(ring, { entries: 8, bgid: 1 });
      for (let i = 0; i < 8; i++) br.push(Buffer.alloc(64), i);
      const it = ring.readMultishot(rfd, br);
      const readOne = async () => {
        const r = await it.next();
        if (r.done) throw new Error('readMultishot ended');
        return (r.value as Buffer).length;
      };
      try {
        await measure(wfd, readOne, WARM);
        return await measure(wfd, readOne, trips);
      } finally {
        await it.return();
        br.unregister();
        await ring.close();
        closeSync(rfd);
      }
    },
  },
  {
    name: 'fs.read (callback)',
    async run(fifo, wfd, trips) {
      const rfd = openSync(fifo, 'r+');
      const buf = Buffer.alloc(1);
      const readOne = () =>
        new Promise<number>((res, rej) => fsRead(rfd, buf, 0, 1, null, (e, n) => (e ? rej(e) : res(n))));
      try {
        await measure(wfd, readOne, WARM);
        return await measure(wfd, readOne, trips);
      } finally {
        closeSync(rfd);
      }
    },
  },
  {
    name: 'net.Socket on the pipe',
    async run(fifo, wfd, trips) {
      const sock = new Socket({ fd: openSync(fifo, 'r+'), readable: true, writable: false });
      let waiting: ((n: number) => void) | null = null;
      sock.on('data', (d: Buffer) => {
        const w = waiting;
        waiting = null;
        w?.(d.length);
      });
      const readOne = () => new Promise<number>((res) => (waiting = res));
      try {
        await measure(wfd, readOne, WARM);
        return await measure(wfd, readOne, trips);
      } finally {
        sock.destroy(); // closes the fd
      }
    },
  },
];

async function main(): Promise<void> {
  console.log(`pipe round trip: ${machine()}; ${await ioUringInfo()}`);
  console.log(
    `start a 1-byte read of an empty pipe, write the byte from setImmediate, await the read; ${TRIPS} round trips x ${REPS} rep(s) after ${WARM} warm-up`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'uring-pipe-'));
  const fifo = join(dir, 'fifo');
  const mk = spawnSync('mkfifo', [fifo], { encoding: 'utf8' });
  if (mk.status !== 0) throw new Error(`mkfifo failed: ${mk.error?.message ?? mk.stderr}`);
  const keep = openSync(fifo, 'r+'); // a reader, so the writer's open does not block
  const wfd = openSync(fifo, 'w');
  const res = new Map<string, { p50: number[]; p99: number[] }>(VARIANTS.map((v) => [v.name, { p50: [], p99: [] }]));
  try {
    for (let rep = 0; rep < REPS; rep++) {
      const order = rep % 2 ? [...VARIANTS].reverse() : VARIANTS;
      for (const v of order) {
        const t = await v.run(fifo, wfd, TRIPS);
        res.get(v.name)!.p50.push(quantile(t, 0.5));
        res.get(v.name)!.p99.push(quantile(t, 0.99));
      }
    }
  } finally {
    closeSync(wfd);
    closeSync(keep);
    rmSync(dir, { recursive: true, force: true });
  }
  const first = ringName(SETS[0]!.name);
  const ring = res.get(first)!;
  const rows = VARIANTS.map((v) => {
    const r = res.get(v.name)!;
    const mine = v.name === first;
    return [
      v.name,
      spread(r.p50),
      spread(r.p99),
      mine
        ? '-'
        : spread(
            ring.p50.map((x, i) => x / r.p50[i]!),
            times,
          ),
      v.name.startsWith('IoUring')
        ? `p50 <= ${TARGET_P50_US} µs: ${median(r.p50) <= TARGET_P50_US ? 'met' : 'MISSED'}`
        : '-',
    ];
  });
  console.log(
    table(
      ['reader', 'p50 µs', 'p99 µs', `${first === 'IoUring.read' ? 'IoUring' : first} p50 / this p50`, 'target'],
      rows,
    ),
  );
  for (const { name, flags } of SETS)
    if (flags !== undefined) console.log(`[${name}]: setup flags ${setupFlagNames(flags)}`);
  console.log(`${load()} at the end`);
}

await main();
