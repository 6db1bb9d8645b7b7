// After close every method throws before touching the unmapped rings: a read of an unmapped view is a SIGSEGV
// that kills the process (shown in a child process), so the refusal must come first.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fstatSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { unavailable } from './_env.ts';
import { KernelBackend } from '../../shim/kernel/backend.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

if (!unavailable('close')) {
  test('every method throws after close(), and close() twice is harmless', () => {
    const b = KernelBackend.setup({ entries: 4, flags: 0 });
    const fd = b.fd;
    b.close();
    assert.is(b.closed, true);
    const calls: [string, () => unknown][] = [
      ['sqHead', () => b.sqHead()],
      ['setSqTail', () => b.setSqTail(1)],
      ['sqFlags', () => b.sqFlags()],
      ['sqFlags(fence)', () => b.sqFlags(true)],
      ['sqDropped', () => b.sqDropped()],
      ['writeSqes', () => b.writeSqes(new Uint8Array(64), 0, 0, 1)],
      ['cqTail', () => b.cqTail()],
      ['cqHead', () => b.cqHead()],
      ['setCqHead', () => b.setCqHead(0)],
      ['readCqes', () => b.readCqes(new Uint8Array(16), 0, 0, 1)],
      ['cqOverflow', () => b.cqOverflow()],
      ['cqFlags', () => b.cqFlags()],
      ['setCqFlags', () => b.setCqFlags(0)],
      ['enter', () => b.enter(0, 0, 0)],
      ['enter(timeout)', () => b.enter(0, 1, 1, { sec: 0, nsec: 1 })],
    ];
    for (const [name, call] of calls)
      assert.throws(call, (e: Error) => /ring is closed/.test(e.message), `${name} did not refuse after close`);
    b.close();
    // The ring fd is closed too.
    assert.throws(
      () => fstatSync(fd),
      (e: NodeJS.ErrnoException) => e.code === 'EBADF',
    );
  });

  test('why: reading a koffi view after munmap kills the process with SIGSEGV', () => {
    const script = `
      import koffi from 'koffi';
      const lib = koffi.load('libc.so.6');
      const mmap = lib.func('mmap', 'intptr_t', ['uintptr_t', 'size_t', 'int', 'int', 'int', 'int64_t']);
      const munmap = lib.func('munmap', 'int', ['uintptr_t', 'size_t']);
      const p = mmap(0, 4096, 3, 0x22, -1, 0);
      const u = new Uint32Array(koffi.view(p, 4096));
      u[0] = 7;
      console.log('mapped', u[0]);
      munmap(p, 4096);
      console.log('after', u[0]);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    assert.match(r.stdout, /mapped 7/);
    assert.not.match(r.stdout, /after/);
    assert.is(r.signal, 'SIGSEGV', `child ended with status ${r.status}, signal ${r.signal}: ${r.stderr}`);
  });

  test('a closed backend in a child process refuses instead of crashing', () => {
    const script = `
      import { KernelBackend } from './shim/kernel/backend.ts';
      const b = KernelBackend.setup({ entries: 4 });
      b.close();
      try { b.cqTail(); console.log('read'); } catch (e) { console.log('refused:', e.message); }`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.is(r.signal, null, `child died with ${r.signal}`);
    assert.is(r.status, 0, r.stderr);
    assert.match(r.stdout, /refused: uring: the ring is closed/);
  });
}

test.run();
