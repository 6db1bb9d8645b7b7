// The main job (`make demo` runs examples/demo.ts): it exits 0 and prints what it checked — the probe, the
// 16 MiB copy's matching checksums, and uring/fs's 500 files read back with none mismatched, on io_uring.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { unavailable } from './_env.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

if (!unavailable('demo')) {
  test('examples/demo.ts: probe, a checked copy through the Ring, uring/fs files read back on io_uring', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'examples/demo.ts'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.is(r.status, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /^ +22 READ +5\.6 +supported$/m, 'the probe lists the ops');
    assert.match(r.stdout, /copied 16777216 bytes through io_uring/);
    const sums = [...r.stdout.matchAll(/sha256 (?:source|destination) +([0-9a-f]{64})/g)].map((m) => m[1]);
    assert.is(sums.length, 2);
    assert.is(sums[0], sums[1]);
    assert.match(r.stdout, /checksums match/);
    assert.match(r.stdout, /uring\/fs \(io_uring\): 500 files written and read back in [\d.]+ ms, 0 mismatched/);
  });
}

test.run();
