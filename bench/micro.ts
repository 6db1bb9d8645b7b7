// Quick JS-only loops for profiling the hot path (not part of `make bench`):
//   npx tsx bench/micro.ts nop|read|readobj <batch> <ops> [reps]
// read: raw addresses through ring.unsafePrep; readobj: the Buffers themselves through ring.prep (kept alive
// by the Ring until each read's CQE).
import { openSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { KernelBackend } from '../shim/kernel/backend.ts';
import { addressOf } from '../shim/sys/memory.ts';
import { loadCore } from '../ts/core/load-node.ts';
import { Ring } from '../ts/ring/ring.ts';

const [mode = 'nop', bs = '1', os = '1000000', rs = '5'] = process.argv.slice(2);
const batch = Number(bs),
  ops = Number(os),
  reps = Number(rs);
const core = loadCore();
const ring = new Ring(core, KernelBackend.setup({ entries: 256 }));
let fd = -1;
const blocks = 4096;
if (mode === 'read' || mode === 'readobj') {
  const f = '/tmp/uring-micro.dat';
  writeFileSync(f, randomBytes(blocks * 4096));
  fd = openSync(f, 'r');
}
const raw = Buffer.alloc((batch + 1) * 4096, 1);
const base = Math.ceil(addressOf(raw) / 4096) * 4096; // page-aligned, as the C baseline's posix_memalign
let rng = 2463534242;
const views = Array.from({ length: batch }, (_, i) => {
  const at = base - addressOf(raw) + i * 4096;
  return raw.subarray(at, at + 4096);
});
const nop = ring.prep.nop,
  read = ring.unsafePrep.read,
  readObj = ring.prep.read;
const be = ring.backend as KernelBackend;
let tail = be.sqHead(),
  chead = be.cqHead();
const stage = new Uint8Array(256 * 64);
for (let i = 0; i < 256; i++) stage[i * 64] = 0; // opcode NOP
const cqbuf = new Uint8Array(512 * 16);
function floor(n: number): number {
  let done = 0;
  while (done < n) {
    const slot = tail & 255;
    be.writeSqes(stage, slot * 64, slot, batch);
    tail = (tail + batch) >>> 0;
    be.setSqTail(tail);
    be.enter(batch, batch, 1);
    const t = be.cqTail();
    const c = (t - chead) >>> 0;
    be.readCqes(cqbuf, 0, chead & 511, Math.min(c, 512 - (chead & 511)));
    chead = t;
    be.setCqHead(t);
    done += batch;
  }
  return done;
}
function run(n: number): number {
  if (mode === 'floor') return floor(n);
  let done = 0;
  while (done < n) {
    if (mode === 'nop') for (let i = 0; i < batch; i++) nop({ userData: done + i });
    else if (mode === 'readobj')
      for (let i = 0; i < batch; i++) {
        rng ^= rng << 13;
        rng ^= rng >>> 17;
        rng ^= rng << 5;
        readObj({ fd, buf: views[i]!, nbytes: 4096, offset: ((rng >>> 0) % blocks) * 4096, userData: done + i });
      }
    else
      for (let i = 0; i < batch; i++) {
        rng ^= rng << 13;
        rng ^= rng >>> 17;
        rng ^= rng << 5;
        read({ fd, buf: base + i * 4096, nbytes: 4096, offset: ((rng >>> 0) % blocks) * 4096, userData: done + i });
      }
    ring.submitAndWait(batch);
    let got = 0;
    while (got < batch) got += ring.copyCqes(batch - got).count;
    done += batch;
  }
  return done;
}
run(ops >>> 3);
const r: number[] = [];
for (let k = 0; k < reps; k++) {
  const t0 = process.hrtime.bigint();
  const d = run(ops);
  r.push(d / (Number(process.hrtime.bigint() - t0) / 1e9));
}
r.sort((a, b) => a - b);
console.log(
  `${mode} batch ${batch}: median ${(r[r.length >> 1]! / 1e6).toFixed(2)} M/s  [${r.map((x) => (x / 1e6).toFixed(2)).join(' ')}]`,
);
ring.close();
