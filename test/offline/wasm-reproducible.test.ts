// The WASM core is reproducible: two builds of the same sources in two fresh folders give the same bytes,
// and those are the bytes of the committed wasm/uring.wasm (so the committed module is what core-c/ says).
// While core-c/ is being edited, run `make wasm` first.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function buildIn(dir: string): Uint8Array {
  cpSync(join(root, 'core-c'), join(dir, 'core-c'), { recursive: true });
  cpSync(join(root, 'Makefile'), join(dir, 'Makefile'));
  cpSync(join(root, 'scripts/wasm-exports.mjs'), join(dir, 'scripts/wasm-exports.mjs'));
  execFileSync('make', ['-s', '-C', dir, 'build/uring.wasm'], { stdio: 'pipe' });
  return readFileSync(join(dir, 'build/uring.wasm'));
}

test('two fresh builds are byte-identical and equal the committed wasm/uring.wasm', () => {
  const a = mkdtempSync(join(tmpdir(), 'uring-wasm-a-'));
  const b = mkdtempSync(join(tmpdir(), 'uring-wasm-b-'));
  try {
    const wa = buildIn(a);
    const wb = buildIn(b);
    assert.ok(wa.length > 1000, `build produced ${wa.length} bytes`);
    assert.is(sha(wa), sha(wb), 'two builds from the same sources differ');
    const committed = readFileSync(join(root, 'wasm/uring.wasm'));
    assert.is(sha(wa), sha(committed), 'wasm/uring.wasm is not the build of core-c/ (run make wasm)');
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});

test.run();
