// Kernel tests of BufferRing (IORING_REGISTER_PBUF_RING): RECV with IOSQE_BUFFER_SELECT takes buffers from the
// ring, the CQE names the buffer, the data lands in it; kernel-allocated rings; incremental mode; status.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { unavailable } from './_env.ts';
import { Ctx, core, resName } from './_ops.ts';
import { KernelBackend } from '../../shim/kernel/backend.ts';
import { Ring } from '../../ts/ring/ring.ts';
import { IOSQE } from '../../ts/constants.ts';
import { UringError } from '../../ts/errors.ts';
import { close, socketpair, write } from '../../shim/sys/libc.ts';
import { BufferRing } from '../../shim/register/index.ts';

const F_BUFFER = 1,
  F_BUF_MORE = 1 << 4;

function withSockets(fn: (t: Ctx, rx: number, tx: number) => void): () => void {
  return () => {
    const t = new Ctx(new Ring(core, KernelBackend.setup({ entries: 16 })), 'default');
    const [rx, tx] = socketpair();
    try {
      fn(t, rx, tx);
    } finally {
      close(rx);
      close(tx);
      t.close();
    }
  };
}

function recvSelect(t: Ctx, fd: number, bgid: number, len = 0) {
  return t.run('recv', { sockfd: fd, buf: 0, len, flags: IOSQE.BUFFER_SELECT, bufGroup: bgid });
}

const text = (m: ArrayBufferView | ArrayBuffer | undefined, from: number, to: number) => {
  assert.ok(m, 'buffer known');
  const u8 = m instanceof ArrayBuffer ? new Uint8Array(m) : new Uint8Array(m!.buffer, m!.byteOffset, m!.byteLength);
  return Buffer.from(u8.subarray(from, to)).toString();
};

if (!unavailable('register-pbuf')) {
  for (const mmap of [false, true]) {
    test(
      `BufferRing${mmap ? ' (IOU_PBUF_RING_MMAP)' : ''}: RECV + BUFFER_SELECT fills the buffers in ring order, F_BUFFER + bid; empty ring: ENOBUFS`,
      withSockets((t, rx, tx) => {
        const br = BufferRing.setup(t.ring, { entries: 4, bgid: 7, mmap });
        assert.is(br.kernelAllocated, mmap);
        const bufs = [Buffer.alloc(32), Buffer.alloc(32)];
        br.add(bufs[0]!, 11, 0);
        br.add(bufs[1]!, 12, 1);
        assert.is(br.tail, 0, 'not published before advance');
        br.advance(2);
        assert.is(br.tail, 2);

        write(tx, 'first');
        let c = recvSelect(t, rx, 7);
        assert.is(c.res, 5);
        assert.ok(c.flags & F_BUFFER, 'F_BUFFER');
        assert.is(c.bufId, 11);
        assert.is(text(br.buffer(11), 0, 5), 'first');
        assert.is(bufs[0]!.subarray(0, 5).toString(), 'first');

        write(tx, 'second');
        c = recvSelect(t, rx, 7);
        assert.equal([c.res, c.bufId], [6, 12]);
        assert.is(bufs[1]!.subarray(0, 6).toString(), 'second');
        assert.is(br.head(), 2, 'PBUF_STATUS head');

        write(tx, 'third');
        c = recvSelect(t, rx, 7);
        assert.is(resName(c.res), 'ENOBUFS');
        // Recycling buffer 11 makes the next recv succeed in it again.
        br.recycle(11);
        c = recvSelect(t, rx, 7);
        assert.equal([c.res, c.bufId], [5, 11]);
        assert.is(bufs[0]!.subarray(0, 5).toString(), 'third');

        br.unregister();
        assert.is(br.registered, false);
        assert.throws(() => br.add(Buffer.alloc(4), 1), /unregistered/);
        write(tx, 'x');
        assert.is(resName(recvSelect(t, rx, 7).res), 'ENOBUFS', 'group gone');
      }),
    );
  }

  test(
    'BufferRing.add with start / length: data lands at start, bytes(bid) is that range, recycle re-publishes it',
    withSockets((t, rx, tx) => {
      const br = BufferRing.setup(t.ring, { entries: 2, bgid: 9 });
      const big = Buffer.alloc(32, '.');
      br.push(big, 21); // replaced below: recycle must use the latest add of a bid
      br.add(big, 21, 0, 8, 6);
      br.advance(1);
      assert.is(br.bytes(22), undefined);
      write(tx, 'abcdefgh');
      let c = recvSelect(t, rx, 9);
      assert.is(c.res, 8, 'the first entry (whole buffer) is taken first');
      write(tx, 'ABCDEFGH');
      c = recvSelect(t, rx, 9);
      assert.equal([c.res, c.bufId], [6, 21], 'the second entry holds 6 bytes');
      assert.is(big.toString(), 'abcdefghABCDEF..................', 'at offset 8, 6 bytes');
      assert.is(Buffer.from(br.bytes(21)!).toString(), 'ABCDEF', 'bytes(bid): the added range');
      br.recycle(21); // the last add of bid 21: offset 8, 6 bytes
      c = recvSelect(t, rx, 9);
      assert.equal([c.res, c.bufId], [2, 21], 'the rest of the data');
      assert.is(big.toString(), 'abcdefghGHCDEF..................', 'recycled range: offset 8 again');
      br.unregister();
      assert.throws(() => br.recycle(21), /unregistered/);
    }),
  );

  test(
    'BufferRing incremental (IOU_PBUF_RING_INC): one buffer consumed piece by piece with F_BUF_MORE',
    withSockets((t, rx, tx) => {
      const br = BufferRing.setup(t.ring, { entries: 1, bgid: 3, incremental: true });
      const buf = Buffer.alloc(16);
      br.push(buf, 5);
      write(tx, 'abcdef');
      let c = recvSelect(t, rx, 3);
      assert.equal([c.res, c.bufId], [6, 5]);
      assert.ok(c.flags & F_BUF_MORE, 'F_BUF_MORE: the buffer has room left');
      write(tx, 'ghij');
      c = recvSelect(t, rx, 3);
      assert.equal([c.res, c.bufId], [4, 5]);
      assert.is(buf.subarray(0, 10).toString(), 'abcdefghij', 'second piece right after the first');
      write(tx, '0123456789');
      c = recvSelect(t, rx, 3);
      assert.equal([c.res, c.bufId], [6, 5], 'only 6 bytes were left');
      assert.is(c.flags & F_BUF_MORE, 0, 'buffer used up');
      assert.is(buf.toString(), 'abcdefghij012345');
      br.unregister();
    }),
  );

  test(
    'BufferRing: bad input and kernel errors',
    withSockets((t) => {
      assert.throws(
        () => BufferRing.setup(t.ring, { entries: 3, bgid: 1 }),
        (e: Error) => e instanceof RangeError && /entries must be a power of two/.test(e.message),
      );
      assert.throws(
        () => BufferRing.setup(t.ring, { entries: 4, bgid: 70000 }),
        (e: Error) => e instanceof RangeError && /bgid/.test(e.message),
      );
      assert.throws(
        () => BufferRing.setup(t.ring, { entries: 4 } as never),
        (e: Error) => e instanceof TypeError && /bgid/.test(e.message),
      );
      const br = BufferRing.setup(t.ring, { entries: 2, bgid: 1 });
      assert.throws(
        () => br.add('x' as never, 1),
        (e: Error) => e instanceof TypeError && /buf/.test(e.message),
      );
      assert.throws(
        () => br.add(Buffer.alloc(4), 1 << 16),
        (e: Error) => e instanceof RangeError && /bid/.test(e.message),
      );
      try {
        BufferRing.setup(t.ring, { entries: 2, bgid: 1 });
        assert.unreachable('same bgid twice');
      } catch (e) {
        assert.instance(e, UringError);
        assert.is((e as UringError).code, 'EEXIST');
        assert.is((e as UringError).syscall, 'io_uring_register');
      }
      br.unregister();
    }),
  );
}

test.run();
