// `make bench` must keep working: run each bench with tiny sizes (--quick) and check it prints its table
// (bench/run.ts: every workload and batch, ops/s for C and JS, ratios, kernel version and ring flags;
// bench/pipe-latency.ts: every reader's p50/p99; bench/echo.ts: every cell for both servers and the ratio rows)
// with sane numbers. Speed is not checked: benchmarks are not timed tests.
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
        cwd: root,
        encoding: 'utf8',
        timeout: 120_000,
      });
      assert.is(r.status, 0, `exit ${r.status}: ${r.stderr}${r.stdout}`);
      const text = r.stdout;
      assert.ok(text.includes(`kernel ${release()}`), text);
      assert.match(text, /ring 256 entries, flags none/);
      assert.match(
        text,
        /^\| workload +\| batch +\| C ops\/s +\| JS ops\/s +\| JS\/C +\| target +\| spread C\/JS +\|$/m,
      );
      const num = hasGcc ? String.raw`\d+(?:\.\d+)? [KM]` : String.raw`(?:\d+(?:\.\d+)? [KM]|n/a)`;
      const row = (what: string, batch: number) =>
        new RegExp(String.raw`^\| ${what} +\| ${batch} +\| ${num} +\| \d+(?:\.\d+)? [KM] +\| (?:\d+%|n/a) +\| `, 'm');
      for (const b of [1, 32, 256]) assert.match(text, row('nop', b), `nop batch ${b}\n${text}`);
      for (const b of [1, 32, 64, 256]) assert.match(text, row('read 4K', b), `read batch ${b}\n${text}`);
      assert.match(text, /^\| fs\.readSync +\| 1 +\| - +\| \d+(?:\.\d+)? [KM] /m);
      assert.match(text, /^\| fs\.read cb +\| 64 inflight +\| - +\| \d+(?:\.\d+)? [KM] /m);
      assert.match(text, /^\| fs\.promises +\| 64 inflight +\| - +\| \d+(?:\.\d+)? [KM] /m);
      assert.match(
        text,
        /^\| IoUring\.read +\| 64 inflight +\| - +\| \d+(?:\.\d+)? [KM] +\| (?:\d+%|n\/a) of C read@64, \d+\.\d\dx fs\.read cb +\| >=75% C (?:met|MISSED|\?), >=2\.5x fs\.read (?:met|MISSED) /m,
      );
      assert.match(text, /^async rows: IoUring defaults: setup flags \S+, engine .+$/m);
      assert.match(text, /^\| nop +\| 256 .*>=90% (?:met|MISSED|\?) /m);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  /** A number as the benches print it: 12, 1.50, 300, 12.3 K, 1.23 M. */
  const N = String.raw`\d+(?:\.\d+)?(?: [KM])?`;
  const value = (s: string) => {
    const m = /^(\d+(?:\.\d+)?)(?: ([KM]))?/.exec(s.trim());
    return m ? Number(m[1]) * (m[2] === 'M' ? 1e6 : m[2] === 'K' ? 1e3 : 1) : NaN;
  };
  const cells = (text: string, first: string) =>
    text
      .split('\n')
      .filter((l) => l.startsWith(`| ${first}`))
      .map((l) =>
        l
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim()),
      );

  test('bench/pipe-latency.ts --quick: p50 / p99 for IoUring.read, fs.read and net.Socket', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/pipe-latency.ts', '--quick', '--trips', '50'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.is(r.status, 0, `exit ${r.status}: ${r.stderr}${r.stdout}`);
    const text = r.stdout;
    assert.ok(text.includes(`kernel ${release()}`), text);
    assert.match(text, /IoUring defaults: setup flags \S+, engine .+/);
    assert.match(text, /^\| reader +\| p50 µs +\| p99 µs +\| IoUring p50 \/ this p50 +\| target +\|$/m);
    for (const name of ['IoUring.read', 'fs.read (callback)', 'net.Socket on the pipe']) {
      const row = text.split('\n').find((l) => l.startsWith(`| ${name} `));
      assert.ok(row, `row ${name}\n${text}`);
      const [, p50, p99, ratio, target] = row!
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
      // A round trip crosses at least a write and a wake-up (> 1 µs) and, on an idle-enough machine, < 100 ms.
      assert.ok(value(p50!) > 1 && value(p50!) < 100_000, `${name} p50 ${p50}`);
      assert.ok(value(p99!) >= value(p50!), `${name} p99 ${p99} >= p50 ${p50}`);
      if (name === 'IoUring.read') assert.match(target!, /^p50 <= 12 µs: (?:met|MISSED)$/);
      else assert.match(ratio!, /^\d+\.\d\dx$/);
    }
  });

  test('bench/echo.ts --quick: IoUring and node:net echo servers, ping-pong and streamed, ratios', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'bench/echo.ts', '--quick', '--conns', '1,4', '--duration', '100', '--warmup', '30'],
      { cwd: root, encoding: 'utf8', timeout: 90_000 },
    );
    assert.is(r.status, 0, `exit ${r.status}: ${r.stderr}${r.stdout}`);
    const text = r.stdout;
    assert.ok(text.includes(`kernel ${release()}`), text);
    assert.match(text, /IoUring defaults: setup flags \S+, engine .+/);
    assert.match(
      text,
      /^\| conns +\| mode +\| server +\| msgs\/s +\| p50 µs +\| p99 µs +\| server CPU µs\/msg +\| server CPU +\| gen CPU +\|$/m,
    );
    for (const conns of ['1', '4']) {
      for (const mode of ['ping-pong', 'streamed']) {
        const rows = cells(text, conns).filter((c) => c[1] === mode);
        assert.equal(
          rows.map((c) => c[2]),
          ['node:net', 'IoUring', 'IoUring/node:net'],
          `${conns} ${mode}\n${text}`,
        );
        for (const c of rows.slice(0, 2)) {
          assert.match(c[3]!, new RegExp(`^${N}(?: \\*)?$`), `msgs/s ${c[3]}`);
          assert.ok(value(c[3]!) > 10, `${conns} ${mode} ${c[2]}: ${c[3]} messages/s`);
          const cpu = value(c[6]!);
          assert.ok(cpu > 0 && cpu < 100_000, `server CPU per message ${c[6]} µs`);
          assert.match(c[7]!, /^\d+%$/);
          assert.match(c[8]!, /^\d+%$/);
          if (mode === 'ping-pong')
            assert.ok(value(c[4]!) > 1 && value(c[5]!) >= value(c[4]!), `p50 ${c[4]} p99 ${c[5]}`);
          else assert.equal([c[4], c[5]], ['-', '-']);
        }
        assert.match(rows[2]![3]!, /^\d+\.\d\dx$/);
        assert.match(rows[2]![6]!, /^\d+\.\d\dx$/);
      }
    }
  });
}

test.run();
