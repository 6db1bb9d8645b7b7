// An independent statement of the SQE layout, written by hand from the kernel uapi (docs/abi.md),
// never derived from the core. Golden vectors build their expected bytes with it, and the fuzzer and the
// explorer's layout check compare the core's own field table (core-c/sqe_fields.c) against it.
// Browser-safe: no imports.

/** Every named SQE field and union member: [byte offset, size in bytes]. */
export const SQE_LAYOUT: Readonly<Record<string, readonly [offset: number, size: number]>> = {
  opcode: [0, 1],
  flags: [1, 1],
  ioprio: [2, 2],
  fd: [4, 4],
  off: [8, 8],
  addr2: [8, 8],
  cmd_op: [8, 4],
  __pad1: [12, 4],
  addr: [16, 8],
  splice_off_in: [16, 8],
  level: [16, 4],
  optname: [20, 4],
  len: [24, 4],
  op_flags: [28, 4],
  user_data: [32, 8],
  buf_index: [40, 2],
  buf_group: [40, 2],
  personality: [42, 2],
  splice_fd_in: [44, 4],
  file_index: [44, 4],
  optlen: [44, 4],
  addr_len: [44, 2],
  __pad3: [46, 2],
  addr3: [48, 8],
  optval: [48, 8],
  __pad2: [56, 8],
};

/** Fields the kernel declares signed (s32); every other field is unsigned. */
export const SQE_SIGNED: ReadonlySet<string> = new Set(['fd', 'splice_fd_in']);

/** Size of an SQE, and of one on an SQE128 ring (or a 128-byte op on a mixed ring). */
export const SQE_SIZE = 64;
export const SQE128_SIZE = 128;

/** 64 (or 128) bytes with the named fields set little-endian; everything else zero. Negative values are
 *  stored in two's complement of the field's width. Throws on an unknown field or a value that does not fit. */
export function packSqe(fields: Readonly<Record<string, number | bigint>>, size = SQE_SIZE): Uint8Array {
  const out = new Uint8Array(size);
  for (const [name, v] of Object.entries(fields)) {
    const at = SQE_LAYOUT[name];
    if (!at) throw new Error(`packSqe: unknown field ${name}`);
    const [off, sz] = at;
    const bits = BigInt(sz * 8);
    let b = BigInt(v);
    if (b < -(1n << bits) || b >= 1n << bits)
      throw new RangeError(`packSqe: ${name} = ${v} does not fit in ${sz} bytes`);
    if (b < 0n) b += 1n << bits;
    for (let i = 0; i < sz; i++) out[off + i] = Number((b >> BigInt(8 * i)) & 0xffn);
  }
  return out;
}

/** Read a field by the independent table: unsigned bigint of the field's width. */
export function readSqeField(bytes: Uint8Array, name: string): bigint {
  const at = SQE_LAYOUT[name];
  if (!at) throw new Error(`readSqeField: unknown field ${name}`);
  let v = 0n;
  for (let i = at[1] - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[at[0] + i]!);
  return v;
}

/** One struct of the independent table: its size and the fields the uapi states (size 0: a flexible
 *  trailing array). Fields the table leaves out are shown unchecked, never assumed. */
export interface AbiStruct {
  size: number;
  fields: Readonly<Record<string, readonly [offset: number, size: number]>>;
}

const OP_FLAG_NAMES = [
  'rw_flags',
  'fsync_flags',
  'poll32_events',
  'sync_range_flags',
  'msg_flags',
  'timeout_flags',
  'accept_flags',
  'cancel_flags',
  'open_flags',
  'statx_flags',
  'fadvise_advice',
  'splice_flags',
  'rename_flags',
  'unlink_flags',
  'hardlink_flags',
  'xattr_flags',
  'msg_ring_flags',
  'uring_cmd_flags',
  'waitid_flags',
  'futex_flags',
  'install_fd_flags',
  'nop_flags',
  'pipe_flags',
];

/** Kernel and process-ABI structs by the core's short names, from the kernel uapi (x86_64 process ABI). */
export const ABI_STRUCTS: Readonly<Record<string, AbiStruct>> = {
  sqe: {
    size: 64,
    fields: {
      ...Object.fromEntries(Object.entries(SQE_LAYOUT).filter(([n]) => n !== 'op_flags')),
      ...Object.fromEntries(OP_FLAG_NAMES.map((n) => [n, [28, 4] as const])),
      poll_events: [28, 2],
      zcrx_ifq_idx: [44, 4],
      attr_ptr: [48, 8],
      attr_type_mask: [56, 8],
      cmd: [48, 0],
    },
  },
  cqe: { size: 16, fields: { user_data: [0, 8], res: [8, 4], flags: [12, 4], big_cqe: [16, 0] } },
  params: {
    size: 120,
    fields: {
      sq_entries: [0, 4],
      cq_entries: [4, 4],
      flags: [8, 4],
      sq_thread_cpu: [12, 4],
      sq_thread_idle: [16, 4],
      features: [20, 4],
      wq_fd: [24, 4],
      resv: [28, 12],
      sq_off: [40, 40],
      cq_off: [80, 40],
    },
  },
  sqring_offsets: {
    size: 40,
    fields: {
      head: [0, 4],
      tail: [4, 4],
      ring_mask: [8, 4],
      ring_entries: [12, 4],
      flags: [16, 4],
      dropped: [20, 4],
      array: [24, 4],
      resv1: [28, 4],
      user_addr: [32, 8],
    },
  },
  cqring_offsets: {
    size: 40,
    fields: {
      head: [0, 4],
      tail: [4, 4],
      ring_mask: [8, 4],
      ring_entries: [12, 4],
      overflow: [16, 4],
      cqes: [20, 4],
      flags: [24, 4],
      resv1: [28, 4],
      user_addr: [32, 8],
    },
  },
  getevents_arg: { size: 24, fields: { sigmask: [0, 8], sigmask_sz: [8, 4], min_wait_usec: [12, 4], ts: [16, 8] } },
  kernel_timespec: { size: 16, fields: { tv_sec: [0, 8], tv_nsec: [8, 8] } },
  rsrc_register: { size: 32, fields: { nr: [0, 4], flags: [4, 4], resv2: [8, 8], data: [16, 8], tags: [24, 8] } },
  rsrc_update: { size: 16, fields: { offset: [0, 4], resv: [4, 4], data: [8, 8] } },
  rsrc_update2: {
    size: 32,
    fields: { offset: [0, 4], resv: [4, 4], data: [8, 8], tags: [16, 8], nr: [24, 4], resv2: [28, 4] },
  },
  files_update: { size: 16, fields: { offset: [0, 4], resv: [4, 4], fds: [8, 8] } },
  probe: { size: 16, fields: { last_op: [0, 1], ops_len: [1, 1], resv: [2, 2], resv2: [4, 12], ops: [16, 0] } },
  probe_op: { size: 8, fields: { op: [0, 1], resv: [1, 1], flags: [2, 2], resv2: [4, 4] } },
  restriction: {
    size: 16,
    fields: { opcode: [0, 2], register_op: [2, 1], sqe_op: [2, 1], sqe_flags: [2, 1], resv: [3, 1], resv2: [4, 12] },
  },
  buf: { size: 16, fields: { addr: [0, 8], len: [8, 4], bid: [12, 2], resv: [14, 2] } },
  buf_ring: { size: 16, fields: { tail: [14, 2] } },
  buf_reg: {
    size: 40,
    fields: { ring_addr: [0, 8], ring_entries: [8, 4], bgid: [12, 2], flags: [14, 2], min_left: [16, 4] },
  },
  buf_status: { size: 40, fields: { buf_group: [0, 4], head: [4, 4] } },
  sync_cancel_reg: {
    size: 64,
    fields: { addr: [0, 8], fd: [8, 4], flags: [12, 4], timeout: [16, 16], opcode: [32, 1] },
  },
  file_index_range: { size: 16, fields: { off: [0, 4], len: [4, 4], resv: [8, 8] } },
  recvmsg_out: { size: 16, fields: { namelen: [0, 4], controllen: [4, 4], payloadlen: [8, 4], flags: [12, 4] } },
  reg_wait: {
    size: 64,
    fields: { ts: [0, 16], min_wait_usec: [16, 4], flags: [20, 4], sigmask: [24, 8], sigmask_sz: [32, 4] },
  },
  napi: { size: 16, fields: { busy_poll_to: [0, 4], prefer_busy_poll: [4, 1], pad: [5, 3], resv: [8, 8] } },
  clock_register: { size: 16, fields: { clockid: [0, 4] } },
  clone_buffers: {
    size: 32,
    fields: { src_fd: [0, 4], flags: [4, 4], src_off: [8, 4], dst_off: [12, 4], nr: [16, 4], pad: [20, 12] },
  },
  iovec: { size: 16, fields: {} },
  msghdr: { size: 56, fields: {} },
  epoll_event: { size: 12, fields: {} },
  open_how: { size: 24, fields: {} },
  futex_waitv: { size: 24, fields: {} },
  statx: { size: 256, fields: {} },
  sockaddr_in: { size: 16, fields: {} },
  sockaddr_in6: { size: 28, fields: {} },
  sockaddr_un: { size: 110, fields: {} },
  sockaddr_storage: { size: 128, fields: {} },
};
