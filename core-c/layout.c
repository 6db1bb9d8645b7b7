/* The layout of every kernel and process-ABI struct the core defines, as a table JS reads from the
 * module: per struct its name and size, per field its name, offset and size. Union members that share
 * bytes each have a row. A size of 0 marks a variable-length trailing array (cqe.big_cqe, probe.ops,
 * buf_ring.bufs, sqe.cmd). The layout tests compare this table with a hand-written table and with the
 * system <linux/io_uring.h> (docs/abi.md), so the C definitions in abi/ are checked from both sides. */
#include "abi/abi.h"

struct uring_layout_field { const char *name; u16 offset; u16 size; };
struct uring_layout_struct { const char *name; u32 size; const struct uring_layout_field *fields; u32 nfields; };

#define MSIZE(T, f) sizeof(((struct T *)0)->f)
#define F(T, f) { #f, (u16)__builtin_offsetof(struct T, f), (u16)MSIZE(T, f) }
/* a flexible array member: sizeof is not allowed, size 0 */
#define FLEX(T, f) { #f, (u16)__builtin_offsetof(struct T, f), 0 }

#define FIELDS(tag, T, ...)                                                          \
  static const struct uring_layout_field tag##_fields[] = { __VA_ARGS__ };
#define S(tag, T) { #tag, sizeof(struct T), tag##_fields, sizeof tag##_fields / sizeof tag##_fields[0] }

#define T uring_sqe
FIELDS(sqe, T,
  F(T, opcode), F(T, flags), F(T, ioprio), F(T, fd),
  F(T, off), F(T, addr2), F(T, cmd_op), F(T, __pad1),
  F(T, addr), F(T, splice_off_in), F(T, level), F(T, optname),
  F(T, len),
  F(T, rw_flags), F(T, fsync_flags), F(T, poll_events), F(T, poll32_events), F(T, sync_range_flags),
  F(T, msg_flags), F(T, timeout_flags), F(T, accept_flags), F(T, cancel_flags), F(T, open_flags),
  F(T, statx_flags), F(T, fadvise_advice), F(T, splice_flags), F(T, rename_flags), F(T, unlink_flags),
  F(T, hardlink_flags), F(T, xattr_flags), F(T, msg_ring_flags), F(T, uring_cmd_flags), F(T, waitid_flags),
  F(T, futex_flags), F(T, install_fd_flags), F(T, nop_flags), F(T, pipe_flags),
  F(T, user_data),
  F(T, buf_index), F(T, buf_group), F(T, personality),
  F(T, splice_fd_in), F(T, file_index), F(T, zcrx_ifq_idx), F(T, optlen), F(T, addr_len), F(T, __pad3),
  F(T, addr3), F(T, __pad2), F(T, attr_ptr), F(T, attr_type_mask), F(T, optval), F(T, cmd))
#undef T

#define T uring_cqe
FIELDS(cqe, T, F(T, user_data), F(T, res), F(T, flags), FLEX(T, big_cqe))
#undef T

#define T uring_params
FIELDS(params, T,
  F(T, sq_entries), F(T, cq_entries), F(T, flags), F(T, sq_thread_cpu), F(T, sq_thread_idle),
  F(T, features), F(T, wq_fd), F(T, resv), F(T, sq_off), F(T, cq_off))
#undef T

#define T uring_sqring_offsets
FIELDS(sqring_offsets, T,
  F(T, head), F(T, tail), F(T, ring_mask), F(T, ring_entries), F(T, flags), F(T, dropped), F(T, array),
  F(T, resv1), F(T, user_addr))
#undef T

#define T uring_cqring_offsets
FIELDS(cqring_offsets, T,
  F(T, head), F(T, tail), F(T, ring_mask), F(T, ring_entries), F(T, overflow), F(T, cqes), F(T, flags),
  F(T, resv1), F(T, user_addr))
#undef T

#define T uring_getevents_arg
FIELDS(getevents_arg, T, F(T, sigmask), F(T, sigmask_sz), F(T, min_wait_usec), F(T, ts))
#undef T

#define T uring_kernel_timespec
FIELDS(kernel_timespec, T, F(T, tv_sec), F(T, tv_nsec))
#undef T

#define T uring_reg_wait
FIELDS(reg_wait, T,
  F(T, ts), F(T, min_wait_usec), F(T, flags), F(T, sigmask), F(T, sigmask_sz), F(T, pad), F(T, pad2))
#undef T

#define T uring_rsrc_register
FIELDS(rsrc_register, T, F(T, nr), F(T, flags), F(T, resv2), F(T, data), F(T, tags))
#undef T

#define T uring_rsrc_update
FIELDS(rsrc_update, T, F(T, offset), F(T, resv), F(T, data))
#undef T

#define T uring_rsrc_update2
FIELDS(rsrc_update2, T, F(T, offset), F(T, resv), F(T, data), F(T, tags), F(T, nr), F(T, resv2))
#undef T

#define T uring_files_update
FIELDS(files_update, T, F(T, offset), F(T, resv), F(T, fds))
#undef T

#define T uring_probe
FIELDS(probe, T, F(T, last_op), F(T, ops_len), F(T, resv), F(T, resv2), FLEX(T, ops))
#undef T

#define T uring_probe_op
FIELDS(probe_op, T, F(T, op), F(T, resv), F(T, flags), F(T, resv2))
#undef T

#define T uring_restriction
FIELDS(restriction, T,
  F(T, opcode), F(T, register_op), F(T, sqe_op), F(T, sqe_flags), F(T, resv), F(T, resv2))
#undef T

#define T uring_buf
FIELDS(buf, T, F(T, addr), F(T, len), F(T, bid), F(T, resv))
#undef T

#define T uring_buf_ring
FIELDS(buf_ring, T, F(T, resv1), F(T, resv2), F(T, resv3), F(T, tail), F(T, bufs))
#undef T

#define T uring_buf_reg
FIELDS(buf_reg, T,
  F(T, ring_addr), F(T, ring_entries), F(T, bgid), F(T, flags), F(T, min_left), F(T, resv))
#undef T

#define T uring_buf_status
FIELDS(buf_status, T, F(T, buf_group), F(T, head), F(T, resv))
#undef T

#define T uring_sync_cancel_reg
FIELDS(sync_cancel_reg, T,
  F(T, addr), F(T, fd), F(T, flags), F(T, timeout), F(T, opcode), F(T, pad), F(T, pad2))
#undef T

#define T uring_file_index_range
FIELDS(file_index_range, T, F(T, off), F(T, len), F(T, resv))
#undef T

#define T uring_recvmsg_out
FIELDS(recvmsg_out, T, F(T, namelen), F(T, controllen), F(T, payloadlen), F(T, flags))
#undef T

#define T uring_napi
FIELDS(napi, T, F(T, busy_poll_to), F(T, prefer_busy_poll), F(T, pad), F(T, resv))
#undef T

#define T uring_clock_register
FIELDS(clock_register, T, F(T, clockid), F(T, __resv))
#undef T

#define T uring_clone_buffers
FIELDS(clone_buffers, T, F(T, src_fd), F(T, flags), F(T, src_off), F(T, dst_off), F(T, nr), F(T, pad))
#undef T

#define T uring_region_desc
FIELDS(region_desc, T,
  F(T, user_addr), F(T, size), F(T, flags), F(T, id), F(T, mmap_offset), F(T, __resv))
#undef T

#define T uring_mem_region_reg
FIELDS(mem_region_reg, T, F(T, region_uptr), F(T, flags), F(T, __resv))
#undef T

#define T uring_iovec
FIELDS(iovec, T, F(T, iov_base), F(T, iov_len))
#undef T

#define T uring_msghdr
FIELDS(msghdr, T,
  F(T, msg_name), F(T, msg_namelen), F(T, __pad1), F(T, msg_iov), F(T, msg_iovlen), F(T, msg_control),
  F(T, msg_controllen), F(T, msg_flags), F(T, __pad2))
#undef T

#define T uring_open_how
FIELDS(open_how, T, F(T, flags), F(T, mode), F(T, resolve))
#undef T

#define T uring_futex_waitv
FIELDS(futex_waitv, T, F(T, val), F(T, uaddr), F(T, flags), F(T, __reserved))
#undef T

#define T uring_epoll_event
FIELDS(epoll_event, T, F(T, events), F(T, data))
#undef T

#define T uring_statx_timestamp
FIELDS(statx_timestamp, T, F(T, tv_sec), F(T, tv_nsec), F(T, __reserved))
#undef T

#define T uring_statx
FIELDS(statx, T,
  F(T, stx_mask), F(T, stx_blksize), F(T, stx_attributes), F(T, stx_nlink), F(T, stx_uid), F(T, stx_gid),
  F(T, stx_mode), F(T, __spare0), F(T, stx_ino), F(T, stx_size), F(T, stx_blocks), F(T, stx_attributes_mask),
  F(T, stx_atime), F(T, stx_btime), F(T, stx_ctime), F(T, stx_mtime), F(T, stx_rdev_major),
  F(T, stx_rdev_minor), F(T, stx_dev_major), F(T, stx_dev_minor), F(T, stx_mnt_id), F(T, stx_dio_mem_align),
  F(T, stx_dio_offset_align), F(T, stx_subvol), F(T, stx_atomic_write_unit_min),
  F(T, stx_atomic_write_unit_max), F(T, stx_atomic_write_segments_max), F(T, stx_dio_read_offset_align),
  F(T, stx_atomic_write_unit_max_opt), F(T, __spare2), F(T, __spare3))
#undef T

#define T uring_sockaddr_in
FIELDS(sockaddr_in, T, F(T, sin_family), F(T, sin_port), F(T, sin_addr), F(T, sin_zero))
#undef T

#define T uring_sockaddr_in6
FIELDS(sockaddr_in6, T,
  F(T, sin6_family), F(T, sin6_port), F(T, sin6_flowinfo), F(T, sin6_addr), F(T, sin6_scope_id))
#undef T

#define T uring_sockaddr_un
FIELDS(sockaddr_un, T, F(T, sun_family), F(T, sun_path))
#undef T

#define T uring_sockaddr_storage
FIELDS(sockaddr_storage, T, F(T, ss_family), F(T, __ss_padding), F(T, __ss_align))
#undef T

#define T uring_siginfo
FIELDS(siginfo, T,
  F(T, si_signo), F(T, si_errno), F(T, si_code), F(T, __pad0), F(T, sigchld), F(T, sigchld.pid), F(T, sigchld.uid),
  F(T, sigchld.status), F(T, sigchld.utime), F(T, sigchld.stime))
#undef T

static const struct uring_layout_struct structs[] = {
  S(sqe, uring_sqe),
  S(cqe, uring_cqe),
  S(params, uring_params),
  S(sqring_offsets, uring_sqring_offsets),
  S(cqring_offsets, uring_cqring_offsets),
  S(getevents_arg, uring_getevents_arg),
  S(kernel_timespec, uring_kernel_timespec),
  S(reg_wait, uring_reg_wait),
  S(rsrc_register, uring_rsrc_register),
  S(rsrc_update, uring_rsrc_update),
  S(rsrc_update2, uring_rsrc_update2),
  S(files_update, uring_files_update),
  S(probe, uring_probe),
  S(probe_op, uring_probe_op),
  S(restriction, uring_restriction),
  S(buf, uring_buf),
  S(buf_ring, uring_buf_ring),
  S(buf_reg, uring_buf_reg),
  S(buf_status, uring_buf_status),
  S(sync_cancel_reg, uring_sync_cancel_reg),
  S(file_index_range, uring_file_index_range),
  S(recvmsg_out, uring_recvmsg_out),
  S(napi, uring_napi),
  S(clock_register, uring_clock_register),
  S(clone_buffers, uring_clone_buffers),
  S(region_desc, uring_region_desc),
  S(mem_region_reg, uring_mem_region_reg),
  S(iovec, uring_iovec),
  S(msghdr, uring_msghdr),
  S(open_how, uring_open_how),
  S(futex_waitv, uring_futex_waitv),
  S(epoll_event, uring_epoll_event),
  S(statx_timestamp, uring_statx_timestamp),
  S(statx, uring_statx),
  S(sockaddr_in, uring_sockaddr_in),
  S(sockaddr_in6, uring_sockaddr_in6),
  S(sockaddr_un, uring_sockaddr_un),
  S(sockaddr_storage, uring_sockaddr_storage),
  S(siginfo, uring_siginfo),
};
#define NSTRUCTS (sizeof structs / sizeof structs[0])

static const struct uring_layout_field *field_at(u32 s, u32 f) {
  if (s >= NSTRUCTS || f >= structs[s].nfields) return 0;
  return &structs[s].fields[f];
}

URING_EXPORT(layout_struct_count) u32 uring_layout_struct_count(void) { return NSTRUCTS; }
URING_EXPORT(layout_struct_name) const char *uring_layout_struct_name(u32 s) { return s < NSTRUCTS ? structs[s].name : 0; }
URING_EXPORT(layout_struct_size) u32 uring_layout_struct_size(u32 s) { return s < NSTRUCTS ? structs[s].size : 0; }
URING_EXPORT(layout_field_count) u32 uring_layout_field_count(u32 s) { return s < NSTRUCTS ? structs[s].nfields : 0; }
URING_EXPORT(layout_field_name) const char *uring_layout_field_name(u32 s, u32 f) {
  const struct uring_layout_field *x = field_at(s, f);
  return x ? x->name : 0;
}
URING_EXPORT(layout_field_offset) u32 uring_layout_field_offset(u32 s, u32 f) {
  const struct uring_layout_field *x = field_at(s, f);
  return x ? x->offset : 0;
}
URING_EXPORT(layout_field_size) u32 uring_layout_field_size(u32 s, u32 f) {
  const struct uring_layout_field *x = field_at(s, f);
  return x ? x->size : 0;
}
