// The plain syscalls the shim binds (for later tests), buffer addresses checked end to end by having the
// kernel read into them, and pins.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import koffi from 'koffi';
import { Driver, enc, unavailable } from './_env.ts';
import { KernelBackend } from '../../shim/kernel/backend.ts';
import { close, eventfd, kernelVersion, pipe, read, socketpair, uname, write } from '../../shim/sys/libc.ts';
import { Pin, Pins, addressBigInt, addressOf, addressOfRange } from '../../shim/sys/memory.ts';
import { UringError } from '../../ts/errors.ts';
import { release } from 'node:os';

if (!unavailable('sys')) {
  test('pipe / write / read / close', () => {
    const [r, w] = pipe();
    assert.is(write(w, 'hello'), 5);
    const b = Buffer.alloc(8);
    assert.is(read(r, b), 5);
    assert.is(b.subarray(0, 5).toString(), 'hello');
    close(r);
    close(w);
    assert.throws(
      () => close(r),
      (e: UringError) =>
        e instanceof UringError &&
        e.code === 'EBADF' &&
        e.errno === -9 &&
        e.message === 'EBADF: bad file descriptor, close',
    );
  });

  test('eventfd counts, socketpair is connected', () => {
    const e = eventfd(3);
    const v = new BigUint64Array(1);
    assert.is(read(e, v), 8);
    assert.is(v[0], 3n);
    close(e);
    const [a, b] = socketpair();
    write(a, 'ping');
    const got = new Uint8Array(4);
    read(b, got);
    assert.is(Buffer.from(got).toString(), 'ping');
    close(a);
    close(b);
  });

  test('uname / kernelVersion agree with os.release()', () => {
    assert.is(uname().release, release());
    assert.ok(kernelVersion().split('.').length === 3);
    assert.ok(release().startsWith(kernelVersion().split('.').slice(0, 2).join('.')));
  });

  test('addressOf includes byteOffset (pooled Buffers, subarrays, DataViews, ArrayBuffers)', () => {
    const pooled = Buffer.from('pooled');
    assert.ok(pooled.byteOffset >= 0);
    assert.is(addressOf(pooled), Number(koffi.address(pooled.buffer)) + pooled.byteOffset);
    const big = new Uint8Array(4096);
    assert.is(addressOf(big.subarray(100)), addressOf(big) + 100);
    assert.is(addressOf(new DataView(big.buffer, 7)), addressOf(big.buffer) + 7);
    assert.is(addressOfRange(big, 10, 20), addressOf(big) + 10);
    assert.is(addressBigInt(big), BigInt(addressOf(big)));
    assert.throws(() => addressOfRange(big, 4000, 200), RangeError);
    assert.throws(() => addressOf({} as Uint8Array), TypeError);
    const small = new Uint8Array(16); // starts on the V8 heap; the address is taken through its buffer
    assert.is(addressOf(small), Number(koffi.address(small)));
  });

  test("the kernel reads into addressOf(buffer): READ from a pipe into a pooled Buffer's subarray", () => {
    const b = KernelBackend.setup({ entries: 4 });
    const [r, w] = pipe();
    try {
      write(w, 'through the ring');
      const pool = Buffer.alloc(64);
      const dst = pool.subarray(10, 42);
      const d = new Driver(b);
      d.push(enc.op.read({ fd: r, buf: addressOf(dst), nbytes: dst.length, offset: -1, userData: 77 }));
      assert.is(d.submit(1), 1);
      const [cqe] = d.reap();
      const dv = new DataView(cqe!.buffer);
      assert.is(dv.getBigUint64(0, true), 77n);
      assert.is(dv.getInt32(8, true), 16);
      assert.is(pool.subarray(10, 26).toString(), 'through the ring');
      assert.is(pool[9], 0);
      assert.is(pool[26], 0);
    } finally {
      close(r);
      close(w);
      b.close();
    }
  });

  test('Pins hold objects per op until released', () => {
    const p = new Pins();
    const a = new Uint8Array(1),
      c = [new Uint8Array(2)];
    p.pin(1, a);
    p.pin(2, c); // an array pinned as one object
    p.pin(2, a);
    assert.is(p.ops, 2);
    assert.is(p.objects, 3);
    assert.ok(p.has(2));
    assert.is(p.release(2), 2);
    assert.is(p.release(2), 0);
    assert.is(p.release(1), 1);
    assert.is(p.objects, 0);
    const pin = new Pin(a);
    assert.ok(Pin.live.has(pin as Pin<unknown>));
    assert.is(pin.value, a);
    pin.release();
    assert.ok(pin.released);
    assert.throws(() => pin.value, /released/);
  });
}

test.run();
