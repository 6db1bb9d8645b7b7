/* Prints the size of every io_uring and process-ABI struct, and the offset and size of each of its fields,
 * as the system headers define them (Debian bookworm: linux-libc-dev 6.1, glibc, x86_64). Only fields those
 * headers have are listed; test/offline/layout.test.ts compares them with the core's layout table.
 * Output lines:  S <struct> <size>   and   F <struct> <field> <offset> <size>  (size 0: trailing array). */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdio.h>
#include <linux/io_uring.h>
#include <linux/time_types.h>
#include <linux/openat2.h>
#include <linux/futex.h>
#include <linux/stat.h>
#include <sys/uio.h>
#include <sys/socket.h>
#include <sys/epoll.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <signal.h>

#define S(name, type) printf("S %s %zu\n", name, sizeof(type))
#define F(name, type, f) printf("F %s %s %zu %zu\n", name, #f, offsetof(type, f), sizeof(((type *)0)->f))
/* a field renamed since 6.1: the old member, reported under the new name */
#define FR(name, type, f, newname) printf("F %s %s %zu %zu\n", name, newname, offsetof(type, f), sizeof(((type *)0)->f))
/* a flexible array member */
#define FX(name, type, f) printf("F %s %s %zu 0\n", name, #f, offsetof(type, f))

int main(void) {
  typedef struct io_uring_sqe sqe;
  S("sqe", sqe);
  F("sqe", sqe, opcode); F("sqe", sqe, flags); F("sqe", sqe, ioprio); F("sqe", sqe, fd);
  F("sqe", sqe, off); F("sqe", sqe, addr2); F("sqe", sqe, cmd_op); F("sqe", sqe, __pad1);
  F("sqe", sqe, addr); F("sqe", sqe, splice_off_in); F("sqe", sqe, len);
  F("sqe", sqe, rw_flags); F("sqe", sqe, fsync_flags); F("sqe", sqe, poll_events); F("sqe", sqe, poll32_events);
  F("sqe", sqe, sync_range_flags); F("sqe", sqe, msg_flags); F("sqe", sqe, timeout_flags);
  F("sqe", sqe, accept_flags); F("sqe", sqe, cancel_flags); F("sqe", sqe, open_flags); F("sqe", sqe, statx_flags);
  F("sqe", sqe, fadvise_advice); F("sqe", sqe, splice_flags); F("sqe", sqe, rename_flags);
  F("sqe", sqe, unlink_flags); F("sqe", sqe, hardlink_flags); F("sqe", sqe, xattr_flags);
  F("sqe", sqe, msg_ring_flags); F("sqe", sqe, uring_cmd_flags);
  F("sqe", sqe, user_data); F("sqe", sqe, buf_index); F("sqe", sqe, buf_group); F("sqe", sqe, personality);
  F("sqe", sqe, splice_fd_in); F("sqe", sqe, file_index); F("sqe", sqe, addr_len); F("sqe", sqe, __pad3);
  F("sqe", sqe, addr3); F("sqe", sqe, __pad2); F("sqe", sqe, cmd);

  typedef struct io_uring_cqe cqe;
  S("cqe", cqe); F("cqe", cqe, user_data); F("cqe", cqe, res); F("cqe", cqe, flags); FX("cqe", cqe, big_cqe);

  typedef struct io_uring_params params;
  S("params", params);
  F("params", params, sq_entries); F("params", params, cq_entries); F("params", params, flags);
  F("params", params, sq_thread_cpu); F("params", params, sq_thread_idle); F("params", params, features);
  F("params", params, wq_fd); F("params", params, resv); F("params", params, sq_off); F("params", params, cq_off);

  typedef struct io_sqring_offsets sqo;
  S("sqring_offsets", sqo);
  F("sqring_offsets", sqo, head); F("sqring_offsets", sqo, tail); F("sqring_offsets", sqo, ring_mask);
  F("sqring_offsets", sqo, ring_entries); F("sqring_offsets", sqo, flags); F("sqring_offsets", sqo, dropped);
  F("sqring_offsets", sqo, array); F("sqring_offsets", sqo, resv1); FR("sqring_offsets", sqo, resv2, "user_addr");

  typedef struct io_cqring_offsets cqo;
  S("cqring_offsets", cqo);
  F("cqring_offsets", cqo, head); F("cqring_offsets", cqo, tail); F("cqring_offsets", cqo, ring_mask);
  F("cqring_offsets", cqo, ring_entries); F("cqring_offsets", cqo, overflow); F("cqring_offsets", cqo, cqes);
  F("cqring_offsets", cqo, flags); F("cqring_offsets", cqo, resv1); FR("cqring_offsets", cqo, resv2, "user_addr");

  typedef struct io_uring_getevents_arg gea;
  S("getevents_arg", gea);
  F("getevents_arg", gea, sigmask); F("getevents_arg", gea, sigmask_sz);
  FR("getevents_arg", gea, pad, "min_wait_usec"); F("getevents_arg", gea, ts);

  typedef struct __kernel_timespec kts;
  S("kernel_timespec", kts); F("kernel_timespec", kts, tv_sec); F("kernel_timespec", kts, tv_nsec);

  typedef struct io_uring_rsrc_register rr;
  S("rsrc_register", rr);
  F("rsrc_register", rr, nr); F("rsrc_register", rr, flags); F("rsrc_register", rr, resv2);
  F("rsrc_register", rr, data); F("rsrc_register", rr, tags);

  typedef struct io_uring_rsrc_update ru;
  S("rsrc_update", ru); F("rsrc_update", ru, offset); F("rsrc_update", ru, resv); F("rsrc_update", ru, data);

  typedef struct io_uring_rsrc_update2 ru2;
  S("rsrc_update2", ru2);
  F("rsrc_update2", ru2, offset); F("rsrc_update2", ru2, resv); F("rsrc_update2", ru2, data);
  F("rsrc_update2", ru2, tags); F("rsrc_update2", ru2, nr); F("rsrc_update2", ru2, resv2);

  typedef struct io_uring_files_update fu;
  S("files_update", fu); F("files_update", fu, offset); F("files_update", fu, resv); F("files_update", fu, fds);

  typedef struct io_uring_probe pr;
  S("probe", pr);
  F("probe", pr, last_op); F("probe", pr, ops_len); F("probe", pr, resv); F("probe", pr, resv2); FX("probe", pr, ops);

  typedef struct io_uring_probe_op po;
  S("probe_op", po); F("probe_op", po, op); F("probe_op", po, resv); F("probe_op", po, flags); F("probe_op", po, resv2);

  typedef struct io_uring_restriction rs;
  S("restriction", rs);
  F("restriction", rs, opcode); F("restriction", rs, register_op); F("restriction", rs, sqe_op);
  F("restriction", rs, sqe_flags); F("restriction", rs, resv); F("restriction", rs, resv2);

  typedef struct io_uring_buf b;
  S("buf", b); F("buf", b, addr); F("buf", b, len); F("buf", b, bid); F("buf", b, resv);

  typedef struct io_uring_buf_ring br;
  S("buf_ring", br);
  F("buf_ring", br, resv1); F("buf_ring", br, resv2); F("buf_ring", br, resv3); F("buf_ring", br, tail);
  FX("buf_ring", br, bufs);

  typedef struct io_uring_buf_reg breg;
  S("buf_reg", breg);
  F("buf_reg", breg, ring_addr); F("buf_reg", breg, ring_entries); F("buf_reg", breg, bgid);
  FR("buf_reg", breg, pad, "flags");

  typedef struct io_uring_sync_cancel_reg scr;
  S("sync_cancel_reg", scr);
  F("sync_cancel_reg", scr, addr); F("sync_cancel_reg", scr, fd); F("sync_cancel_reg", scr, flags);
  F("sync_cancel_reg", scr, timeout);

  typedef struct io_uring_file_index_range fir;
  S("file_index_range", fir);
  F("file_index_range", fir, off); F("file_index_range", fir, len); F("file_index_range", fir, resv);

  typedef struct io_uring_recvmsg_out rmo;
  S("recvmsg_out", rmo);
  F("recvmsg_out", rmo, namelen); F("recvmsg_out", rmo, controllen); F("recvmsg_out", rmo, payloadlen);
  F("recvmsg_out", rmo, flags);

  typedef struct iovec iov;
  S("iovec", iov); F("iovec", iov, iov_base); F("iovec", iov, iov_len);

  typedef struct msghdr mh;
  S("msghdr", mh);
  F("msghdr", mh, msg_name); F("msghdr", mh, msg_namelen); F("msghdr", mh, msg_iov); F("msghdr", mh, msg_iovlen);
  F("msghdr", mh, msg_control); F("msghdr", mh, msg_controllen); F("msghdr", mh, msg_flags);

  typedef struct open_how oh;
  S("open_how", oh); F("open_how", oh, flags); F("open_how", oh, mode); F("open_how", oh, resolve);

  typedef struct futex_waitv fw;
  S("futex_waitv", fw);
  F("futex_waitv", fw, val); F("futex_waitv", fw, uaddr); F("futex_waitv", fw, flags); F("futex_waitv", fw, __reserved);

  typedef struct epoll_event ee;
  S("epoll_event", ee); F("epoll_event", ee, events); F("epoll_event", ee, data);

  typedef struct statx_timestamp sts;
  S("statx_timestamp", sts);
  F("statx_timestamp", sts, tv_sec); F("statx_timestamp", sts, tv_nsec); F("statx_timestamp", sts, __reserved);

  typedef struct statx stx;
  S("statx", stx);
  F("statx", stx, stx_mask); F("statx", stx, stx_blksize); F("statx", stx, stx_attributes);
  F("statx", stx, stx_nlink); F("statx", stx, stx_uid); F("statx", stx, stx_gid); F("statx", stx, stx_mode);
  F("statx", stx, __spare0); F("statx", stx, stx_ino); F("statx", stx, stx_size); F("statx", stx, stx_blocks);
  F("statx", stx, stx_attributes_mask); F("statx", stx, stx_atime); F("statx", stx, stx_btime);
  F("statx", stx, stx_ctime); F("statx", stx, stx_mtime); F("statx", stx, stx_rdev_major);
  F("statx", stx, stx_rdev_minor); F("statx", stx, stx_dev_major); F("statx", stx, stx_dev_minor);
  F("statx", stx, stx_mnt_id); F("statx", stx, stx_dio_mem_align); F("statx", stx, stx_dio_offset_align);

  typedef struct sockaddr_in sin;
  S("sockaddr_in", sin);
  F("sockaddr_in", sin, sin_family); F("sockaddr_in", sin, sin_port); F("sockaddr_in", sin, sin_addr);
  F("sockaddr_in", sin, sin_zero);

  typedef struct sockaddr_in6 sin6;
  S("sockaddr_in6", sin6);
  F("sockaddr_in6", sin6, sin6_family); F("sockaddr_in6", sin6, sin6_port); F("sockaddr_in6", sin6, sin6_flowinfo);
  F("sockaddr_in6", sin6, sin6_addr); F("sockaddr_in6", sin6, sin6_scope_id);

  typedef struct sockaddr_un sockun;
  S("sockaddr_un", sockun); F("sockaddr_un", sockun, sun_family); F("sockaddr_un", sockun, sun_path);

  typedef struct sockaddr_storage ss;
  S("sockaddr_storage", ss);
  F("sockaddr_storage", ss, ss_family); F("sockaddr_storage", ss, __ss_padding); F("sockaddr_storage", ss, __ss_align);

  S("siginfo", siginfo_t);
  F("siginfo", siginfo_t, si_signo); F("siginfo", siginfo_t, si_errno); F("siginfo", siginfo_t, si_code);
  /* glibc's si_pid etc. are macros for _sifields._sigchld.si_pid ...; the core calls them sigchld.pid ... */
  FR("siginfo", siginfo_t, si_pid, "sigchld.pid"); FR("siginfo", siginfo_t, si_uid, "sigchld.uid");
  FR("siginfo", siginfo_t, si_status, "sigchld.status"); FR("siginfo", siginfo_t, si_utime, "sigchld.utime");
  FR("siginfo", siginfo_t, si_stime, "sigchld.stime"); FR("siginfo", siginfo_t, _sifields._sigchld, "sigchld");
  return 0;
}
