// Where io_uring_setup fails (here: a seccomp filter answering EPERM or ENOSYS, as container runtimes do),
// the error says why and what to do, `uring probe` exits non-zero, and kernel tests skip printing the reason.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { unavailable } from './_env.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const deny = fileURLToPath(new URL('./seccomp-deny.py', import.meta.url));
const hasPython = spawnSync('python3', ['-c', 'print(1)'], { encoding: 'utf8' }).stdout?.trim() === '1';

function denied(errno: number, ...args: string[]) {
  return spawnSync('python3', [deny, String(errno), process.execPath, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

if (!unavailable('availability')) {
  if (!hasPython) console.log('  (python3 missing: the seccomp availability tests need it to install a filter)');
  else {
    test('EPERM under seccomp: ioUringAvailability says seccomp and how to allow io_uring', () => {
      const r = denied(
        1,
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        "import { ioUringAvailability } from './shim/kernel/availability.ts'; console.log(JSON.stringify(ioUringAvailability()));",
      );
      assert.is(r.status, 0, r.stderr);
      const a = JSON.parse(r.stdout);
      assert.is(a.ok, false);
      assert.is(a.code, 'EPERM');
      assert.match(a.reason, /^EPERM: operation not permitted, io_uring_setup: /);
      assert.match(a.reason, /seccomp filter/);
      assert.match(a.reason, /allow io_uring_setup, io_uring_enter and io_uring_register/);
    });

    test('ENOSYS under seccomp: KernelBackend.setup throws a UringError that says so', () => {
      const r = denied(
        38,
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        "import { KernelBackend } from './shim/kernel/backend.ts'; try { KernelBackend.setup(); } catch (e) { console.log(JSON.stringify({ name: e.name, code: e.code, errno: e.errno, message: e.message })); }",
      );
      assert.is(r.status, 0, r.stderr);
      const e = JSON.parse(r.stdout);
      assert.equal([e.name, e.code, e.errno], ['UringError', 'ENOSYS', -38]);
      assert.match(e.message, /seccomp/);
    });

    test('uring probe where io_uring is refused: says why, exits 1', () => {
      const r = denied(1, '--import', 'tsx', 'bin/cli.ts', 'probe');
      assert.is(r.status, 1);
      assert.match(r.stdout, /io_uring: unavailable/);
      assert.match(r.stderr, /io_uring is unavailable: EPERM.*seccomp/);
    });

    test('kernel tests skip with the reason printed (and still count as run)', () => {
      const r = denied(1, '--import', 'tsx', 'scripts/uvu-run.mjs', 'test/kernel/setup.test.ts');
      const out = r.stdout + r.stderr;
      assert.is(r.status, 0, out);
      assert.match(
        out,
        /io_uring unavailable, kernel tests skipped: EPERM: operation not permitted, io_uring_setup: .*seccomp/,
      );
      assert.match(out, /Total:\s+1\b/);
      assert.match(out, /Passed:\s+1\b/);
    });
  }
}

test.run();
