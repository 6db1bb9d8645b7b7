// Setup flags and features with their names and kernel versions, and the io_uring_params offsets the
// setup code reads (kernel uapi; docs/abi.md). The values themselves live in ts/constants.ts.
import { CQ_RING, ENTER, FEAT, OFF, REGISTER, SETUP, SQ_RING } from '../../ts/constants.ts';
export { CQ_RING, ENTER, FEAT, OFF, REGISTER, SETUP, SQ_RING };

/** A named flag bit and the Linux version that introduced it. */
export interface FlagInfo {
  name: string;
  bit: number;
  value: number;
  since: string;
  /** Other flags the kernel requires with this one. */
  requires?: number;
  /** What else the kernel needs (a parameter) for setup to accept it. */
  needs?: string;
}

function table(rows: [name: string, bit: number, since: string, requires?: number, needs?: string][]): FlagInfo[] {
  return rows.map(([name, bit, since, requires, needs]) => {
    const f: FlagInfo = { name, bit, value: 2 ** bit, since };
    if (requires !== undefined) f.requires = requires;
    if (needs !== undefined) f.needs = needs;
    return f;
  });
}

export type SetupFlagName = keyof typeof SETUP;

/** Every IORING_SETUP_* flag: name, bit and the kernel that added it. */
export const SETUP_FLAGS: readonly FlagInfo[] = table([
  ['IOPOLL', 0, '5.1'],
  ['SQPOLL', 1, '5.1'],
  ['SQ_AFF', 2, '5.1', SETUP.SQPOLL, 'sq_thread_cpu'],
  ['CQSIZE', 3, '5.5', undefined, 'cq_entries'],
  ['CLAMP', 4, '5.6'],
  ['ATTACH_WQ', 5, '5.6', undefined, 'wq_fd of an existing ring'],
  ['R_DISABLED', 6, '5.10'],
  ['SUBMIT_ALL', 7, '5.18'],
  ['COOP_TASKRUN', 8, '5.19'],
  ['TASKRUN_FLAG', 9, '5.19', SETUP.COOP_TASKRUN],
  ['SQE128', 10, '5.19'],
  ['CQE32', 11, '5.19'],
  ['SINGLE_ISSUER', 12, '6.0'],
  ['DEFER_TASKRUN', 13, '6.1', SETUP.SINGLE_ISSUER],
  ['NO_MMAP', 14, '6.5', undefined, 'sq_off.user_addr and cq_off.user_addr'],
  ['REGISTERED_FD_ONLY', 15, '6.5', SETUP.NO_MMAP],
  ['NO_SQARRAY', 16, '6.6'],
  ['HYBRID_IOPOLL', 17, '6.13', SETUP.IOPOLL],
  ['CQE_MIXED', 18, '6.18'],
  ['SQE_MIXED', 19, '6.19'],
  ['SQ_REWIND', 20, '7.0', SETUP.NO_SQARRAY],
]);

/** Every IORING_FEAT_* bit: name and the kernel that added it. */
export const FEATURES: readonly FlagInfo[] = table([
  ['SINGLE_MMAP', 0, '5.4'],
  ['NODROP', 1, '5.5'],
  ['SUBMIT_STABLE', 2, '5.5'],
  ['RW_CUR_POS', 3, '5.6'],
  ['CUR_PERSONALITY', 4, '5.6'],
  ['FAST_POLL', 5, '5.7'],
  ['POLL_32BITS', 6, '5.9'],
  ['SQPOLL_NONFIXED', 7, '5.11'],
  ['EXT_ARG', 8, '5.11'],
  ['NATIVE_WORKERS', 9, '5.12'],
  ['RSRC_TAGS', 10, '5.13'],
  ['CQE_SKIP', 11, '5.17'],
  ['LINKED_FILE', 12, '5.17'],
  ['REG_REG_RING', 13, '6.3'],
  ['RECVSEND_BUNDLE', 14, '6.10'],
  ['MIN_TIMEOUT', 15, '6.12'],
  ['RW_ATTR', 16, '6.14'],
  ['NO_IOWAIT', 17, '6.15'],
]);

/** io_uring_params (120 bytes) field offsets. */
export const PARAMS = {
  SIZE: 120,
  sq_entries: 0,
  cq_entries: 4,
  flags: 8,
  sq_thread_cpu: 12,
  sq_thread_idle: 16,
  features: 20,
  wq_fd: 24,
  sq_off: 40,
  cq_off: 80,
} as const;
/** io_sqring_offsets (at PARAMS.sq_off) and io_cqring_offsets (at PARAMS.cq_off). */
export const SQ_OFF = {
  head: 0,
  tail: 4,
  ring_mask: 8,
  ring_entries: 12,
  flags: 16,
  dropped: 20,
  array: 24,
  user_addr: 32,
} as const;
/** io_cqring_offsets (at PARAMS.cq_off). */
export const CQ_OFF = {
  head: 0,
  tail: 4,
  ring_mask: 8,
  ring_entries: 12,
  overflow: 16,
  cqes: 20,
  flags: 24,
  user_addr: 32,
} as const;

/** Names of the set bits of `value` in `flags`; unknown bits as 'bit N'. */
export function flagNames(value: number, flags: readonly FlagInfo[]): string[] {
  const out: string[] = [];
  for (let bit = 0; bit < 32; bit++) {
    if (((value >>> bit) & 1) === 0) continue;
    const f = flags.find((x) => x.bit === bit);
    out.push(f ? f.name : `bit ${bit}`);
  }
  return out;
}

/** Compare kernel versions '6.18' / '6.18.4-foo': negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => parseInt(x, 10));
  const pb = b.split(/[.-]/).map((x) => parseInt(x, 10));
  for (let i = 0; i < 3; i++) {
    const x = Number.isFinite(pa[i]) ? pa[i]! : 0,
      y = Number.isFinite(pb[i]) ? pb[i]! : 0;
    if (x !== y) return x - y;
  }
  return 0;
}
