// The sync Ring's own cost per op against its floors, alternating in one run (not part of `make bench`):
//   npx tsx bench/ring-cost.ts [--ops N] [--ms N] [--reps N] [--only name,name]
// Rows (NOPs; ns per op, median and min-max of the reps, ratio to the C loop of the same shape):
//   c-1 / c-256          build/bench/uring_bench nop (bench/c/uring_bench.c, raw syscalls) for --ms ms, batch 1 and 256
//   c-sqpoll             the same C loop on an SQPOLL ring: store the SQ tail, poll the CQ tail (never enters to wait)
//   bare-1               koffi's io_uring_enter in a loop, the NOP SQE written once, ring words through Atomics
//   copy-1 / inplace-1   ring.prep.nop + submitAndWait(1) + copyCqes (copy mode / in place)
//   copy-256 / inplace-256  256 × prep.nop, submitAndWait(256), copyCqes until 256
//   many-copy-256 / many-inplace-256  the same with one ring.prepMany('nop', ...) per batch
//   sqpoll-1             an SQPOLL ring with busyPoll: true, batch 1
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { KernelBackend } from '../shim/kernel/backend.ts';
import { InPlaceBackend } from '../shim/kernel/inplace.ts';
import { ioUringEnterNoArg } from '../shim/sys/libc.ts';
import { loadCore } from '../ts/core/load-node.ts';
import { ENTER, SETUP } from '../ts/constants.ts';
import { Ring } from '../ts/ring/ring.ts';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1]! : dflt;
};
const OPS = Number(opt('ops', '200000'));
const REPS = Number(opt('reps', '5'));
const ONLY = opt('only', '').split(',').filter(Boolean);
/** The C loop's timed milliseconds per run (it runs for a time, not a count). */
const MS = Number(opt('ms', '250'));

const C = 'build/bench/uring_bench';
const SRC = 'bench/c/uring_bench.c';
if (!existsSync(C) || statSync(C).mtimeMs < statSync(SRC).mtimeMs) {
  mkdirSync('build/bench', { recursive: true });
  execFileSync('gcc', ['-O2', '-o', C, SRC]);
}

function cRun(batch: number, flags: number): number {
  const out = execFileSync(C, ['nop', String(batch), String(MS), '256', String(flags)], { encoding: 'utf8' });
  const [, , ops, ns] = out.trim().split(/\s+/);
  return Number(ns) / Number(ops);
}

const core = loadCore();

/** ns per op of `body` run for OPS ops (after a warm-up of a tenth). */
function time(body: (n: number) => void): number {
  body(Math.max(1000, OPS >>> 3));
  const t0 = process.hrtime.bigint();
  body(OPS);
  return Number(process.hrtime.bigint() - t0) / OPS;
}

function bare(): number {
  const be = KernelBackend.setup({ entries: 256 });
  try {
    const stage = new Uint8Array(256 * 64); // zeroed: 256 NOPs (opcode 0)
    be.writeSqes(stage, 0, 0, 256);
    const fd = be.fd;
    let tail = be.sqHead();
    return time((n) => {
      for (let i = 0; i < n; i++) {
        tail = (tail + 1) >>> 0;
        be.setSqTail(tail);
        if (ioUringEnterNoArg(fd, 1, 1, ENTER.GETEVENTS) < 0) throw new Error('enter');
        be.setCqHead(be.cqTail());
      }
    });
  } finally {
    be.close();
  }
}

function ringOf(mode: 'copy' | 'inplace' | 'sqpoll'): Ring {
  if (mode === 'inplace') return new Ring(core, InPlaceBackend.setup({ core, entries: 256 }));
  if (mode === 'sqpoll')
    return new Ring(core, KernelBackend.setup({ entries: 256, flags: SETUP.SQPOLL, sqThreadIdle: 2000 }), {
      busyPoll: true,
    });
  return new Ring(core, KernelBackend.setup({ entries: 256 }));
}

function ringNop(mode: 'copy' | 'inplace' | 'sqpoll', batch: number, many: boolean): number {
  const ring = ringOf(mode);
  const nop = ring.prep.nop;
  const args = new Float64Array(batch).fill(0); // userData per op (nop: one word per op)
  const o = { userData: 0 };
  try {
    return time((n) => {
      for (let done = 0; done < n; done += batch) {
        if (many) {
          for (let i = 0; i < batch; i++) args[i] = done + i;
          ring.prepMany('nop', args, batch);
        } else
          for (let i = 0; i < batch; i++) {
            o.userData = done + i;
            nop(o);
          }
        ring.submitAndWait(batch);
        let got = 0;
        while (got < batch) got += ring.copyCqes(batch - got).count;
      }
    });
  } finally {
    ring.close();
  }
}

type Row = { name: string; run: () => number; base: string };
const rows: Row[] = [
  { name: 'c-1', run: () => cRun(1, 0), base: 'c-1' },
  { name: 'bare-1', run: bare, base: 'c-1' },
  { name: 'copy-1', run: () => ringNop('copy', 1, false), base: 'c-1' },
  { name: 'inplace-1', run: () => ringNop('inplace', 1, false), base: 'c-1' },
  { name: 'c-sqpoll', run: () => cRun(1, SETUP.SQPOLL), base: 'c-sqpoll' },
  { name: 'sqpoll-1', run: () => ringNop('sqpoll', 1, false), base: 'c-sqpoll' },
  { name: 'c-256', run: () => cRun(256, 0), base: 'c-256' },
  { name: 'copy-256', run: () => ringNop('copy', 256, false), base: 'c-256' },
  { name: 'inplace-256', run: () => ringNop('inplace', 256, false), base: 'c-256' },
  { name: 'many-copy-256', run: () => ringNop('copy', 256, true), base: 'c-256' },
  { name: 'many-inplace-256', run: () => ringNop('inplace', 256, true), base: 'c-256' },
];
const chosen = rows.filter((r) => ONLY.length === 0 || ONLY.includes(r.name));
const ns = new Map<string, number[]>(chosen.map((r) => [r.name, []]));
for (let rep = 0; rep < REPS; rep++) for (const r of chosen) ns.get(r.name)!.push(r.run());

const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
console.log(
  `${OPS} NOPs per run, ${REPS} reps alternating; ns/op median [min-max]; ratio = C ns / ns (median of per-rep ratios)`,
);
for (const r of chosen) {
  const a = ns.get(r.name)!;
  const b = ns.get(r.base);
  const ratios = b && r.base !== r.name ? a.map((x, i) => b[i]! / x) : [];
  const rs = ratios.length
    ? `  ${(med(ratios) * 100).toFixed(0)}% [${(Math.min(...ratios) * 100).toFixed(0)}-${(Math.max(...ratios) * 100).toFixed(0)}]`
    : '';
  console.log(
    `${r.name.padEnd(17)} ${med(a).toFixed(0).padStart(6)} ns [${Math.min(...a).toFixed(0)}-${Math.max(...a).toFixed(0)}]${rs}`,
  );
}
