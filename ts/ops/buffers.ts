// provide_buffers, remove_buffers.
import { OP } from '../constants.ts';
import { ptr, range, u16, type Kind } from '../sqe/kinds.ts';
import { defineOp } from '../sqe/spec.ts';

/** The kernel's MAX_BIDS_PER_BGID: a group holds buffer ids 0..65535. */
const nrBuffers = range(1, 65536);

/** The first buffer id lands in the 64-bit off field (liburing sign-extends the int); the kernel refuses > 65535.
 *  2 words because the field is 64 bits wide. (bid + nr must also stay within 65536: a cross-argument rule the
 *  kernel checks.) */
const firstBid: Kind = {
  what: 'a buffer id in 0..65535',
  words: 2,
  check(op, arg, v) {
    const n = typeof v === 'bigint' ? (v >= 0n && v <= 0xffffn ? Number(v) : -1) : v;
    if (typeof n !== 'number') throw new TypeError(`${op}: ${arg} must be a number (buffer id), got ${typeof v}`);
    if (!Number.isInteger(n) || n < 0 || n > 0xffff)
      throw new RangeError(`${op}: ${arg} must be a buffer id in 0..65535, got ${String(v)}`);
    return n;
  },
  sample: (r) => {
    const x = r();
    return x < 0.1 ? 0 : x < 0.2 ? 0xffff : Math.floor(r() * 0x10000);
  },
  domain: { type: 'int', lo: 0, hi: 0xffff },
};

export const provideBuffers = defineOp({
  name: 'provideBuffers',
  prep: 'prep_provide_buffers',
  opcode: OP.PROVIDE_BUFFERS,
  args: {
    addr: { kind: ptr, slot: 'addr', mem: 'untilClose', doc: 'start of nr * len contiguous bytes' },
    len: { kind: range(1, 0xffffffff), slot: 'len', doc: 'size of each buffer' },
    nr: { kind: nrBuffers, slot: 'fd', doc: 'number of buffers' },
    bgid: { kind: u16, slot: 'buf_index', doc: 'buffer group id (buf_group)' },
    bid: { kind: firstBid, slot: 'off', doc: 'id of the first buffer; the rest count up' },
  },
  doc: 'Give the kernel nr buffers of len bytes for group bgid (legacy provided buffers, for IOSQE_BUFFER_SELECT).',
});

export const removeBuffers = defineOp({
  name: 'removeBuffers',
  prep: 'prep_remove_buffers',
  opcode: OP.REMOVE_BUFFERS,
  args: {
    nr: { kind: nrBuffers, slot: 'fd', doc: 'at most this many buffers' },
    bgid: { kind: u16, slot: 'buf_index', doc: 'buffer group id (buf_group)' },
  },
  doc: 'Take up to nr buffers of group bgid back from the kernel; res = number removed, -ENOENT for an unknown group.',
});
