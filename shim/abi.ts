// io_uring setup / enter / register constants with their names and kernel versions (kernel uapi,
// spec/ABI.md §8.3–8.7). No node:* imports: these could move into ts/constants.ts unchanged.

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

/** IORING_SETUP_* (io_uring_params.flags). */
export const SETUP = {
  IOPOLL: 1 << 0, SQPOLL: 1 << 1, SQ_AFF: 1 << 2, CQSIZE: 1 << 3, CLAMP: 1 << 4, ATTACH_WQ: 1 << 5,
  R_DISABLED: 1 << 6, SUBMIT_ALL: 1 << 7, COOP_TASKRUN: 1 << 8, TASKRUN_FLAG: 1 << 9, SQE128: 1 << 10,
  CQE32: 1 << 11, SINGLE_ISSUER: 1 << 12, DEFER_TASKRUN: 1 << 13, NO_MMAP: 1 << 14, REGISTERED_FD_ONLY: 1 << 15,
  NO_SQARRAY: 1 << 16, HYBRID_IOPOLL: 1 << 17, CQE_MIXED: 1 << 18, SQE_MIXED: 1 << 19, SQ_REWIND: 1 << 20,
} as const;
export type SetupFlagName = keyof typeof SETUP;

export const SETUP_FLAGS: readonly FlagInfo[] = table([
  ['IOPOLL', 0, '5.1'], ['SQPOLL', 1, '5.1'], ['SQ_AFF', 2, '5.1', SETUP.SQPOLL, 'sq_thread_cpu'],
  ['CQSIZE', 3, '5.5', undefined, 'cq_entries'], ['CLAMP', 4, '5.6'], ['ATTACH_WQ', 5, '5.6', undefined, 'wq_fd of an existing ring'],
  ['R_DISABLED', 6, '5.10'], ['SUBMIT_ALL', 7, '5.18'], ['COOP_TASKRUN', 8, '5.19'],
  ['TASKRUN_FLAG', 9, '5.19', SETUP.COOP_TASKRUN], ['SQE128', 10, '5.19'], ['CQE32', 11, '5.19'],
  ['SINGLE_ISSUER', 12, '6.0'], ['DEFER_TASKRUN', 13, '6.1', SETUP.SINGLE_ISSUER],
  ['NO_MMAP', 14, '6.5', undefined, 'sq_off.user_addr and cq_off.user_addr'],
  ['REGISTERED_FD_ONLY', 15, '6.5', SETUP.NO_MMAP], ['NO_SQARRAY', 16, '6.6'],
  ['HYBRID_IOPOLL', 17, '6.13', SETUP.IOPOLL], ['CQE_MIXED', 18, '6.18'], ['SQE_MIXED', 19, '6.19'],
  ['SQ_REWIND', 20, '7.0', SETUP.NO_SQARRAY],
]);

/** IORING_FEAT_* (io_uring_params.features). */
export const FEAT = {
  SINGLE_MMAP: 1 << 0, NODROP: 1 << 1, SUBMIT_STABLE: 1 << 2, RW_CUR_POS: 1 << 3, CUR_PERSONALITY: 1 << 4,
  FAST_POLL: 1 << 5, POLL_32BITS: 1 << 6, SQPOLL_NONFIXED: 1 << 7, EXT_ARG: 1 << 8, NATIVE_WORKERS: 1 << 9,
  RSRC_TAGS: 1 << 10, CQE_SKIP: 1 << 11, LINKED_FILE: 1 << 12, REG_REG_RING: 1 << 13, RECVSEND_BUNDLE: 1 << 14,
  MIN_TIMEOUT: 1 << 15, RW_ATTR: 1 << 16, NO_IOWAIT: 1 << 17,
} as const;

export const FEATURES: readonly FlagInfo[] = table([
  ['SINGLE_MMAP', 0, '5.4'], ['NODROP', 1, '5.5'], ['SUBMIT_STABLE', 2, '5.5'], ['RW_CUR_POS', 3, '5.6'],
  ['CUR_PERSONALITY', 4, '5.6'], ['FAST_POLL', 5, '5.7'], ['POLL_32BITS', 6, '5.9'], ['SQPOLL_NONFIXED', 7, '5.11'],
  ['EXT_ARG', 8, '5.11'], ['NATIVE_WORKERS', 9, '5.12'], ['RSRC_TAGS', 10, '5.13'], ['CQE_SKIP', 11, '5.17'],
  ['LINKED_FILE', 12, '5.17'], ['REG_REG_RING', 13, '6.3'], ['RECVSEND_BUNDLE', 14, '6.10'], ['MIN_TIMEOUT', 15, '6.12'],
  ['RW_ATTR', 16, '6.14'], ['NO_IOWAIT', 17, '6.15'],
]);

/** IORING_ENTER_* (io_uring_enter flags). */
export const ENTER = {
  GETEVENTS: 1 << 0, SQ_WAKEUP: 1 << 1, SQ_WAIT: 1 << 2, EXT_ARG: 1 << 3, REGISTERED_RING: 1 << 4,
  ABS_TIMER: 1 << 5, EXT_ARG_REG: 1 << 6, NO_IOWAIT: 1 << 7,
} as const;

/** SQ ring flags (kernel-written) and CQ ring flags (app-written). */
export const SQ_RING = { NEED_WAKEUP: 1, CQ_OVERFLOW: 2, TASKRUN: 4 } as const;
export const CQ_RING = { EVENTFD_DISABLED: 1 } as const;

/** mmap offsets of the ring fd. */
export const OFF = { SQ_RING: 0, CQ_RING: 0x8000000, SQES: 0x10000000, PBUF_RING: 0x80000000, PBUF_SHIFT: 16, MMAP_MASK: 0xf8000000 } as const;

/** IORING_REGISTER_* opcodes. */
export const REGISTER = {
  BUFFERS: 0, UNREGISTER_BUFFERS: 1, FILES: 2, UNREGISTER_FILES: 3, EVENTFD: 4, UNREGISTER_EVENTFD: 5,
  FILES_UPDATE: 6, EVENTFD_ASYNC: 7, PROBE: 8, PERSONALITY: 9, UNREGISTER_PERSONALITY: 10, RESTRICTIONS: 11,
  ENABLE_RINGS: 12, FILES2: 13, FILES_UPDATE2: 14, BUFFERS2: 15, BUFFERS_UPDATE: 16, IOWQ_AFF: 17,
  UNREGISTER_IOWQ_AFF: 18, IOWQ_MAX_WORKERS: 19, RING_FDS: 20, UNREGISTER_RING_FDS: 21, PBUF_RING: 22,
  UNREGISTER_PBUF_RING: 23, SYNC_CANCEL: 24, FILE_ALLOC_RANGE: 25, PBUF_STATUS: 26, NAPI: 27, UNREGISTER_NAPI: 28,
  CLOCK: 29, CLONE_BUFFERS: 30, SEND_MSG_RING: 31, ZCRX_IFQ: 32, RESIZE_RINGS: 33, MEM_REGION: 34, QUERY: 35,
  ZCRX_CTRL: 36, USE_REGISTERED_RING: 0x80000000,
} as const;

/** io_uring_params (120 bytes) field offsets. */
export const PARAMS = {
  SIZE: 120, sq_entries: 0, cq_entries: 4, flags: 8, sq_thread_cpu: 12, sq_thread_idle: 16, features: 20,
  wq_fd: 24, sq_off: 40, cq_off: 80,
} as const;
/** io_sqring_offsets (at PARAMS.sq_off) and io_cqring_offsets (at PARAMS.cq_off). */
export const SQ_OFF = { head: 0, tail: 4, ring_mask: 8, ring_entries: 12, flags: 16, dropped: 20, array: 24, user_addr: 32 } as const;
export const CQ_OFF = { head: 0, tail: 4, ring_mask: 8, ring_entries: 12, overflow: 16, cqes: 20, flags: 24, user_addr: 32 } as const;

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
    const x = Number.isFinite(pa[i]) ? pa[i]! : 0, y = Number.isFinite(pb[i]) ? pb[i]! : 0;
    if (x !== y) return x - y;
  }
  return 0;
}
