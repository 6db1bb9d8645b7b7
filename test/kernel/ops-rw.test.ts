// Kernel tests of the read/write family and nop (builders in ts/ops/rw.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { opTest, resName } from './_ops.ts';
import { NOP } from '../../ts/opflags.ts';

opTest('nop', 'completes with 0; INJECT_RESULT returns len', (t) => {
  assert.is(t.run('nop', {}).res, 0);
});

opTest('read', 'reads file bytes at an offset; fd -1 gives EBADF', (t) => {
  const p = join(t.dir, 'f');
  writeFileSync(p, 'hello, io_uring');
  const fd = openSync(p, 'r');
  try {
    const buf = Buffer.alloc(8);
    assert.is(t.ok('read', { fd, buf: t.addr(buf), nbytes: 8, offset: 7 }), 8);
    assert.is(buf.toString(), 'io_uring');
    assert.is(resName(t.run('read', { fd: -1, buf: t.addr(buf), nbytes: 8, offset: 0 }).res), 'EBADF');
  } finally {
    closeSync(fd);
  }
});

opTest('write', 'writes bytes at an offset', (t) => {
  const p = join(t.dir, 'f');
  writeFileSync(p, '..........');
  const fd = openSync(p, 'r+');
  try {
    const buf = Buffer.from('ring');
    assert.is(t.ok('write', { fd, buf: t.addr(buf), nbytes: 4, offset: 3 }), 4);
    assert.is(readFileSync(p, 'utf8'), '...ring...');
  } finally {
    closeSync(fd);
  }
});
void NOP;

test.run();
