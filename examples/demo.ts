// The main job: what this kernel's io_uring offers, then a file copied through the ring — reads and writes
// encoded by the WASM core, submitted in batches, completions parsed in bulk — with its checksum checked, then
// uring/fs (node:fs/promises on io_uring) writing and reading back small files, each checked.
import { createHash, randomFillSync } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadCore } from '../ts/core/load-node.ts';
import { Ring } from '../ts/ring/ring.ts';
import { KernelBackend } from '../shim/kernel/backend.ts';
import { ioUringAvailability } from '../shim/kernel/availability.ts';
import { errnoName } from '../ts/errors.ts';
import * as ufs from '../shim/fs/index.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
// `make demo | head` ends quietly, as `uring probe | head` does.
process.stdout.on('error', (e: NodeJS.ErrnoException) => process.exit(e.code === 'EPIPE' ? 0 : 1));

// 1. The probe (the same as `uring probe`).
const probe = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bin/cli.ts'), 'probe'], { encoding: 'utf8' });
process.stdout.write(probe.stdout);
const avail = ioUringAvailability();
if (!avail.ok) {
  console.error(`io_uring is unavailable: ${avail.reason}`);
  process.exit(1);
}

// 2. Copy a 16 MiB file through the ring: 32 reads of 64 KiB in flight, each followed by its write.
const dir = mkdtempSync(join(tmpdir(), 'uring-demo-'));
const src = join(dir, 'src.bin');
const dst = join(dir, 'dst.bin');
const SIZE = 16 << 20;
const CHUNK = 64 << 10;
const DEPTH = 32;
writeFileSync(src, randomFillSync(Buffer.alloc(SIZE)));

const ring = new Ring(loadCore(), KernelBackend.setup({ entries: 2 * DEPTH }));
const bufs = Array.from({ length: DEPTH }, () => Buffer.alloc(CHUNK));
const inFd = openSync(src, 'r');
const outFd = openSync(dst, 'w');
const t0 = performance.now();
let reads = 0,
  writes = 0,
  copied = 0;
try {
  for (let off = 0; off < SIZE; off += CHUNK * DEPTH) {
    const n = Math.min(DEPTH, Math.ceil((SIZE - off) / CHUNK));
    // user_data: even = read of chunk i, odd = write of chunk i.
    for (let i = 0; i < n; i++)
      ring.prep.read({ fd: inFd, buf: bufs[i]!, nbytes: CHUNK, offset: off + i * CHUNK, userData: 2 * i });
    ring.submitAndWait(n);
    let done = 0;
    while (done < n) {
      const b = ring.copyCqes(1);
      for (let k = 0; k < b.count; k++) {
        const ud = b.userData(k);
        const res = b.res[k]!;
        if (res < 0) throw new Error(`${ud % 2 ? 'write' : 'read'} failed: ${errnoName(-res)}`);
        if (ud % 2 === 0) {
          reads++;
          const i = ud / 2;
          ring.prep.write({
            fd: outFd,
            buf: bufs[i]!,
            nbytes: res,
            offset: off + i * CHUNK,
            userData: ud + 1,
          });
        } else {
          writes++;
          copied += res;
          done++;
        }
      }
      ring.submit();
    }
  }
} finally {
  ring.close();
  closeSync(inFd);
  closeSync(outFd);
}
const ms = performance.now() - t0;
const sum = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
const [a, b] = [sum(src), sum(dst)];
console.log(
  `\ncopied ${copied} bytes through io_uring (${reads} reads, ${writes} writes, ${DEPTH} in flight) in ${ms.toFixed(1)} ms`,
);
console.log(`sha256 source      ${a}`);
console.log(`sha256 destination ${b}`);
const copyOk = a === b && statSync(dst).size === SIZE;
console.log(copyOk ? 'checksums match' : 'CHECKSUM MISMATCH');

// 3. uring/fs, node:fs/promises on io_uring: 500 small files written and read back, 64 at a time, each checked
//    against what node:fs reads from the disk.
const small = join(dir, 'small');
await ufs.mkdir(small, { recursive: true });
const files = Array.from({ length: 500 }, (_, i) => ({
  path: join(small, `f${i}`),
  data: randomFillSync(Buffer.alloc(1 + ((i * 997) % 8192))),
}));
const t1 = performance.now();
let next = 0,
  bad = 0;
await Promise.all(
  Array.from({ length: 64 }, async () => {
    while (next < files.length) {
      const f = files[next++]!;
      await ufs.writeFile(f.path, f.data);
      const back = await ufs.readFile(f.path);
      if (!back.equals(f.data) || !readFileSync(f.path).equals(f.data)) bad++;
    }
  }),
);
const fsMs = performance.now() - t1;
const how = ufs.fallbackReason() ?? 'io_uring';
console.log(`
uring/fs (${how}): ${files.length} files written and read back in ${fsMs.toFixed(1)} ms, ${bad} mismatched`);
const ok = copyOk && bad === 0;
rmSync(dir, { recursive: true, force: true });
process.exit(ok ? 0 : 1);
