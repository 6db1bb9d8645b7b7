// msg_ring: data, data with CQE flags, passing a fixed file.
//
// MSG_RING's command is addr (IORING_MSG_DATA 0 / IORING_MSG_SEND_FD 1): msgRing / msgRingCqeFlags (FLAGS_PASS)
// for data, msgRingFd / msgRingFdAlloc (file_index ALLOC) for files.
import { FILE_INDEX_ALLOC, OP } from '../constants.ts';
import { MSG_RING } from '../opflags.ts';
import { fd, flags, range, u32, u64, type Kind } from '../sqe/kinds.ts';
import { defineOp } from '../sqe/spec.ts';

/** A data message takes no msg_ring_flags besides FLAGS_PASS (io_msg_ring_data), which msgRingCqeFlags sets. */
const dataFlags: Kind = {
  what: '0 (a data message takes no other flags; FLAGS_PASS is msgRingCqeFlags)',
  words: 1,
  check(op, arg, v) {
    if (typeof v !== 'number') throw new TypeError(`${op}: ${arg} must be a number (0), got ${typeof v}`);
    if (v !== 0)
      throw new RangeError(
        `${op}: ${arg} must be 0: the kernel refuses CQE_SKIP on a data message, and FLAGS_PASS is msgRingCqeFlags; got ${v}`,
      );
    return 0;
  },
  sample: () => 0,
};

/** A source fixed-file slot: liburing stores the int sign-extended in the 64-bit addr3 and the kernel reads a u32
 *  index, so negative values can only fail; 2 words because the field is 64 bits wide. */
const sourceSlot: Kind = {
  what: 'a fixed-file index in 0..2147483647',
  words: 2,
  check(op, arg, v) {
    const n = typeof v === 'bigint' ? (v >= 0n && v <= 0x7fffffffn ? Number(v) : -1) : v;
    if (typeof n !== 'number')
      throw new TypeError(`${op}: ${arg} must be a number (fixed-file index), got ${typeof v}`);
    if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff)
      throw new RangeError(`${op}: ${arg} must be a fixed-file index in 0..2147483647, got ${String(v)}`);
    return n;
  },
  sample: (r) => {
    const x = r();
    return x < 0.1 ? 0 : x < 0.2 ? 0x7fffffff : Math.floor(r() * 0x80000000);
  },
  domain: { type: 'int', lo: 0, hi: 0x7fffffff },
};

export const msgRing = defineOp({
  name: 'msgRing',
  prep: 'prep_msg_ring',
  opcode: OP.MSG_RING,
  args: {
    fd: { kind: fd, slot: 'fd', doc: 'target ring fd (a registered ring index with IOSQE_FIXED_FILE)' },
    len: { kind: u32, slot: 'len', doc: "the target CQE's res" },
    data: { kind: u64, slot: 'off', doc: "the target CQE's user_data" },
    msgRingFlags: { kind: dataFlags, slot: 'op_flags', optional: true, doc: 'must be 0 (liburing: flags)' },
  },
  fixed: { addr: MSG_RING.DATA },
  doc: 'Post a CQE {user_data: data, res: len} into another ring (IORING_MSG_DATA).',
});

export const msgRingCqeFlags = defineOp({
  name: 'msgRingCqeFlags',
  prep: 'prep_msg_ring_cqe_flags',
  opcode: OP.MSG_RING,
  since: '6.3',
  args: {
    fd: { kind: fd, slot: 'fd', doc: 'target ring fd (a registered ring index with IOSQE_FIXED_FILE)' },
    len: { kind: u32, slot: 'len', doc: "the target CQE's res" },
    data: { kind: u64, slot: 'off', doc: "the target CQE's user_data" },
    msgRingFlags: { kind: dataFlags, slot: 'op_flags', optional: true, doc: 'must be 0 (FLAGS_PASS is added)' },
    cqeFlags: { kind: u32, slot: 'file_index', doc: "the target CQE's flags" },
  },
  fixed: { addr: MSG_RING.DATA, op_flags: MSG_RING.FLAGS_PASS },
  doc: 'Post a CQE {user_data: data, res: len, flags: cqeFlags} into another ring (IORING_MSG_RING_FLAGS_PASS).',
});

export const msgRingFd = defineOp({
  name: 'msgRingFd',
  prep: 'prep_msg_ring_fd',
  opcode: OP.MSG_RING,
  since: '6.0',
  args: {
    fd: { kind: fd, slot: 'fd', doc: 'target ring fd (a registered ring index with IOSQE_FIXED_FILE)' },
    sourceFd: { kind: sourceSlot, slot: 'addr3', doc: 'our fixed-file slot to send' },
    targetFd: {
      kind: range(0, FILE_INDEX_ALLOC - 2),
      slot: 'file_index',
      slotPlusOne: true,
      doc: "the target ring's fixed-file slot (msgRingFdAlloc lets it pick)",
    },
    data: { kind: u64, slot: 'off', doc: "user_data of the target's CQE" },
    msgRingFlags: {
      kind: flags('MSG_RING', MSG_RING.CQE_SKIP | MSG_RING.FLAGS_PASS),
      slot: 'op_flags',
      optional: true,
      doc: 'CQE_SKIP: post no CQE in the target (liburing: flags)',
    },
  },
  fixed: { addr: MSG_RING.SEND_FD },
  doc: "Install our fixed file sourceFd into another ring's fixed-file slot targetFd (IORING_MSG_SEND_FD); the target gets a CQE with res 0 unless CQE_SKIP; ours has res 0 too.",
});

export const msgRingFdAlloc = defineOp({
  name: 'msgRingFdAlloc',
  prep: 'prep_msg_ring_fd_alloc',
  opcode: OP.MSG_RING,
  since: '6.0',
  args: {
    fd: { kind: fd, slot: 'fd', doc: 'target ring fd (a registered ring index with IOSQE_FIXED_FILE)' },
    sourceFd: { kind: sourceSlot, slot: 'addr3', doc: 'our fixed-file slot to send' },
    data: { kind: u64, slot: 'off', doc: "user_data of the target's CQE" },
    msgRingFlags: {
      kind: flags('MSG_RING', MSG_RING.CQE_SKIP | MSG_RING.FLAGS_PASS),
      slot: 'op_flags',
      optional: true,
      doc: 'CQE_SKIP (liburing: flags)',
    },
  },
  fixed: { addr: MSG_RING.SEND_FD, file_index: FILE_INDEX_ALLOC },
  doc: "As msgRingFd, into a free slot the target ring picks (file_index IORING_FILE_INDEX_ALLOC); both the target's CQE and ours have res = the slot.",
});
