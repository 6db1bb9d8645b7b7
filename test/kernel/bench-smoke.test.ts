// `make bench` must keep working: run each bench with tiny sizes (--quick) and check what it prints and records
// (bench/run.ts: build/bench/results.json's rows, one per workload x batch x mode, every figure finite and
// positive, fio's figures exactly where fio ran, and the table; bench/pipe-latency.ts: every reader's p50/p99;
// bench/echo.ts: every cell for both servers and the ratio rows, with the C and the node:net load generator) with
// sane numbers; bench/c/echo_gen.c counts exactly what the server echoed and fails on a wrong byte. Speed is not checked:
// benchmarks are not timed tests.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEchoGen, CEchoGen } from '../../bench/echo-gen.ts';
import { unavailable } from './_env.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const hasFio = spawnSync('fio', ['--version']).status === 0;

/** bench/run.ts with `args` into a temp dir: its stdout and results.json. */
function runBench(args: string[]): { text: string; rows: Record<string, unknown>[] } {
  const out = mkdtempSync(join(tmpdir(), 'uring-bench-smoke-'));
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--out', out, ...args], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.is(r.status, 0, `exit ${r.status}: ${r.stderr}${r.stdout}`);
    return { text: r.stdout, rows: JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const CELLS = ['nop/1', 'nop/32', 'nop/256', 'read4k/64', 'read4k/256'];
const MODES = ['copy', 'inplace', 'sqpoll', 'async'];
const FIGURES = ['ops_per_s', 'c_ops_per_s', 'fio_ops_per_s', 'fs_read_ops_per_s'];

/** results.json: every (workload, batch, mode) once, in order; each figure a finite positive number with its
 *  min <= median <= max; ratio = ops / C; fio's figures on read rows iff fio ran; fs.read's on async reads. */
function checkRows(rows: Record<string, unknown>[], reps: number, fio: boolean): void {
  assert.ok(Array.isArray(rows), 'results.json is an array');
  assert.equal(
    rows.map((r) => `${r.workload}/${r.batch}/${r.mode}`),
    CELLS.flatMap((c) => MODES.map((m) => `${c}/${m}`)),
  );
  for (const r of rows) {
    const at = `${r.workload}/${r.batch}/${r.mode}`;
    const read = r.workload === 'read4k';
    const want = ['workload', 'batch', 'mode', 'c_loop', 'reps', 'ratio', 'ratio_min', 'ratio_max'];
    for (const f of FIGURES) {
      const has =
        f === 'ops_per_s' || f === 'c_ops_per_s' || (read && (f === 'fio_ops_per_s' ? fio : r.mode === 'async'));
      if (has) want.push(f, `${f}_min`, `${f}_max`);
    }
    assert.equal(Object.keys(r).sort(), want.sort(), `${at}: fields`);
    for (const [k, v] of Object.entries(r)) {
      if (typeof v !== 'number') continue;
      assert.ok(Number.isFinite(v) && v > 0, `${at}: ${k} = ${v}`);
    }
    for (const f of FIGURES.filter((f) => f in r)) {
      const [med, lo, hi] = [r[f], r[`${f}_min`], r[`${f}_max`]] as number[];
      assert.ok(lo! <= med! && med! <= hi!, `${at}: ${f} ${lo} <= ${med} <= ${hi}`);
    }
    const ratio = (r.ops_per_s as number) / (r.c_ops_per_s as number);
    assert.ok(Math.abs((r.ratio as number) - ratio) <= 1e-9 * ratio, `${at}: ratio ${r.ratio} vs ${ratio}`);
    assert.ok((r.ratio_min as number) <= (r.ratio_max as number), `${at}: ratio_min <= ratio_max`);
    assert.is(r.c_loop, r.mode === 'sqpoll' ? 'sqpoll' : 'plain', `${at}: c_loop`);
    assert.is(r.reps, reps, `${at}: reps`);
  }
}

/** The printed table: one row per results.json row, with its workload, batch and mode. */
function checkTable(text: string, rows: Record<string, unknown>[]): void {
  assert.ok(text.includes(`kernel ${release()}`), text);
  assert.match(text, /^async: IoUring defaults: setup flags \S+, engine .+$/m);
  assert.match(
    text,
    /^\| workload +\| batch +\| mode +\| ops\/s \(min-max\) +\| C loop ops\/s +\| of C \(min-max\) +\| fio ops\/s +\| target +\|$/m,
  );
  const lines = text.split('\n').filter((l) => /^\| (?:nop|read4k) /.test(l));
  assert.is(lines.length, rows.length, text);
  lines.forEach((l, i) => {
    const c = l.split('|').map((x) => x.trim());
    const r = rows[i]!;
    assert.equal(c.slice(1, 4), [r.workload, String(r.batch), r.mode], l);
    assert.match(c[5]!, r.mode === 'sqpoll' ? / sqpoll$/ : /^\d+(?:\.\d+)?(?: [KM])?$/, l);
    assert.match(c[6]!, /^\d+% \(\d+%-\d+%\)$/, l);
    assert.is(c[7] === '-', !('fio_ops_per_s' in r), l);
  });
}

if (!unavailable('bench-smoke')) {
  test(`bench/run.ts --quick: results.json and the table${hasFio ? ', with fio' : ' (fio not installed)'}`, () => {
    const { text, rows } = runBench([]);
    checkRows(rows, 3, hasFio);
    checkTable(text, rows);
    assert.match(text, hasFio ? /^fio: fio-\S+, io_uring engine/m : /^fio: not installed/m);
  });

  test('bench/run.ts --quick --no-fio: the read rows carry no fio figures', () => {
    const { text, rows } = runBench(['--no-fio', '--reps', '1', '--ms', '5']);
    checkRows(rows, 1, false);
    checkTable(text, rows);
    assert.match(text, /^fio: off \(--no-fio\)$/m);
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
    for (const name of ['IoUring.read', 'IoUring.readMultishot', 'fs.read (callback)', 'net.Socket on the pipe']) {
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

  test('bench/pipe-latency.ts and bench/echo.ts --flags coop,defer: one IoUring row per flag set, each set named', () => {
    const pipe = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'bench/pipe-latency.ts', '--quick', '--trips', '20', '--flags', 'coop,defer'],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    assert.is(pipe.status, 0, `exit ${pipe.status}: ${pipe.stderr}${pipe.stdout}`);
    for (const name of ['IoUring.read [coop]', 'IoUring.read [defer]'])
      assert.ok(
        pipe.stdout.split('\n').some((l) => l.startsWith(`| ${name} `)),
        `row ${name}\n${pipe.stdout}`,
      );
    assert.match(pipe.stdout, /^\[coop\]: setup flags COOP_TASKRUN\|TASKRUN_FLAG\|SINGLE_ISSUER$/m);
    assert.match(pipe.stdout, /^\[defer\]: setup flags TASKRUN_FLAG\|SINGLE_ISSUER\|DEFER_TASKRUN$/m);
    const echo = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'bench/echo.ts',
        '--quick',
        '--conns',
        '2',
        '--duration',
        '100',
        '--warmup',
        '30',
        '--flags',
        'coop,defer',
      ],
      { cwd: root, encoding: 'utf8', timeout: 90_000 },
    );
    assert.is(echo.status, 0, `exit ${echo.status}: ${echo.stderr}${echo.stdout}`);
    for (const mode of ['ping-pong', 'streamed']) {
      const rows = cells(echo.stdout, '2').filter((c) => c[1] === mode);
      assert.equal(
        rows.map((c) => c[2]),
        [
          'node:net',
          'IoUring [coop]',
          'IoUring [defer]',
          'IoUring [coop]/node:net',
          'IoUring [defer]/node:net',
          'IoUring [defer]/IoUring [coop]',
        ],
        `${mode}\n${echo.stdout}`,
      );
      for (const c of rows.slice(3)) assert.match(c[3]!, /^\d+\.\d\dx$/);
    }
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'bench/pipe-latency.ts', '--flags', 'coop,nope'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.is.not(bad.status, 0);
    assert.match(bad.stderr, /--flags must list names from default, coop, defer, plain, got nope/);
  });

  /** bench/echo.ts --quick with load generator `gen` (undefined: the default, the C one). */
  function echoBench(gen: 'c' | 'node' | undefined): void {
    const args = [
      '--import',
      'tsx',
      'bench/echo.ts',
      '--quick',
      '--conns',
      '1,4',
      '--duration',
      '100',
      '--warmup',
      '30',
    ];
    if (gen) args.push('--gen', gen);
    const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 90_000 });
    assert.is(r.status, 0, `exit ${r.status}: ${r.stderr}${r.stdout}`);
    const text = r.stdout;
    assert.ok(text.includes(`kernel ${release()}`), text);
    assert.match(text, /IoUring defaults: setup flags \S+, engine .+/);
    assert.match(text, gen === 'node' ? /^load generator: node:net /m : /^load generator: C \(bench\/c\/echo_gen\.c/m);
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
  }

  test('bench/echo.ts --quick (the C load generator): both servers, ping-pong and streamed, ratios', () =>
    echoBench(undefined));

  test('bench/echo.ts --quick --gen node: the same table with the node:net load generator', () => echoBench('node'));

  /** A node:net echo server in this process that counts the bytes it echoed; `corrupt`: flips one byte once
   *  more than 2 KiB went through. */
  async function countingServer(corrupt: boolean): Promise<{ port: number; bytes: () => number; close: () => void }> {
    let bytes = 0;
    const socks = new Set<Socket>();
    const srv = createServer((s) => {
      socks.add(s);
      s.on('data', (d) => {
        if (corrupt && bytes <= 2048 && bytes + d.length > 2048) {
          d = Buffer.from(d);
          d[d.length - 1]! ^= 1;
        }
        bytes += d.length;
        s.write(d);
      });
      s.on('error', () => {});
      s.on('close', () => socks.delete(s));
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    return {
      port: (srv.address() as { port: number }).port,
      bytes: () => bytes,
      close: () => {
        for (const s of socks) s.destroy();
        srv.close();
      },
    };
  }

  test('bench/c/echo_gen.c: counts every echoed message (the server echoed 64 bytes per message counted)', async () => {
    const srv = await countingServer(false);
    const gen = new CEchoGen(buildEchoGen());
    try {
      for (const [mode, conns] of [
        ['ping-pong', 3],
        ['streamed', 5],
      ] as const) {
        const before = srv.bytes();
        await gen.connect(srv.port, conns);
        const r = await gen.run(mode, 200, 8);
        await gen.close();
        assert.ok(r.messages > conns, `${mode}: ${r.messages} messages`);
        assert.is(srv.bytes() - before, r.messages * 64, `${mode}: bytes the server echoed`);
        assert.ok(r.ms >= 200 && r.ms < 10_000, `${mode}: ${r.ms} ms`);
        assert.ok(r.genUs >= 0, `${mode}: generator CPU ${r.genUs} µs`);
        if (mode === 'ping-pong') assert.ok(r.p50 > 0 && r.p99 >= r.p50, `p50 ${r.p50} p99 ${r.p99}`);
        else assert.ok(Number.isNaN(r.p50) && Number.isNaN(r.p99), 'streamed: no round trips');
      }
    } finally {
      await gen.stop();
      srv.close();
    }
  });

  test('bench/c/echo_gen.c: a server that echoes one wrong byte fails the run', async () => {
    for (const mode of ['ping-pong', 'streamed'] as const) {
      const srv = await countingServer(true);
      const gen = new CEchoGen(buildEchoGen());
      try {
        await gen.connect(srv.port, 2);
        const err = await gen.run(mode, 2000, 8).then(
          () => null,
          (e: Error) => e,
        );
        assert.ok(err, `${mode}: the run must fail`);
        assert.match(
          err!.message,
          /^C load generator: connection \d+, message \d+: wrong bytes echoed \(byte \d+ is \d+, sent \d+\)$/,
        );
      } finally {
        await gen.stop();
        srv.close();
      }
    }
  });
}

test.run();
