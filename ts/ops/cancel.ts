// async cancel by user_data, fd, fixed fd, opcode, any, all.
//
// ASYNC_CANCEL carries four specs, told apart by the match key in cancel_flags: none → cancel (by
// user_data in addr), FD → cancelFd, OP → cancelOp, ANY → cancelAny. IORING_ASYNC_CANCEL_ALL (cancel every
// match, res = count) combines with each of them as a flag. cancel64 (liburing) and asyncCancel (the seed,
// whose swapped (orig_user_data, user_data) order cannot recur with named options) encode identically
// to cancel and are its aliases.
//
// Match keys combine (io_uring_prep_cancel(3), io_cancel_req_match): a request must match every key set.
// cancelFd takes OP (opcode in len) and USERDATA (targetUserData in addr) as well, cancelOp takes USERDATA:
// FD|OP, FD|USERDATA, FD|OP|USERDATA and OP|USERDATA. ANY excludes FD and OP (the kernel's EINVAL).
import { OP, OP_LAST } from '../constants.ts';
import { ASYNC_CANCEL } from '../opflags.ts';
import { flags, range, u64 } from '../sqe/kinds.ts';
import { defineOp } from '../sqe/spec.ts';

const allOnly = flags('ASYNC_CANCEL', ASYNC_CANCEL.ALL | ASYNC_CANCEL.FD_FIXED);
const opcode = range(0, OP_LAST - 1);

export const cancel = defineOp({
  name: 'cancel',
  aliases: ['cancel64', 'asyncCancel'],
  prep: 'prep_cancel64',
  opcode: OP.ASYNC_CANCEL,
  args: {
    targetUserData: { kind: u64, slot: 'addr', doc: 'user_data of the request(s) to cancel' },
    cancelFlags: {
      kind: flags('ASYNC_CANCEL', ASYNC_CANCEL.ALL | ASYNC_CANCEL.USERDATA | ASYNC_CANCEL.FD_FIXED),
      slot: 'op_flags',
      optional: true,
      doc: 'ALL: every match, not just the first (liburing: flags)',
    },
  },
  fixed: { fd: -1 },
  doc: 'Cancel the request with this user_data (with ALL: every one); res 0 (or the count with ALL), -ENOENT, -EALREADY.',
});

export const cancelFd = defineOp({
  name: 'cancelFd',
  prep: 'prep_cancel_fd',
  opcode: OP.ASYNC_CANCEL,
  since: '5.19',
  args: {
    fd: { kind: range(0, 0x7fffffff), slot: 'fd', doc: 'the file (a fixed-file index with FD_FIXED)' },
    cancelFlags: {
      kind: flags('ASYNC_CANCEL', ASYNC_CANCEL.ALL | ASYNC_CANCEL.FD_FIXED | ASYNC_CANCEL.OP | ASYNC_CANCEL.USERDATA),
      slot: 'op_flags',
      optional: true,
      doc: 'ALL, FD_FIXED, and the further match keys OP (opcode) and USERDATA (targetUserData) (liburing: flags; FD is added)',
    },
  },
  extra: {
    opcode: { kind: opcode, slot: 'len', doc: 'with OP in cancelFlags: also match this IORING_OP_*' },
    targetUserData: { kind: u64, slot: 'addr', doc: 'with USERDATA in cancelFlags: also match this user_data' },
  },
  fixed: { op_flags: ASYNC_CANCEL.FD },
  doc: 'Cancel a request (with ALL: every one) on this fd (IORING_ASYNC_CANCEL_FD; FD_FIXED: fd is a fixed-file index, 6.0); with OP / USERDATA it must match the opcode / user_data too.',
});

export const cancelOp = defineOp({
  name: 'cancelOp',
  prep: 'prep_cancel_op',
  opcode: OP.ASYNC_CANCEL,
  since: '6.6',
  args: {
    opcode: { kind: opcode, slot: 'len', doc: 'IORING_OP_* of the request(s) to cancel' },
    cancelFlags: {
      kind: flags('ASYNC_CANCEL', ASYNC_CANCEL.ALL | ASYNC_CANCEL.USERDATA | ASYNC_CANCEL.FD_FIXED),
      slot: 'op_flags',
      optional: true,
      doc: 'ALL, and the further match key USERDATA (targetUserData)',
    },
  },
  extra: {
    targetUserData: { kind: u64, slot: 'addr', doc: 'with USERDATA in cancelFlags: also match this user_data' },
  },
  fixed: { fd: -1, op_flags: ASYNC_CANCEL.OP },
  doc: 'Cancel a request (with ALL: every one) of this opcode (IORING_ASYNC_CANCEL_OP, opcode in len); with USERDATA it must match the user_data too.',
});

export const cancelAny = defineOp({
  name: 'cancelAny',
  prep: 'prep_cancel_any',
  opcode: OP.ASYNC_CANCEL,
  since: '5.19',
  args: {
    cancelFlags: {
      kind: allOnly,
      slot: 'op_flags',
      optional: true,
      doc: 'ALL (changes nothing: the kernel treats ANY as ALL)',
    },
  },
  fixed: { fd: -1, op_flags: ASYNC_CANCEL.ANY },
  doc: 'Cancel every pending request (IORING_ASYNC_CANCEL_ANY; the kernel treats ANY as ALL, so res = the count, 0 when nothing was pending).',
});
