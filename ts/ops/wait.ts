// waitid, futex wait / wake / waitv.
import { OP } from '../constants.ts';
import { flags, i32, ptr, range, type Kind } from '../sqe/kinds.ts';
import { defineOp } from '../sqe/spec.ts';

/** A field the kernel requires to be 0 (waitid_flags, the io_uring futex_flags); kept because liburing's
 *  helpers take it. */
function zero(field: string): Kind {
  return {
    what: `0 (${field} must be 0)`,
    words: 1,
    check(op, arg, v) {
      if (typeof v !== 'number') throw new TypeError(`${op}: ${arg} must be a number (0), got ${typeof v}`);
      if (v !== 0) throw new RangeError(`${op}: ${arg} must be 0: the kernel refuses a non-zero ${field}, got ${v}`);
      return 0;
    },
    sample: () => 0,
  };
}

/** A u64 argument restricted to [lo, hi] (hi < 2^53); 2 words because its field is 64 bits wide. */
function u64In(lo: number, hi: number, what: string): Kind {
  return {
    what: `${what} in ${lo}..${hi}`,
    words: 2,
    check(op, arg, v) {
      const n = typeof v === 'bigint' ? (v >= BigInt(lo) && v <= BigInt(hi) ? Number(v) : lo - 1) : v;
      if (typeof n !== 'number')
        throw new TypeError(`${op}: ${arg} must be a number or bigint (${what}), got ${typeof v}`);
      if (!Number.isInteger(n) || n < lo || n > hi)
        throw new RangeError(`${op}: ${arg} must be ${what} in ${lo}..${hi}, got ${String(v)}`);
      return n;
    },
    sample: (r) => {
      const x = r();
      return x < 0.1 ? lo : x < 0.2 ? hi : lo + Math.floor(r() * (hi - lo + 1));
    },
    domain: { type: 'int', lo, hi },
  };
}

// waitid(2): idtype P_ALL 0, P_PID 1, P_PGID 2, P_PIDFD 3.
const idtype = range(0, 3);
const W = {
  NOHANG: 1,
  STOPPED: 2,
  EXITED: 4,
  CONTINUED: 8,
  NOWAIT: 0x01000000,
  NOTHREAD: 0x20000000,
  ALL: 0x40000000,
  CLONE: 0x80000000,
};
const W_EVENTS = W.EXITED | W.STOPPED | W.CONTINUED;
const waitOptionsBase = flags(
  'W',
  Object.values(W).reduce((a, b) => (a | b) >>> 0, 0),
);
/** waitid options; the kernel also wants at least one of WEXITED, WSTOPPED, WCONTINUED (kernel_waitid_prepare). */
const waitOptions: Kind = {
  what: 'waitid options WNOHANG|WSTOPPED|WEXITED|WCONTINUED|WNOWAIT|__WNOTHREAD|__WALL|__WCLONE, with WEXITED, WSTOPPED or WCONTINUED',
  words: 1,
  check(op, arg, v) {
    const x = waitOptionsBase.check(op, arg, v) as number;
    if (!(x & W_EVENTS))
      throw new RangeError(`${op}: ${arg} must include WEXITED, WSTOPPED or WCONTINUED, got 0x${x.toString(16)}`);
    return x;
  },
  sample: (r) => {
    const x = waitOptionsBase.sample(r) as number;
    return (x & W_EVENTS ? x : x | W.EXITED) >>> 0;
  },
};

// futex2 flags (in fd): FUTEX2_SIZE_U8 0, U16 1, U32 2, U64 3 (mask 3), FUTEX2_NUMA 4, FUTEX2_MPOL 8 (6.16),
// FUTEX2_PRIVATE 128: the kernel's FUTEX2_VALID_MASK, which io_futex_prep checks.
const FUTEX2 = { SIZE_MASK: 3, SIZE_U32: 2, NUMA: 4, MPOL: 8, PRIVATE: 128 };
const futex2Base = flags('FUTEX2', FUTEX2.SIZE_MASK | FUTEX2.NUMA | FUTEX2.MPOL | FUTEX2.PRIVATE);
/** The kernel implements 32-bit futexes only (futex_flags_valid: "Only 32bit futexes are implemented -- for
 *  now"), so U8/U16/U64 are refused; that also bounds the value and mask to 32 bits. */
const futex2Flags: Kind = {
  what: 'FUTEX2 flags: SIZE_U32 (2), optionally with NUMA (4), MPOL (8) and PRIVATE (128)',
  words: 1,
  check(op, arg, v) {
    const x = futex2Base.check(op, arg, v) as number;
    if ((x & FUTEX2.SIZE_MASK) !== FUTEX2.SIZE_U32)
      throw new RangeError(
        `${op}: ${arg} must have size FUTEX2_SIZE_U32 (2): the kernel implements only 32-bit futexes; got 0x${x.toString(16)}`,
      );
    return x;
  },
  sample: (r) => (((futex2Base.sample(r) as number) & ~FUTEX2.SIZE_MASK) | FUTEX2.SIZE_U32) >>> 0,
};
const futexValue = u64In(0, 0xffffffff, 'a 32-bit futex value');
/** The bitset: non-zero (futex_wait / futex_wake answer -EINVAL for 0); FUTEX_BITSET_MATCH_ANY = 0xffffffff. */
const futexMask = u64In(1, 0xffffffff, 'a non-zero 32-bit bitmask');

export const waitid = defineOp({
  name: 'waitid',
  prep: 'prep_waitid',
  opcode: OP.WAITID,
  args: {
    idtype: { kind: idtype, slot: 'len', doc: 'P_ALL 0, P_PID 1, P_PGID 2, P_PIDFD 3' },
    id: { kind: i32, slot: 'fd', doc: 'pid, pgid or pidfd (ignored for P_ALL; negative: EINVAL for the others)' },
    infop: { kind: ptr, slot: 'off', doc: 'address of a siginfo_t to fill (0: none)' },
    options: { kind: waitOptions, slot: 'file_index', doc: 'W* options' },
    waitidFlags: { kind: zero('waitid_flags'), slot: 'op_flags', optional: true, doc: 'must be 0 (liburing: flags)' },
  },
  doc: 'waitid(2): wait for a child state change; res 0 with *infop filled, or -errno (-ECHILD...).',
});

export const futexWait = defineOp({
  name: 'futexWait',
  prep: 'prep_futex_wait',
  opcode: OP.FUTEX_WAIT,
  args: {
    futex: { kind: ptr, slot: 'addr', doc: 'address of the futex word' },
    val: { kind: futexValue, slot: 'off', doc: 'expected value: sleep only while *futex == val' },
    mask: { kind: futexMask, slot: 'addr3', doc: 'wake-up bitset (FUTEX_BITSET_MATCH_ANY = 0xffffffff)' },
    futexFlags: { kind: futex2Flags, slot: 'fd', doc: 'FUTEX2_* flags' },
    opFlags: {
      kind: zero('futex_flags'),
      slot: 'op_flags',
      optional: true,
      doc: 'io_uring futex_flags, must be 0 (liburing: flags)',
    },
  },
  doc: 'futex2 wait: res 0 when woken, -EAGAIN if *futex != val at submission, -ECANCELED when cancelled.',
});

export const futexWake = defineOp({
  name: 'futexWake',
  prep: 'prep_futex_wake',
  opcode: OP.FUTEX_WAKE,
  args: {
    futex: { kind: ptr, slot: 'addr', doc: 'address of the futex word' },
    val: { kind: futexValue, slot: 'off', doc: 'wake at most this many waiters' },
    mask: { kind: futexMask, slot: 'addr3', doc: 'wake waiters whose bitset intersects this (0xffffffff: any)' },
    futexFlags: { kind: futex2Flags, slot: 'fd', doc: 'FUTEX2_* flags' },
    opFlags: {
      kind: zero('futex_flags'),
      slot: 'op_flags',
      optional: true,
      doc: 'io_uring futex_flags, must be 0 (liburing: flags)',
    },
  },
  doc: 'futex2 wake: res = number of waiters woken.',
});

export const futexWaitv = defineOp({
  name: 'futexWaitv',
  prep: 'prep_futex_waitv',
  opcode: OP.FUTEX_WAITV,
  args: {
    futex: {
      kind: ptr,
      slot: 'addr',
      doc: 'address of an array of struct futex_waitv (24 bytes each: u64 val, u64 uaddr, u32 flags, u32 reserved)',
    },
    nrFutex: { kind: range(1, 128), slot: 'len', doc: 'number of entries (FUTEX_WAITV_MAX = 128)' },
    opFlags: {
      kind: zero('futex_flags'),
      slot: 'op_flags',
      optional: true,
      doc: 'io_uring futex_flags, must be 0 (liburing: flags)',
    },
  },
  doc: 'Wait on several futexes at once; res = index of the one that woke us.',
});
