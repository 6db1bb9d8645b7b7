// timeout, timeout remove and update, link timeout.
//
// TIMEOUT_REMOVE carries three specs, told apart by timeout_flags: no update bit → timeoutRemove,
// UPDATE → timeoutUpdate, UPDATE|LINK_TIMEOUT_UPDATE → linkTimeoutUpdate (tie with timeoutUpdate on
// fixed count; the registry lists linkTimeoutUpdate first, and a golden vector pins the pick).
import { OP } from '../constants.ts';
import { TIMEOUT } from '../opflags.ts';
import { flags, ptr, u64, type Kind } from '../sqe/kinds.ts';
import { defineOp } from '../sqe/spec.ts';

const CLOCKS = TIMEOUT.BOOTTIME | TIMEOUT.REALTIME;
const timeoutFlagsBase = flags('TIMEOUT', TIMEOUT.ABS | CLOCKS | TIMEOUT.ETIME_SUCCESS | TIMEOUT.MULTISHOT);

/** timeout_flags of TIMEOUT and LINK_TIMEOUT, with the kernel's two cross-bit rules (__io_timeout_prep):
 *  at most one clock, and MULTISHOT only with a relative time. */
const timeoutFlags: Kind = {
  what: 'TIMEOUT flags ABS|BOOTTIME|REALTIME|ETIME_SUCCESS|MULTISHOT (one clock at most; MULTISHOT not with ABS)',
  words: 1,
  check(op, arg, v) {
    const x = timeoutFlagsBase.check(op, arg, v) as number;
    if ((x & CLOCKS) === CLOCKS)
      throw new RangeError(`${op}: ${arg} may name one clock only (BOOTTIME or REALTIME), got 0x${x.toString(16)}`);
    if (x & TIMEOUT.MULTISHOT && x & TIMEOUT.ABS)
      throw new RangeError(`${op}: ${arg} MULTISHOT needs a relative time (not ABS), got 0x${x.toString(16)}`);
    return x;
  },
  sample(r) {
    let x = timeoutFlagsBase.sample(r) as number;
    if ((x & CLOCKS) === CLOCKS) x &= ~(r() < 0.5 ? TIMEOUT.BOOTTIME : TIMEOUT.REALTIME);
    if (x & TIMEOUT.MULTISHOT && x & TIMEOUT.ABS) x &= ~(r() < 0.5 ? TIMEOUT.MULTISHOT : TIMEOUT.ABS);
    return x >>> 0;
  },
};

/** Updates (io_timeout_remove_prep) accept ABS only besides the update bits the prep sets. */
const updateFlags = flags('TIMEOUT update', TIMEOUT.ABS);

/** A plain removal takes no flags (the kernel: "timeout removal doesn't support flags"). */
const removeFlags: Kind = {
  what: '0 (a timeout removal takes no flags; use timeoutUpdate / linkTimeoutUpdate to update)',
  words: 1,
  check(op, arg, v) {
    if (typeof v !== 'number') throw new TypeError(`${op}: ${arg} must be a number (0), got ${typeof v}`);
    if (v !== 0)
      throw new RangeError(
        `${op}: ${arg} must be 0: the kernel accepts no flags on a removal (use timeoutUpdate or linkTimeoutUpdate), got ${v}`,
      );
    return 0;
  },
  sample: () => 0,
};

/** The completion count lands in the 64-bit off field; the kernel reads its low 32 bits. */
const count: Kind = {
  what: 'an integer in 0..4294967295',
  words: 2,
  check(op, arg, v) {
    const n = typeof v === 'bigint' ? (v >= 0n && v <= 0xffffffffn ? Number(v) : -1) : v;
    if (typeof n !== 'number')
      throw new TypeError(`${op}: ${arg} must be a number or bigint (0..4294967295), got ${typeof v}`);
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
      throw new RangeError(`${op}: ${arg} must be an integer in 0..4294967295, got ${String(v)}`);
    return n;
  },
  sample: (r) => {
    const x = r();
    return x < 0.1 ? 0 : x < 0.2 ? 0xffffffff : Math.floor(r() * 0x100000000);
  },
  domain: { type: 'int', lo: 0, hi: 0xffffffff },
};

export const timeout = defineOp({
  name: 'timeout',
  prep: 'prep_timeout',
  opcode: OP.TIMEOUT,
  args: {
    ts: { kind: ptr, slot: 'addr', doc: 'address of a struct __kernel_timespec (16 bytes)' },
    count: {
      kind: count,
      slot: 'off',
      optional: true,
      doc: 'complete after this many other completions (0: a pure timer; MULTISHOT: number of shots, 0 = unlimited)',
    },
    timeoutFlags: { kind: timeoutFlags, slot: 'op_flags', optional: true, doc: 'IORING_TIMEOUT_* (liburing: flags)' },
  },
  fixed: { fd: -1, len: 1 },
  doc: 'Complete with -ETIME when the time passes (still -ETIME with ETIME_SUCCESS, which only keeps it from failing an IO_LINK chain), or with 0 after count completions.',
});

export const timeoutRemove = defineOp({
  name: 'timeoutRemove',
  prep: 'prep_timeout_remove',
  opcode: OP.TIMEOUT_REMOVE,
  args: {
    targetUserData: { kind: u64, slot: 'addr', doc: 'user_data of the timeout to remove' },
    timeoutFlags: { kind: removeFlags, slot: 'op_flags', optional: true, doc: 'must be 0 (liburing: flags)' },
  },
  fixed: { fd: -1 },
  doc: 'Cancel a pending timeout by its user_data; it completes with -ECANCELED.',
});

export const timeoutUpdate = defineOp({
  name: 'timeoutUpdate',
  prep: 'prep_timeout_update',
  opcode: OP.TIMEOUT_REMOVE,
  since: '5.11',
  args: {
    ts: { kind: ptr, slot: 'off', doc: 'address of the new struct __kernel_timespec' },
    targetUserData: { kind: u64, slot: 'addr', doc: 'user_data of the timeout to update' },
    timeoutFlags: {
      kind: updateFlags,
      slot: 'op_flags',
      optional: true,
      doc: 'ABS (liburing: flags; UPDATE is added)',
    },
  },
  fixed: { fd: -1, op_flags: TIMEOUT.UPDATE },
  doc: 'Re-arm a pending timeout with a new time (TIMEOUT_REMOVE with IORING_TIMEOUT_UPDATE).',
});

export const linkTimeout = defineOp({
  name: 'linkTimeout',
  prep: 'prep_link_timeout',
  opcode: OP.LINK_TIMEOUT,
  args: {
    ts: { kind: ptr, slot: 'addr', doc: 'address of a struct __kernel_timespec (16 bytes)' },
    timeoutFlags: { kind: timeoutFlags, slot: 'op_flags', optional: true, doc: 'IORING_TIMEOUT_* (liburing: flags)' },
  },
  fixed: { fd: -1, len: 1 },
  doc: 'A deadline for the preceding IOSQE_IO_LINK-ed SQE: cancels it (-ECANCELED) and completes with -ETIME if it is not done in time.',
});

export const linkTimeoutUpdate = defineOp({
  name: 'linkTimeoutUpdate',
  prep: 'prep_link_timeout_update',
  opcode: OP.TIMEOUT_REMOVE,
  since: '5.15',
  args: {
    ts: { kind: ptr, slot: 'off', doc: 'address of the new struct __kernel_timespec' },
    targetUserData: { kind: u64, slot: 'addr', doc: 'user_data of the link timeout to update' },
    timeoutFlags: {
      kind: updateFlags,
      slot: 'op_flags',
      optional: true,
      doc: 'ABS (UPDATE|LINK_TIMEOUT_UPDATE are added)',
    },
  },
  fixed: { fd: -1, op_flags: TIMEOUT.UPDATE | TIMEOUT.LINK_TIMEOUT_UPDATE },
  doc: 'Re-arm a pending link timeout (TIMEOUT_REMOVE with IORING_TIMEOUT_UPDATE|IORING_LINK_TIMEOUT_UPDATE; liburing: timeout_update with IORING_LINK_TIMEOUT_UPDATE).',
});
