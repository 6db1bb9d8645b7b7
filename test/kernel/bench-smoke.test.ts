// `make bench` must keep working: run bench/run.ts with a tiny op count (--quick) and check it prints the
// table (every workload and batch, ops/s for C and JS, ratios, kernel version and ring flags). Speed is not
// checked: benchmarks are not timed tests.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unavailable } from './_env.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const hasGcc = spawnSync('gcc', ['--version']).status === 0;

if (!unavailable('bench-smoke')) {
  test('bench/run.ts --quick prints a well-formed table', () => {
    const out = mkdtempSync(join(tmpdir(), 'uring-bench-smoke-'));
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--out', out], {
        cwd: root, encoding: 'utf8', timeout: 120_000,
      });
      assert.is(r.status, 0, `exit ${r.status}: ${r.stderr}${r.stdout}`);
      const text = r.stdout;
      assert.ok(text.includes(`kernel ${release()}`), text);
      assert.match(text, /ring 256 entries, flags none/);
      assert.match(text, /^\| workload +\| batch +\| C ops\/s +\| JS ops\/s +\| JS\/C +\| target +\| spread C\/JS +\|$/m);
      const num = hasGcc ? String.raw`\d+(?:\.\d+)? [KM]` : String.raw`(?:\d+(?:\.\d+)? [KM]|n/a)`;
      const row = (what: string, batch: number) =>
        new RegExp(String.raw`^\| ${what} +\| ${batch} +\| ${num} +\| \d+(?:\.\d+)? [KM] +\| (?:\d+%|n/a) +\| `, 'm');
      for (const b of [1, 32, 256]) assert.match(text, row('nop', b), `nop batch ${b}\n${text}`);
      for (const b of [1, 32, 64, 256]) assert.match(text, row('read 4K', b), `read batch ${b}\n${text}`);
      assert.match(text, /^\| fs\.readSync +\| 1 +\| - +\| \d+(?:\.\d+)? [KM] /m);
      assert.match(text, /^\| fs\.read cb +\| 64 inflight +\| - +\| \d+(?:\.\d+)? [KM] /m);
      assert.match(text, /^\| fs\.promises +\| 64 inflight +\| - +\| \d+(?:\.\d+)? [KM] /m);
      assert.match(text, /^\| nop +\| 256 .*>=90% (?:met|MISSED|\?) /m);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
}

test.run();
