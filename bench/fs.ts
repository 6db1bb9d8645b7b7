// uring/fs against node:fs/promises and node:fs callbacks, in the same run (issue 11, item 4): each row's
// baselines run interleaved with it, `--reps` times (default 3); medians with their min-max spread, and the
// ratio to fs.promises.
//   readFile storm    10,000 files of 1-16 KiB, 64 at a time
//   random reads      FileHandle.read of 4 KiB at random offsets of a cached 64 MiB file, 64 in flight
//   writeFile         10,000 files of 1 KiB, 64 at a time
//   copyFile          one 256 MiB file
//   stat              10,000 paths, 64 at a time
// --quick: a tenth of the sizes (a smoke run). --rows readFile,read,writeFile,copyFile,stat: only those rows.
// The files live in a temporary directory removed at the end.
import * as cfs from 'node:fs';
import * as nfs from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as ufs from '../shim/fs/index.ts';
import { intArg, load, machine, median, quick, spread, strArg, table, times } from './report.ts';

const reps = intArg('reps', 3);
const ROWS = ['readFile', 'read', 'writeFile', 'copyFile', 'stat'];
const only = strArg('rows', ROWS.join(',')).split(',');
for (const r of only)
  if (!ROWS.includes(r)) throw new RangeError(`--rows: unknown row ${r} (rows: ${ROWS.join(', ')})`);
const scale = quick ? 10 : 1;
const FILES = 10_000 / scale;
const READS = 100_000 / scale;
const COPY_MB = quick ? 16 : 256;
const CONC = 64;

/** Run fn(0..n-1), `conc` at a time. */
async function pool(n: number, conc: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < n) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(conc, n) }, worker));
}

async function rate(n: number, body: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await body();
  return n / ((performance.now() - t0) / 1000);
}

type Impl = { name: string; run: () => Promise<number> };
interface Row {
  key: string;
  label: string;
  unit: string;
  impls: Impl[];
}

const dir = cfs.mkdtempSync(join(tmpdir(), 'uring-fs-bench-'));
const small = join(dir, 'small');
cfs.mkdirSync(small);
let seed = 12345;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed;
};
const names: string[] = [];
for (let i = 0; i < FILES; i++) {
  const p = join(small, `f${i}`);
  cfs.writeFileSync(p, Buffer.alloc(1024 + (rnd() % (15 * 1024 + 1)), i & 0xff));
  names.push(p);
}
const big = join(dir, 'big');
cfs.writeFileSync(big, Buffer.alloc(64 << 20, 1));
const copySrc = join(dir, 'copy-src');
{
  const chunk = Buffer.alloc(1 << 20, 2);
  const fd = cfs.openSync(copySrc, 'w');
  for (let i = 0; i < COPY_MB; i++) cfs.writeSync(fd, chunk);
  cfs.closeSync(fd);
}
const offsets = Array.from({ length: READS }, () => (rnd() % ((64 << 20) / 4096)) * 4096);

const cbReadFile = promisify(cfs.readFile),
  cbWriteFile = promisify(cfs.writeFile),
  cbStat = promisify(cfs.stat),
  cbCopy = promisify(cfs.copyFile),
  cbRead = promisify(cfs.read);

const out = join(dir, 'out');
const payload = Buffer.alloc(1024, 3);
let wround = 0;
// The write rows start from a clean disk: the previous run's dirty pages and journal (10,000 files made and
// removed, or 256 MiB copied) are written back first, or their writeback lands on whichever run comes next.
const settle = () => spawnSync('sync');
const writeRun = (write: (p: string) => Promise<unknown>) => async () => {
  const d = join(out, `w${wround++}`);
  cfs.mkdirSync(d, { recursive: true });
  settle();
  const r = await rate(FILES, () => pool(FILES, CONC, (i) => write(join(d, `f${i}`))));
  cfs.rmSync(d, { recursive: true });
  return r;
};
const copyRun = (copy: (a: string, b: string) => Promise<unknown>) => async () => {
  const dst = join(dir, 'copy-dst');
  settle();
  const t0 = performance.now();
  await copy(copySrc, dst);
  const s = (performance.now() - t0) / 1000;
  cfs.rmSync(dst);
  return COPY_MB / s;
};
const randomReads = (read: (buf: Buffer, pos: number) => Promise<unknown>) => async () => {
  let k = 0;
  const bufs = Array.from({ length: CONC }, () => Buffer.alloc(4096));
  return rate(READS, () =>
    Promise.all(
      bufs.map(async (b) => {
        while (k < READS) await read(b, offsets[k++]!);
      }),
    ).then(() => {}),
  );
};

const uh = await ufs.open(big);
const nh = await nfs.open(big);
const cfd = cfs.openSync(big, 'r');
const rows: Row[] = [
  {
    key: 'readFile',
    label: `readFile, ${FILES} files of 1-16 KiB, ${CONC} at a time`,
    unit: 'files/s',
    impls: [
      { name: 'uring/fs', run: () => rate(FILES, () => pool(FILES, CONC, (i) => ufs.readFile(names[i]!))) },
      { name: 'fs.promises', run: () => rate(FILES, () => pool(FILES, CONC, (i) => nfs.readFile(names[i]!))) },
      { name: 'fs callbacks', run: () => rate(FILES, () => pool(FILES, CONC, (i) => cbReadFile(names[i]!))) },
    ],
  },
  {
    key: 'read',
    label: `FileHandle.read 4 KiB at random offsets (cached), ${CONC} in flight`,
    unit: 'reads/s',
    impls: [
      { name: 'uring/fs', run: randomReads((b, p) => uh.read(b, 0, 4096, p)) },
      { name: 'fs.promises', run: randomReads((b, p) => nh.read(b, 0, 4096, p)) },
      { name: 'fs.read', run: randomReads((b, p) => cbRead(cfd, b, 0, 4096, p)) },
    ],
  },
  {
    key: 'writeFile',
    label: `writeFile, ${FILES} files of 1 KiB, ${CONC} at a time`,
    unit: 'files/s',
    impls: [
      { name: 'uring/fs', run: writeRun((p) => ufs.writeFile(p, payload)) },
      { name: 'fs.promises', run: writeRun((p) => nfs.writeFile(p, payload)) },
      { name: 'fs callbacks', run: writeRun((p) => cbWriteFile(p, payload)) },
    ],
  },
  {
    key: 'copyFile',
    label: `copyFile of a ${COPY_MB} MiB file`,
    unit: 'MiB/s',
    impls: [
      { name: 'uring/fs', run: copyRun(ufs.copyFile) },
      { name: 'fs.promises', run: copyRun(nfs.copyFile) },
      { name: 'fs callbacks', run: copyRun(cbCopy) },
    ],
  },
  {
    key: 'stat',
    label: `stat, ${FILES} paths, ${CONC} at a time`,
    unit: 'stats/s',
    impls: [
      { name: 'uring/fs', run: () => rate(FILES, () => pool(FILES, CONC, (i) => ufs.stat(names[i]!))) },
      { name: 'fs.promises', run: () => rate(FILES, () => pool(FILES, CONC, (i) => nfs.stat(names[i]!))) },
      { name: 'fs callbacks', run: () => rate(FILES, () => pool(FILES, CONC, (i) => cbStat(names[i]!))) },
    ],
  },
];

console.log(`bench/fs.ts: uring/fs vs node:fs, ${reps} reps${quick ? ' (--quick)' : ''}; ${machine()}; ${load()}`);
const lines: string[][] = [];
try {
  for (const row of rows) {
    if (!only.includes(row.key)) continue;
    const samples = row.impls.map(() => [] as number[]);
    for (const impl of row.impls) await impl.run(); // warm-up: page cache, JIT, the default ring
    for (let r = 0; r < reps; r++)
      for (let i = 0; i < row.impls.length; i++) {
        // Rotate the order each rep so no implementation always runs first.
        const j = (i + r) % row.impls.length;
        samples[j]!.push(await row.impls[j]!.run());
      }
    const base = median(samples[1]!);
    row.impls.forEach((impl, i) => {
      lines.push([
        i === 0 ? row.label : '',
        impl.name,
        `${spread(samples[i]!)} ${row.unit}`,
        i === 1 ? '1.00x' : times(median(samples[i]!) / base),
      ]);
    });
  }
} finally {
  await uh.close();
  await nh.close();
  cfs.closeSync(cfd);
  cfs.rmSync(dir, { recursive: true, force: true });
}
console.log(table(['workload', 'implementation', 'median (min-max)', 'vs fs.promises'], lines));
console.log(`(${load()})`);
