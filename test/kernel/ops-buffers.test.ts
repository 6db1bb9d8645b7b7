// Kernel tests of the legacy provided-buffer ops (builders in ts/ops/buffers.ts): buffers given to a group are
// picked by a read with IOSQE_BUFFER_SELECT (CQE F_BUFFER + buffer id, the data in that buffer), and taken back.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { opTest, resName, type Ctx } from './_ops.ts';
import { withPipe } from './_kit.ts';
import { write } from '../../shim/sys/libc.ts';
import { CQE_F, IOSQE } from '../../ts/constants.ts';

const LEN = 16;

/** A buffer-select read of the pipe from group `bgid`; its CQE. */
function selectRead(t: Ctx, fd: number, bgid: number) {
  return t.run('read', { fd, buf: 0, nbytes: LEN, offset: -1, flags: IOSQE.BUFFER_SELECT, bufGroup: bgid });
}

opTest('provideBuffers', 'a BUFFER_SELECT read takes one of the buffers: F_BUFFER, its id, the data in it', (t) => {
  const region = Buffer.alloc(4 * LEN, '.');
  assert.is(t.ok('provideBuffers', { addr: t.addr(region), len: LEN, nr: 4, bgid: 7, bid: 10 }), 0);
  withPipe((r, w) => {
    const seen = new Set<number>();
    for (const msg of ['first', 'second!', 'third']) {
      write(w, msg);
      const c = selectRead(t, r, 7);
      assert.is(c.res, msg.length, `read: ${resName(c.res)}`);
      assert.ok(c.flags & CQE_F.BUFFER, 'F_BUFFER set');
      assert.ok(c.bufId >= 10 && c.bufId < 14, `buffer id ${c.bufId} is one of 10..13`);
      assert.is(c.bufId, c.flags >>> 16, 'the id is flags >> 16');
      assert.not.ok(seen.has(c.bufId), 'a consumed buffer is not handed out twice');
      seen.add(c.bufId);
      const at = (c.bufId - 10) * LEN;
      assert.is(region.subarray(at, at + msg.length).toString(), msg, `data in buffer ${c.bufId}`);
    }
    // One buffer left; after it the group is empty: ENOBUFS.
    write(w, 'x');
    assert.ok(selectRead(t, r, 7).flags & CQE_F.BUFFER);
    write(w, 'y');
    assert.is(resName(selectRead(t, r, 7).res), 'ENOBUFS');
    assert.is(resName(selectRead(t, r, 99).res), 'ENOBUFS', 'an unknown group');
  });
});

opTest('removeBuffers', 'takes buffers back (res = how many); an empty group gives 0, an unknown one ENOENT', (t) => {
  const region = Buffer.alloc(4 * LEN);
  t.ok('provideBuffers', { addr: t.addr(region), len: LEN, nr: 4, bgid: 3, bid: 0 });
  assert.is(t.run('removeBuffers', { nr: 3, bgid: 3 }).res, 3, 'three of four');
  withPipe((r, w) => {
    write(w, 'left');
    const c = selectRead(t, r, 3);
    assert.is(c.res, 4, 'the one left is still usable');
    assert.ok(c.flags & CQE_F.BUFFER);
  });
  t.ok('provideBuffers', { addr: t.addr(region), len: LEN, nr: 2, bgid: 3, bid: 0 });
  assert.is(t.run('removeBuffers', { nr: 10, bgid: 3 }).res, 2, 'at most what is there');
  assert.is(t.run('removeBuffers', { nr: 1, bgid: 3 }).res, 0, 'the group is known but empty: none removed');
  assert.is(resName(t.run('removeBuffers', { nr: 1, bgid: 1234 }).res), 'ENOENT', 'unknown group');
});

test.run();
