// Differential: our C prep functions against liburing's io_uring_prep_* (Debian liburing-dev) on 10,000
// random inputs per helper, compiled natively with gcc. Every helper the installed liburing.h declares
// must have a case.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const INPUTS = 10000;

test('liburing differential: zero mismatches, every helper covered', () => {
  const srcs = readdirSync(`${root}/test/native/diff`)
    .filter((f) => f.endsWith('.c'))
    .map((f) => `test/native/diff/${f}`);
  execFileSync('bash', ['test/native/build.sh', 'build/diff', ...srcs], { cwd: root, stdio: 'inherit' });
  const run = spawnSync(`${root}/build/diff`, [String(INPUTS)], { encoding: 'utf8' });
  const out = run.stdout;
  const mismatches = out.split('\n').filter((l) => l.startsWith('MISMATCH') || / [1-9]\d* mismatches/.test(l));
  assert.equal(mismatches, [], out.slice(0, 4000));
  assert.is(run.status, 0, out.slice(-2000));
  const covered = new Set(
    [...out.matchAll(/^case (\w+): (\d+) inputs, 0 mismatches$/gm)].map((m) => {
      assert.is(Number(m[2]), INPUTS);
      return m[1]!;
    }),
  );
  const header = readFileSync('/usr/include/liburing.h', 'utf8');
  const helpers = [...header.matchAll(/static inline void io_uring_prep_(\w+)\s*\(/g)].map((m) => m[1]!);
  assert.ok(helpers.length >= 70, `found ${helpers.length} helpers in liburing.h`);
  const missing = [...new Set(helpers)].filter((h) => !covered.has(h));
  assert.equal(missing, [], `liburing helpers without a differential case: ${missing.join(' ')}`);
});

test.run();
