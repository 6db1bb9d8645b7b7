// Kernel tests of shim/register/ (rsrc.ts): fixed buffers and fixed files (plain, sparse, updates, tags), each
// checked by its effect on an op.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { unavailable } from './_env.ts';
import { Ctx, core, resName } from './_ops.ts';
import { KernelBackend } from '../../shim/kernel/backend.ts';
import type { SetupOptions } from '../../shim/kernel/params.ts';
import { Ring } from '../../ts/ring/ring.ts';
import { IOSQE, FILE_INDEX_ALLOC } from '../../ts/constants.ts';
import { UringError } from '../../ts/errors.ts';
import {
  registerBuffers,
  registerBuffersSparse,
  updateBuffers,
  unregisterBuffers,
  registeredBuffer,
  registerFiles,
  registerFilesSparse,
  updateFiles,
  unregisterFiles,
  registerFileAllocRange,
  REGISTER_FILES_SKIP,
} from '../../shim/register/index.ts';

const FILE = 'registration: 0123456789abcdef';

function withRing(fn: (t: Ctx, fd: number) => void, setup: SetupOptions = { entries: 16 }): () => void {
  return () => {
    const t = new Ctx(new Ring(core, KernelBackend.setup(setup)), 'default');
    const p = join(t.dir, 'f');
    writeFileSync(p, FILE);
    const fd = openSync(p, 'r');
    try {
      fn(t, fd);
    } finally {
      closeSync(fd);
      t.close();
    }
  };
}

function throwsCode(fn: () => unknown, code: string, msg?: string): void {
  try {
    fn();
  } catch (e) {
    assert.instance(e, UringError, msg);
    assert.is((e as UringError).code, code, msg);
    assert.is((e as UringError).syscall, 'io_uring_register', msg);
    return;
  }
  assert.unreachable(`expected ${code}${msg ? `: ${msg}` : ''}`);
}

/** Reap CQEs until every user_data in `uds` arrived (tag CQEs come when the kernel drops the resource);
 *  returns their res in the order asked. */
function waitTags(t: Ctx, uds: number[]): number[] {
  const got = new Map<number, number>();
  const seen: number[] = [];
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline && uds.some((u) => !got.has(u))) {
    const b = t.ring.copyCqes(0);
    for (let i = 0; i < b.count; i++) {
      seen.push(b.userData(i));
      if (uds.includes(b.userData(i))) got.set(b.userData(i), b.res[i]!);
    }
    if (b.count === 0) t.ring.copyCqes(1, undefined, { sec: 0, nsec: 50e6 });
  }
  if (uds.some((u) => !got.has(u)))
    throw new Error(`tag CQEs ${uds.join(',')} missing (saw ${seen.join(',') || 'none'})`);
  return uds.map((u) => got.get(u)!);
}

function waitTag(t: Ctx, ud: number): { res: number } {
  return { res: waitTags(t, [ud])[0]! };
}

/** All CQEs ready now (after a short settle), as user_data values. */
function drain(t: Ctx): number[] {
  const out: number[] = [];
  t.ring.copyCqes(0, undefined, { sec: 0, nsec: 100e6 });
  for (let b = t.ring.copyCqes(0); b.count; b = t.ring.copyCqes(0))
    for (let i = 0; i < b.count; i++) out.push(b.userData(i));
  return out;
}

if (!unavailable('register-rsrc')) {
  test(
    'registerBuffers: READ_FIXED lands in the registered buffer; outside it / after unregister: EFAULT',
    withRing((t, fd) => {
      const a = Buffer.alloc(32),
        b = new Uint8Array(64);
      registerBuffers(t.ring, [a, b]);
      assert.is(registeredBuffer(t.ring, 1), b);
      assert.is(t.ok('readFixed', { fd, buf: t.addr(b.subarray(4)), nbytes: 12, offset: 0, bufIndex: 1 }), 12);
      assert.is(Buffer.from(b.subarray(4, 16)).toString(), FILE.slice(0, 12));
      // b is not inside buffer 0
      assert.is(resName(t.run('readFixed', { fd, buf: t.addr(b), nbytes: 8, offset: 0, bufIndex: 0 }).res), 'EFAULT');
      throwsCode(() => registerBuffers(t.ring, [a]), 'EBUSY', 'registering twice');
      unregisterBuffers(t.ring);
      assert.is(registeredBuffer(t.ring, 1), undefined);
      assert.is(resName(t.run('readFixed', { fd, buf: t.addr(a), nbytes: 8, offset: 0, bufIndex: 0 }).res), 'EFAULT');
      throwsCode(() => unregisterBuffers(t.ring), 'ENXIO', 'nothing registered');
    }),
  );

  test(
    'registerBuffers: bad input is refused before the kernel sees it',
    withRing((t) => {
      assert.throws(
        () => registerBuffers(t.ring, 'x' as never),
        (e: Error) => e instanceof TypeError && /registerBuffers: buffers/.test(e.message),
      );
      assert.throws(
        () => registerBuffers(t.ring, []),
        (e: Error) => e instanceof RangeError && /buffers must have 1\.\./.test(e.message),
      );
      assert.throws(
        () => registerBuffers(t.ring, [42 as never]),
        (e: Error) => e instanceof TypeError && /buffers\[0\]/.test(e.message),
      );
      assert.throws(
        () => registerBuffers(t.ring, [Buffer.alloc(0)]),
        (e: Error) => e instanceof RangeError && /buffers\[0\] is empty/.test(e.message),
      );
      assert.throws(
        () => registerBuffers(t.ring, [Buffer.alloc(8)], { tags: [1, 2] }),
        (e: Error) => e instanceof RangeError && /tags/.test(e.message),
      );
      assert.throws(
        () => registerBuffers({} as never, [Buffer.alloc(8)]),
        (e: Error) => e instanceof TypeError && /ring must be/.test(e.message),
      );
      assert.throws(
        () => updateBuffers(t.ring, -1, [Buffer.alloc(8)]),
        (e: Error) => e instanceof RangeError && /offset/.test(e.message),
      );
    }),
  );

  test('a closed ring is refused in JS (its fd number may be reused); a bare ring fd works', () => {
    const ring = new Ring(core, KernelBackend.setup({ entries: 4 }));
    const [r] = [ring.backend.fd];
    registerFilesSparse(r, 2);
    assert.is(updateFiles(r, 0, [0]), 1);
    ring.close();
    assert.throws(
      () => registerBuffers(ring, [Buffer.alloc(8)]),
      (e: Error & { code?: string }) => e.code === 'ERR_URING_CLOSED' && /registerBuffers/.test(e.message),
    );
    assert.throws(
      () => unregisterFiles(ring.backend),
      (e: Error & { code?: string }) => e.code === 'ERR_URING_CLOSED',
    );
  });

  test(
    'registerBuffersSparse + updateBuffers: an empty slot gives EFAULT, the updated one reads',
    withRing((t, fd) => {
      registerBuffersSparse(t.ring, 4);
      const buf = Buffer.alloc(16);
      assert.is(resName(t.run('readFixed', { fd, buf: t.addr(buf), nbytes: 8, offset: 0, bufIndex: 2 }).res), 'EFAULT');
      assert.is(updateBuffers(t.ring, 2, [buf]), 1);
      assert.is(t.ok('readFixed', { fd, buf: t.addr(buf), nbytes: 8, offset: 14, bufIndex: 2 }), 8);
      assert.is(buf.subarray(0, 8).toString(), FILE.slice(14, 22));
      // Out of the table: the kernel refuses.
      throwsCode(() => updateBuffers(t.ring, 4, [buf]), 'EINVAL', 'update past the table');
    }),
  );

  test(
    'buffer tags: a CQE with the tag when a tagged buffer is replaced or unregistered, none for tag 0',
    withRing((t, fd) => {
      const a = Buffer.alloc(16),
        b = Buffer.alloc(16),
        c = Buffer.alloc(16);
      registerBuffers(t.ring, [a, b], { tags: [1001, 0] });
      assert.equal(drain(t), [], 'no CQE yet');
      assert.is(updateBuffers(t.ring, 0, [c], { tags: [1003] }), 1);
      assert.is(waitTag(t, 1001).res, 0);
      assert.is(t.ok('readFixed', { fd, buf: t.addr(c), nbytes: 4, offset: 0, bufIndex: 0 }), 4);
      assert.is(c.subarray(0, 4).toString(), FILE.slice(0, 4));
      unregisterBuffers(t.ring);
      assert.is(waitTag(t, 1003).res, 0);
      assert.equal(drain(t), [], 'buffer b had tag 0: no CQE');
    }),
  );

  test(
    'registerFiles: IOSQE_FIXED_FILE reads through the slot; an empty slot gives EBADF; unregister',
    withRing((t, fd) => {
      registerFiles(t.ring, [-1, fd]);
      const buf = Buffer.alloc(12);
      assert.is(t.ok('read', { fd: 1, buf: t.addr(buf), nbytes: 12, offset: 0, flags: IOSQE.FIXED_FILE }), 12);
      assert.is(buf.toString(), FILE.slice(0, 12));
      assert.is(
        resName(t.run('read', { fd: 0, buf: t.addr(buf), nbytes: 12, offset: 0, flags: IOSQE.FIXED_FILE }).res),
        'EBADF',
      );
      throwsCode(() => registerFiles(t.ring, [fd]), 'EBUSY', 'registering twice');
      unregisterFiles(t.ring);
      assert.is(
        resName(t.run('read', { fd: 1, buf: t.addr(buf), nbytes: 12, offset: 0, flags: IOSQE.FIXED_FILE }).res),
        'EBADF',
      );
      throwsCode(() => unregisterFiles(t.ring), 'ENXIO');
      assert.throws(
        () => registerFiles(t.ring, [1.5]),
        (e: Error) => e instanceof TypeError && /fds\[0\]/.test(e.message),
      );
      assert.throws(
        () => registerFiles(t.ring, [REGISTER_FILES_SKIP]),
        (e: Error) => e instanceof RangeError && /fds\[0\]/.test(e.message),
      );
    }),
  );

  test(
    'registerFilesSparse + updateFiles (SKIP leaves a slot, -1 empties one)',
    withRing((t, fd) => {
      registerFilesSparse(t.ring, 8);
      const buf = Buffer.alloc(6);
      assert.is(
        resName(t.run('read', { fd: 3, buf: t.addr(buf), nbytes: 6, offset: 0, flags: IOSQE.FIXED_FILE }).res),
        'EBADF',
      );
      assert.is(updateFiles(t.ring, 2, [fd, fd]), 2);
      assert.is(t.ok('read', { fd: 3, buf: t.addr(buf), nbytes: 6, offset: 0, flags: IOSQE.FIXED_FILE }), 6);
      assert.is(buf.toString(), FILE.slice(0, 6));
      assert.is(updateFiles(t.ring, 2, [REGISTER_FILES_SKIP, -1]), 2);
      assert.is(
        t.ok('read', { fd: 2, buf: t.addr(buf), nbytes: 6, offset: 6, flags: IOSQE.FIXED_FILE }),
        6,
        'slot 2 kept',
      );
      assert.is(buf.toString(), FILE.slice(6, 12));
      assert.is(
        resName(t.run('read', { fd: 3, buf: t.addr(buf), nbytes: 6, offset: 0, flags: IOSQE.FIXED_FILE }).res),
        'EBADF',
        'slot 3 emptied',
      );
    }),
  );

  test(
    'file tags (FILES2 / FILES_UPDATE2): replacing a tagged file posts its tag',
    withRing((t, fd) => {
      registerFiles(t.ring, [fd, fd], { tags: [501, 502] });
      assert.equal(drain(t), []);
      assert.is(updateFiles(t.ring, 1, [-1], { tags: [0] }), 1);
      assert.is(waitTag(t, 502).res, 0);
      assert.is(updateFiles(t.ring, 1, [fd], { tags: [503] }), 1);
      const buf = Buffer.alloc(4);
      assert.is(t.ok('read', { fd: 1, buf: t.addr(buf), nbytes: 4, offset: 0, flags: IOSQE.FIXED_FILE }), 4);
      unregisterFiles(t.ring);
      assert.equal(waitTags(t, [501, 503]), [0, 0]);
    }),
  );

  test(
    'registerFileAllocRange: FILE_INDEX_ALLOC picks a slot inside the range',
    withRing((t) => {
      registerFilesSparse(t.ring, 8);
      registerFileAllocRange(t.ring, 5, 2);
      const path = t.cstr(join(t.dir, 'f'));
      const slots = [0, 1].map(() =>
        t.ok('openatDirect', { dfd: -100, path, openFlags: 0, mode: 0, fileIndex: FILE_INDEX_ALLOC }),
      );
      assert.equal(slots.sort(), [5, 6]);
      assert.is(
        resName(t.run('openatDirect', { dfd: -100, path, openFlags: 0, mode: 0, fileIndex: FILE_INDEX_ALLOC }).res),
        'ENFILE',
        'range full',
      );
    }),
  );
}

test.run();
