// `uring probe` as a user runs it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { release } from 'node:os';
import { unavailable } from './_env.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'bin/cli.ts', ...args], { cwd: root, encoding: 'utf8' });

if (!unavailable('cli')) {
  test('uring probe: kernel, features, setup flags, every opcode by name with its version', () => {
    const r = run('probe');
    assert.is(r.status, 0, r.stderr);
    assert.ok(r.stdout.includes(`kernel: Linux ${release()}`), r.stdout.slice(0, 200));
    assert.match(r.stdout, /io_uring: available/);
    assert.match(r.stdout, /^ {2}SINGLE_MMAP$/m);
    assert.match(r.stdout, /^ {2}SQPOLL +1<<1 +accepted$/m);
    assert.match(r.stdout, /^ +0 NOP +5\.1 +supported$/m);
    assert.match(r.stdout, /^ +22 READ +5\.6 +supported$/m);
    if (/^6\.18\./.test(release())) {
      assert.match(r.stdout, /^ +63 NOP128 +6\.19 +unsupported \(needs Linux 6\.19\)$/m);
      assert.match(r.stdout, /^ {2}SQE_MIXED +1<<19 +refused \(EINVAL; Linux 6\.19\)$/m);
    }
  });

  test('uring probe --json', () => {
    const r = run('probe', '--json');
    assert.is(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.is(j.available, true);
    assert.is(j.kernel.release, release());
    assert.is(j.ops[0].name, 'NOP');
    assert.is(j.ops[0].supported, true);
    assert.ok(j.features.names.includes('EXT_ARG'));
    assert.ok(j.setupFlags.find((f: { name: string }) => f.name === 'CQSIZE').accepted);
  });

  test('unknown commands and options exit 2 with usage', () => {
    const r = run('frobnicate');
    assert.is(r.status, 2);
    assert.match(r.stderr, /unknown command frobnicate/);
    assert.is(run('probe', '--bogus').status, 2);
    assert.is(run('help').status, 0);
  });
}

test.run();
