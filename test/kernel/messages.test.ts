// Messages that say what is actually wrong (issue 9): an out-of-range cqEntries is about the value, not the
// CQSIZE flag; ENOMEM from io_uring_setup and from registering buffers points at RLIMIT_MEMLOCK, with the
// current limit. The memlock cases run a child under prlimit with CAP_IPC_LOCK dropped (setpriv), since root
// (or CAP_IPC_LOCK) is not subject to the limit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { unavailable } from './_env.ts';
import { fixture, root } from './_child.ts';
import { KernelBackend } from '../../shim/kernel/backend.ts';

function setupError(o: Parameters<typeof KernelBackend.setup>[0]): Error & { code?: string } {
  try {
    KernelBackend.setup(o).close();
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error(`setup ${JSON.stringify(o)} succeeded`);
}

/** Run the memlock fixture with RLIMIT_MEMLOCK = `bytes` and CAP_IPC_LOCK dropped; its JSON events. */
function underMemlock(bytes: number): Record<string, { ok: boolean; code?: string; message?: string }> {
  const r = spawnSync(
    'prlimit',
    [
      `--memlock=${bytes}:${bytes}`,
      'setpriv',
      '--inh-caps=-ipc_lock',
      '--bounding-set=-ipc_lock',
      process.execPath,
      '--import',
      'tsx',
      fixture('memlock-child.ts'),
    ],
    { cwd: root, encoding: 'utf8', timeout: 60_000 },
  );
  assert.is(r.status, 0, r.stderr);
  const evs: Record<string, { ok: boolean; code?: string; message?: string }> = {};
  for (const line of r.stdout.split('\n').filter(Boolean)) {
    const e = JSON.parse(line);
    evs[e.ev] = e;
  }
  return evs;
}

if (!unavailable('messages')) {
  test('cqEntries out of range: the message blames the value and gives the valid range, not the CQSIZE flag', () => {
    for (const [o, sq] of [
      [{ entries: 8, cqEntries: 100_000 }, 8],
      [{ entries: 64, cqEntries: 16 }, 64],
    ] as const) {
      const e = setupError(o);
      assert.is(e.code, 'EINVAL');
      assert.match(e.message, `cqEntries ${o.cqEntries} is out of range (IORING_SETUP_CQSIZE itself is supported)`);
      assert.match(e.message, `pass cqEntries in ${sq}..65536`);
      assert.not.match(e.message, /refuses IORING_SETUP_CQSIZE/);
    }
  });

  test('io_uring_setup ENOMEM under RLIMIT_MEMLOCK 0: says the rings count against it, the limit, what to do', () => {
    const evs = underMemlock(0);
    const s = evs.setup!;
    assert.is(s.ok, false);
    assert.is(s.code, 'ENOMEM');
    assert.match(s.message!, 'counted against RLIMIT_MEMLOCK (now 0 bytes)');
    assert.match(s.message!, "raise it ('ulimit -l'");
    assert.not.match(s.message!, /before 5\.12/);
  });

  test('registerBuffers ENOMEM under RLIMIT_MEMLOCK 64 KiB: points at RLIMIT_MEMLOCK with the limit', () => {
    const evs = underMemlock(65536);
    assert.is(evs.setup!.ok, true, 'the rings fit');
    const r = evs.register!;
    assert.is(r.ok, false);
    assert.is(r.code, 'ENOMEM');
    assert.match(r.message!, 'IORING_REGISTER_BUFFERS: the kernel could not pin the memory');
    assert.match(r.message!, 'counted against RLIMIT_MEMLOCK (now 65536 bytes)');
  });
}

test.run();
