/* Process-ABI structs that SQEs point at (iovec, msghdr, open_how, futex_waitv, epoll_event, statx,
 * sockaddrs, siginfo). They follow the x86_64 Linux layout with pointers and longs carried as u64, so the
 * same bytes are right for the kernel whether they were built on wasm32 or natively on x86_64. */
#ifndef URING_ABI_PROCESS_H
#define URING_ABI_PROCESS_H
#include "types.h"
#include "setup.h"

/* readv/writev, REGISTER_BUFFERS, msghdr.msg_iov */
struct uring_iovec {
  u64 iov_base;
  u64 iov_len;
};

/* sendmsg/recvmsg */
struct uring_msghdr {
  u64 msg_name;
  u32 msg_namelen;
  u32 __pad1;
  u64 msg_iov;        /* struct uring_iovec * */
  u64 msg_iovlen;
  u64 msg_control;
  u64 msg_controllen;
  s32 msg_flags;
  u32 __pad2;
};

/* openat2 */
struct uring_open_how {
  u64 flags;
  u64 mode;
  u64 resolve;
};

/* futex_waitv */
struct uring_futex_waitv {
  u64 val;
  u64 uaddr;
  u32 flags;
  u32 __reserved;
};

/* epoll_ctl / epoll_wait: packed on x86_64 (12 bytes), 16 on other architectures. */
struct uring_epoll_event {
  u32 events;
  u64 data;
} __attribute__((packed));

struct uring_statx_timestamp {
  s64 tv_sec;
  u32 tv_nsec;
  s32 __reserved;
};

/* statx, as of Linux 6.16 (stx_atomic_write_unit_max_opt); the kernel fills only what it knows. */
struct uring_statx {
  u32 stx_mask;
  u32 stx_blksize;
  u64 stx_attributes;
  u32 stx_nlink;
  u32 stx_uid;
  u32 stx_gid;
  u16 stx_mode;
  u16 __spare0[1];
  u64 stx_ino;
  u64 stx_size;
  u64 stx_blocks;
  u64 stx_attributes_mask;
  struct uring_statx_timestamp stx_atime;
  struct uring_statx_timestamp stx_btime;
  struct uring_statx_timestamp stx_ctime;
  struct uring_statx_timestamp stx_mtime;
  u32 stx_rdev_major;
  u32 stx_rdev_minor;
  u32 stx_dev_major;
  u32 stx_dev_minor;
  u64 stx_mnt_id;
  u32 stx_dio_mem_align;
  u32 stx_dio_offset_align;
  u64 stx_subvol;
  u32 stx_atomic_write_unit_min;
  u32 stx_atomic_write_unit_max;
  u32 stx_atomic_write_segments_max;
  u32 stx_dio_read_offset_align;
  u32 stx_atomic_write_unit_max_opt;
  u32 __spare2[1];
  u64 __spare3[8];
};

/* Socket addresses (port and address in network byte order). */
struct uring_sockaddr_in {
  u16 sin_family;
  u16 sin_port;
  u32 sin_addr;
  u8 sin_zero[8];
};

struct uring_sockaddr_in6 {
  u16 sin6_family;
  u16 sin6_port;
  u32 sin6_flowinfo;
  u8 sin6_addr[16];
  u32 sin6_scope_id;
};

struct uring_sockaddr_un {
  u16 sun_family;
  u8 sun_path[108];
};

struct uring_sockaddr_storage {
  u16 ss_family;
  u8 __ss_padding[118];
  u64 __ss_align;
};

/* siginfo_t (128 bytes): the header and the SIGCHLD fields waitid fills. The union members are not
 * called si_pid etc.: libc defines those names as macros. */
struct uring_siginfo_sigchld {
  s32 pid;
  u32 uid;
  s32 status;
  s32 __pad;
  s64 utime;
  s64 stime;
};

struct uring_siginfo {
  s32 si_signo;
  s32 si_errno;
  s32 si_code;
  s32 __pad0;
  union {
    struct uring_siginfo_sigchld sigchld;
    u8 __data[112];
  };
};

#define URING_SIGINFO_SIZE 128u

_Static_assert(sizeof(struct uring_iovec) == 16, "iovec size");
_Static_assert(URING_OFFSETOF(uring_iovec, iov_base) == 0, "iov_base");
_Static_assert(URING_OFFSETOF(uring_iovec, iov_len) == 8, "iov_len");

_Static_assert(sizeof(struct uring_msghdr) == 56, "msghdr size");
_Static_assert(URING_OFFSETOF(uring_msghdr, msg_name) == 0, "msg_name");
_Static_assert(URING_OFFSETOF(uring_msghdr, msg_namelen) == 8, "msg_namelen");
_Static_assert(URING_OFFSETOF(uring_msghdr, __pad1) == 12, "msghdr.__pad1");
_Static_assert(URING_OFFSETOF(uring_msghdr, msg_iov) == 16, "msg_iov");
_Static_assert(URING_OFFSETOF(uring_msghdr, msg_iovlen) == 24, "msg_iovlen");
_Static_assert(URING_OFFSETOF(uring_msghdr, msg_control) == 32, "msg_control");
_Static_assert(URING_OFFSETOF(uring_msghdr, msg_controllen) == 40, "msg_controllen");
_Static_assert(URING_OFFSETOF(uring_msghdr, msg_flags) == 48, "msg_flags");
_Static_assert(URING_OFFSETOF(uring_msghdr, __pad2) == 52, "msghdr.__pad2");

_Static_assert(sizeof(struct uring_open_how) == 24, "open_how size");
_Static_assert(URING_OFFSETOF(uring_open_how, flags) == 0, "open_how.flags");
_Static_assert(URING_OFFSETOF(uring_open_how, mode) == 8, "open_how.mode");
_Static_assert(URING_OFFSETOF(uring_open_how, resolve) == 16, "open_how.resolve");

_Static_assert(sizeof(struct uring_futex_waitv) == 24, "futex_waitv size");
_Static_assert(URING_OFFSETOF(uring_futex_waitv, val) == 0, "futex_waitv.val");
_Static_assert(URING_OFFSETOF(uring_futex_waitv, uaddr) == 8, "futex_waitv.uaddr");
_Static_assert(URING_OFFSETOF(uring_futex_waitv, flags) == 16, "futex_waitv.flags");
_Static_assert(URING_OFFSETOF(uring_futex_waitv, __reserved) == 20, "futex_waitv.__reserved");

_Static_assert(sizeof(struct uring_epoll_event) == 12, "epoll_event size (x86_64, packed)");
_Static_assert(URING_OFFSETOF(uring_epoll_event, events) == 0, "epoll_event.events");
_Static_assert(URING_OFFSETOF(uring_epoll_event, data) == 4, "epoll_event.data");

_Static_assert(sizeof(struct uring_statx_timestamp) == 16, "statx_timestamp size");
_Static_assert(URING_OFFSETOF(uring_statx_timestamp, tv_sec) == 0, "statx_timestamp.tv_sec");
_Static_assert(URING_OFFSETOF(uring_statx_timestamp, tv_nsec) == 8, "statx_timestamp.tv_nsec");
_Static_assert(URING_OFFSETOF(uring_statx_timestamp, __reserved) == 12, "statx_timestamp.__reserved");

_Static_assert(sizeof(struct uring_statx) == 256, "statx size");
_Static_assert(URING_OFFSETOF(uring_statx, stx_mask) == 0, "stx_mask");
_Static_assert(URING_OFFSETOF(uring_statx, stx_blksize) == 4, "stx_blksize");
_Static_assert(URING_OFFSETOF(uring_statx, stx_attributes) == 8, "stx_attributes");
_Static_assert(URING_OFFSETOF(uring_statx, stx_nlink) == 16, "stx_nlink");
_Static_assert(URING_OFFSETOF(uring_statx, stx_uid) == 20, "stx_uid");
_Static_assert(URING_OFFSETOF(uring_statx, stx_gid) == 24, "stx_gid");
_Static_assert(URING_OFFSETOF(uring_statx, stx_mode) == 28, "stx_mode");
_Static_assert(URING_OFFSETOF(uring_statx, __spare0) == 30, "__spare0");
_Static_assert(URING_OFFSETOF(uring_statx, stx_ino) == 32, "stx_ino");
_Static_assert(URING_OFFSETOF(uring_statx, stx_size) == 40, "stx_size");
_Static_assert(URING_OFFSETOF(uring_statx, stx_blocks) == 48, "stx_blocks");
_Static_assert(URING_OFFSETOF(uring_statx, stx_attributes_mask) == 56, "stx_attributes_mask");
_Static_assert(URING_OFFSETOF(uring_statx, stx_atime) == 64, "stx_atime");
_Static_assert(URING_OFFSETOF(uring_statx, stx_btime) == 80, "stx_btime");
_Static_assert(URING_OFFSETOF(uring_statx, stx_ctime) == 96, "stx_ctime");
_Static_assert(URING_OFFSETOF(uring_statx, stx_mtime) == 112, "stx_mtime");
_Static_assert(URING_OFFSETOF(uring_statx, stx_rdev_major) == 128, "stx_rdev_major");
_Static_assert(URING_OFFSETOF(uring_statx, stx_rdev_minor) == 132, "stx_rdev_minor");
_Static_assert(URING_OFFSETOF(uring_statx, stx_dev_major) == 136, "stx_dev_major");
_Static_assert(URING_OFFSETOF(uring_statx, stx_dev_minor) == 140, "stx_dev_minor");
_Static_assert(URING_OFFSETOF(uring_statx, stx_mnt_id) == 144, "stx_mnt_id");
_Static_assert(URING_OFFSETOF(uring_statx, stx_dio_mem_align) == 152, "stx_dio_mem_align");
_Static_assert(URING_OFFSETOF(uring_statx, stx_dio_offset_align) == 156, "stx_dio_offset_align");
_Static_assert(URING_OFFSETOF(uring_statx, stx_subvol) == 160, "stx_subvol");
_Static_assert(URING_OFFSETOF(uring_statx, stx_atomic_write_unit_min) == 168, "stx_atomic_write_unit_min");
_Static_assert(URING_OFFSETOF(uring_statx, stx_atomic_write_unit_max) == 172, "stx_atomic_write_unit_max");
_Static_assert(URING_OFFSETOF(uring_statx, stx_atomic_write_segments_max) == 176, "stx_atomic_write_segments_max");
_Static_assert(URING_OFFSETOF(uring_statx, stx_dio_read_offset_align) == 180, "stx_dio_read_offset_align");
_Static_assert(URING_OFFSETOF(uring_statx, stx_atomic_write_unit_max_opt) == 184, "stx_atomic_write_unit_max_opt");
_Static_assert(URING_OFFSETOF(uring_statx, __spare2) == 188, "__spare2");
_Static_assert(URING_OFFSETOF(uring_statx, __spare3) == 192, "__spare3");

_Static_assert(sizeof(struct uring_sockaddr_in) == 16, "sockaddr_in size");
_Static_assert(URING_OFFSETOF(uring_sockaddr_in, sin_family) == 0, "sin_family");
_Static_assert(URING_OFFSETOF(uring_sockaddr_in, sin_port) == 2, "sin_port");
_Static_assert(URING_OFFSETOF(uring_sockaddr_in, sin_addr) == 4, "sin_addr");
_Static_assert(URING_OFFSETOF(uring_sockaddr_in, sin_zero) == 8, "sin_zero");

_Static_assert(sizeof(struct uring_sockaddr_in6) == 28, "sockaddr_in6 size");
_Static_assert(URING_OFFSETOF(uring_sockaddr_in6, sin6_family) == 0, "sin6_family");
_Static_assert(URING_OFFSETOF(uring_sockaddr_in6, sin6_port) == 2, "sin6_port");
_Static_assert(URING_OFFSETOF(uring_sockaddr_in6, sin6_flowinfo) == 4, "sin6_flowinfo");
_Static_assert(URING_OFFSETOF(uring_sockaddr_in6, sin6_addr) == 8, "sin6_addr");
_Static_assert(URING_OFFSETOF(uring_sockaddr_in6, sin6_scope_id) == 24, "sin6_scope_id");

_Static_assert(sizeof(struct uring_sockaddr_un) == 110, "sockaddr_un size");
_Static_assert(URING_OFFSETOF(uring_sockaddr_un, sun_family) == 0, "sun_family");
_Static_assert(URING_OFFSETOF(uring_sockaddr_un, sun_path) == 2, "sun_path");

_Static_assert(sizeof(struct uring_sockaddr_storage) == 128, "sockaddr_storage size");
_Static_assert(URING_OFFSETOF(uring_sockaddr_storage, ss_family) == 0, "ss_family");
_Static_assert(URING_OFFSETOF(uring_sockaddr_storage, __ss_padding) == 2, "__ss_padding");
_Static_assert(URING_OFFSETOF(uring_sockaddr_storage, __ss_align) == 120, "__ss_align");

_Static_assert(sizeof(struct uring_siginfo) == URING_SIGINFO_SIZE, "siginfo size");
_Static_assert(URING_OFFSETOF(uring_siginfo, si_signo) == 0, "si_signo");
_Static_assert(URING_OFFSETOF(uring_siginfo, si_errno) == 4, "si_errno");
_Static_assert(URING_OFFSETOF(uring_siginfo, si_code) == 8, "si_code");
_Static_assert(URING_OFFSETOF(uring_siginfo, __pad0) == 12, "siginfo.__pad0");
_Static_assert(URING_OFFSETOF(uring_siginfo, __data) == 16, "siginfo.__data");
_Static_assert(URING_OFFSETOF(uring_siginfo, sigchld.pid) == 16, "si_pid");
_Static_assert(URING_OFFSETOF(uring_siginfo, sigchld.uid) == 20, "si_uid");
_Static_assert(URING_OFFSETOF(uring_siginfo, sigchld.status) == 24, "si_status");
_Static_assert(URING_OFFSETOF(uring_siginfo, sigchld.utime) == 32, "si_utime");
_Static_assert(URING_OFFSETOF(uring_siginfo, sigchld.stime) == 40, "si_stime");
#endif
