// CQE batch parsing (core-c/ring/cqe_batch.c): raw CQE bytes, written here from the kernel uapi layout
// (user_data u64 @0, res s32 @8, flags u32 @12, big_cqe[2] u64 @16 on CQE32), become the batch's arrays.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { core } from '../helpers/core.ts';
import { CqeBatch } from '../../ts/ring/ring.ts';
import { CQE_F } from '../../ts/constants.ts';

type Fn = (...a: number[]) => number;
const batch_size = core.fn<Fn>('cqe_batch_size');
const batch_init = core.fn<Fn>('cqe_batch_init');
const batch_parse = core.fn<Fn>('cqe_batch_parse');
const cqe_write = core.fn<Fn>('cqe_write');
const cqe_write_big = core.fn<Fn>('cqe_write_big');

interface Cqe {
  ud: bigint;
  res: number;
  flags: number;
  big?: [bigint, bigint];
}

function packCqes(cqes: Cqe[], size: 16 | 32): Uint8Array {
  const b = new Uint8Array(cqes.length * size);
  const dv = new DataView(b.buffer);
  cqes.forEach((c, i) => {
    const o = i * size;
    dv.setBigUint64(o, c.ud, true);
    dv.setInt32(o + 8, c.res, true);
    dv.setUint32(o + 12, c.flags >>> 0, true);
    if (size === 32 && c.big) {
      dv.setBigUint64(o + 16, c.big[0], true);
      dv.setBigUint64(o + 24, c.big[1], true);
    }
  });
  return b;
}

function newBatch(capacity: number, size: 16 | 32): CqeBatch {
  const n = batch_size(capacity, size);
  assert.ok(n > 0);
  const ptr = core.alloc(n, 64);
  assert.is(batch_init(ptr, capacity, size), 0);
  return new CqeBatch(core, ptr, capacity, size);
}

function parse(b: CqeBatch, cqes: Cqe[]): number {
  core.u8.set(packCqes(cqes, b.cqeSize), b.raw);
  const n = batch_parse(b.ptr, cqes.length);
  b.remap();
  b.count = n;
  return n;
}

test('bad batch geometry', () => {
  assert.is(batch_size(0, 16), 0);
  assert.is(batch_size(8, 24), 0);
  assert.is(batch_size(65537, 16), 0);
  const p = core.alloc(64, 64);
  assert.is(batch_init(p, 8, 64), -22);
});

test('user_data, res, flags, buffer id and flag booleans', () => {
  const b = newBatch(8, 16);
  const cqes: Cqe[] = [
    { ud: 1n, res: 0, flags: 0 },
    { ud: 0xdeadbeef_cafef00dn, res: -11, flags: CQE_F.MORE },
    { ud: 2n ** 53n + 1n, res: 4096, flags: CQE_F.BUFFER | (7 << 16) | CQE_F.BUF_MORE },
    { ud: 0xffffffff_ffffffffn, res: 0x7fffffff, flags: CQE_F.BUFFER | (0xffff << 16) },
    { ud: 5n, res: -2147483648, flags: 0x1234_0000 | CQE_F.SOCK_NONEMPTY }, // buffer bits without F_BUFFER
    { ud: 6n, res: 0, flags: CQE_F.NOTIF | CQE_F.MORE },
    { ud: 7n, res: 3, flags: CQE_F.BUFFER }, // buffer id 0
  ];
  assert.is(parse(b, cqes), 7);
  assert.equal(Array.from(b.userDataLo.subarray(0, 7)), [1, 0xcafef00d, 1, 0xffffffff, 5, 6, 7]);
  assert.equal(Array.from(b.userDataHi.subarray(0, 7)), [0, 0xdeadbeef, 0x200000, 0xffffffff, 0, 0, 0]);
  assert.equal(Array.from(b.res.subarray(0, 7)), [0, -11, 4096, 0x7fffffff, -2147483648, 0, 3]);
  assert.equal(
    Array.from(b.flags.subarray(0, 7)),
    cqes.map((c) => c.flags >>> 0),
  );
  assert.equal(Array.from(b.bufId.subarray(0, 7)), [-1, -1, 7, 0xffff, -1, -1, 0]);
  assert.equal(Array.from(b.more.subarray(0, 7)), [0, 1, 0, 0, 0, 1, 0]);
  assert.equal(Array.from(b.bufMore.subarray(0, 7)), [0, 0, 1, 0, 0, 0, 0]);
  assert.equal(Array.from(b.sockNonempty.subarray(0, 7)), [0, 0, 0, 0, 1, 0, 0]);
  assert.equal(Array.from(b.notif.subarray(0, 7)), [0, 0, 0, 0, 0, 1, 0]);
  assert.is(b.userData(1), 0xdeadbeef * 2 ** 32 + 0xcafef00d);
  assert.is(b.userDataBig(3), 0xffffffff_ffffffffn);
  assert.is(b.userDataBig(2), 2n ** 53n + 1n);
  assert.is(b.big.length, 0, 'no big words on a 16-byte CQ');
});

test('CQE32: the extra 16 bytes as four u32 words, at a 32-byte stride', () => {
  const b = newBatch(4, 32);
  const cqes: Cqe[] = [
    { ud: 10n, res: 1, flags: CQE_F.F32, big: [0x11111111_22222222n, 0x33333333_44444444n] },
    { ud: 11n, res: -1, flags: 0, big: [0n, 0xffffffff_00000001n] },
    { ud: 12n, res: 2, flags: CQE_F.BUFFER | (3 << 16), big: [5n, 6n] },
  ];
  assert.is(parse(b, cqes), 3);
  assert.equal(Array.from(b.userDataLo.subarray(0, 3)), [10, 11, 12]);
  assert.equal(Array.from(b.res.subarray(0, 3)), [1, -1, 2]);
  assert.equal(Array.from(b.bufId.subarray(0, 3)), [-1, -1, 3]);
  assert.equal(
    Array.from(b.big.subarray(0, 12)),
    [0x22222222, 0x11111111, 0x44444444, 0x33333333, 0, 0, 1, 0xffffffff, 5, 0, 6, 0],
  );
});

test('parse is clamped to the capacity and overwrites the previous batch', () => {
  const b = newBatch(2, 16);
  assert.is(
    parse(b, [
      { ud: 1n, res: 1, flags: CQE_F.MORE },
      { ud: 2n, res: 2, flags: 0 },
    ]),
    2,
  );
  // Writing 3 would overflow raw; parse only the first 2 after placing 2.
  core.u8.set(
    packCqes(
      [
        { ud: 9n, res: 9, flags: 0 },
        { ud: 8n, res: 8, flags: CQE_F.BUFFER | (1 << 16) },
      ],
      16,
    ),
    b.raw,
  );
  assert.is(batch_parse(b.ptr, 5), 2);
  assert.equal(Array.from(b.userDataLo), [9, 8]);
  assert.equal(Array.from(b.more), [0, 0]);
  assert.equal(Array.from(b.bufId), [-1, 1]);
});

test('cqe_write / cqe_write_big put the fields where the kernel does', () => {
  const p = core.alloc(32, 16);
  core.u8.fill(0xee, p, p + 32);
  cqe_write(p, 0x01020304, 0x05060708, -5, 0x00030001);
  cqe_write_big(p, 1, 2, 3, 4);
  const got = core.u8.slice(p, p + 32);
  const want = packCqes(
    [{ ud: 0x05060708_01020304n, res: -5, flags: 0x00030001, big: [0x2_00000001n, 0x4_00000003n] }],
    32,
  );
  assert.equal(Array.from(got), Array.from(want));
});

test('views survive memory growth', () => {
  const b = newBatch(4, 16);
  const before = b.res;
  const had = core.memory.buffer.byteLength;
  core.alloc(had, 16); // grows memory: the old views are detached
  assert.ok(core.memory.buffer.byteLength > had);
  assert.is(parse(b, [{ ud: 3n, res: 33, flags: 0 }]), 1);
  assert.ok(b.res !== before, 'views re-made');
  assert.is(b.res[0], 33);
  assert.is(b.userData(0), 3);
});

test.run();
