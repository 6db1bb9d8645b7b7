// UringError and the errno table (no kernel needed; lives here beside the shim that throws it).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { constants } from 'node:os';
import { getSystemErrorName } from 'node:util';
import { ERRNO, UringError, errnoDescription, errnoName, isErrno } from '../../ts/errors.ts';

test('the errno table agrees with Node on this platform (names and numbers)', () => {
  const node = constants.errno as Record<string, number>;
  let checked = 0;
  for (const [name, n] of Object.entries(node)) {
    assert.is(ERRNO[name], n, `${name}`);
    checked++;
  }
  assert.ok(checked > 70);
  for (let n = 1; n <= 133; n++) {
    const mine = errnoName(n);
    if (mine.startsWith('Unknown')) continue;
    const theirs = getSystemErrorName(-n);
    // Node prints one name per number; where Linux has aliases (EWOULDBLOCK, EDEADLOCK, ENOTSUP) ours is the primary.
    if (!theirs.startsWith('Unknown')) assert.is(ERRNO[theirs], n, `${n}: ${theirs}`);
  }
});

test('UringError looks like a Node system error', () => {
  const e = new UringError(2, 'openat', { path: '/nope' });
  assert.instance(e, Error);
  assert.is(e.name, 'UringError');
  assert.is(e.code, 'ENOENT');
  assert.is(e.errno, -2);
  assert.is(e.syscall, 'openat');
  assert.is(e.path, '/nope');
  assert.is(e.message, "ENOENT: no such file or directory, openat '/nope'");
  const f = new UringError(-62, 'io_uring_enter');
  assert.equal([f.code, f.errno, f.message], ['ETIME', -62, 'ETIME: timer expired, io_uring_enter']);
  assert.not.ok('path' in f);
  const g = new UringError(1, 'io_uring_setup', { detail: 'because' });
  assert.is(g.message, 'EPERM: operation not permitted, io_uring_setup: because');
  assert.ok(isErrno(f, 'ETIME'));
  assert.not.ok(isErrno(new Error('x'), 'ETIME'));
});

test('unknown errno numbers are named like Node names them', () => {
  assert.is(errnoName(999), 'Unknown system error 999');
  assert.is(errnoDescription(-999), 'unknown error 999');
  assert.is(new UringError(999, 'x').code, 'Unknown system error 999');
  assert.is(errnoName(-125), 'ECANCELED');
  assert.is(ERRNO.EWOULDBLOCK, ERRNO.EAGAIN);
});

test.run();
