/* Ring setup and entry (kernel uapi): struct io_uring_params and the ring offsets it returns, the
 * io_uring_enter(2) extended argument, IORING_SETUP_* / IORING_FEAT_* / IORING_ENTER_* flags, the SQ/CQ
 * ring flag words and the mmap(2) offsets. Own definitions, prefixed uring_/URING_. Every field is
 * fixed-width (pointers are u64), so the layout is the same on wasm32 and x86_64. */
#ifndef URING_ABI_SETUP_H
#define URING_ABI_SETUP_H
#include "types.h"

/* struct __kernel_timespec: 64-bit seconds and nanoseconds on every target. */
struct uring_kernel_timespec {
  s64 tv_sec;
  s64 tv_nsec;
};

/* Filled in by io_uring_setup(2): offsets of the SQ ring's words within the SQ ring mapping. */
struct uring_sqring_offsets {
  u32 head;
  u32 tail;
  u32 ring_mask;
  u32 ring_entries;
  u32 flags;
  u32 dropped;
  u32 array;
  u32 resv1;
  u64 user_addr; /* resv2 before 6.5; the ring memory with IORING_SETUP_NO_MMAP */
};

struct uring_cqring_offsets {
  u32 head;
  u32 tail;
  u32 ring_mask;
  u32 ring_entries;
  u32 overflow;
  u32 cqes;
  u32 flags;
  u32 resv1;
  u64 user_addr;
};

struct uring_params {
  u32 sq_entries;
  u32 cq_entries;
  u32 flags;          /* URING_SETUP_* */
  u32 sq_thread_cpu;
  u32 sq_thread_idle; /* ms */
  u32 features;       /* URING_FEAT_*, output */
  u32 wq_fd;
  u32 resv[3];
  struct uring_sqring_offsets sq_off;
  struct uring_cqring_offsets cq_off;
};

/* io_uring_enter(2) with URING_ENTER_EXT_ARG: arg points at this, argsz = sizeof. */
struct uring_getevents_arg {
  u64 sigmask;
  u32 sigmask_sz;
  u32 min_wait_usec; /* pad before 6.12 */
  u64 ts;            /* struct uring_kernel_timespec * */
};

/* URING_ENTER_EXT_ARG_REG: an array of these in a registered memory region (6.13). */
struct uring_reg_wait {
  struct uring_kernel_timespec ts;
  u32 min_wait_usec;
  u32 flags; /* URING_REG_WAIT_TS */
  u64 sigmask;
  u32 sigmask_sz;
  u32 pad[3];
  u64 pad2[2];
};

/* io_uring_setup(2) flags: params.flags */
#define URING_SETUP_IOPOLL            (1u << 0)
#define URING_SETUP_SQPOLL            (1u << 1)
#define URING_SETUP_SQ_AFF            (1u << 2)
#define URING_SETUP_CQSIZE            (1u << 3)
#define URING_SETUP_CLAMP             (1u << 4)
#define URING_SETUP_ATTACH_WQ         (1u << 5)
#define URING_SETUP_R_DISABLED        (1u << 6)
#define URING_SETUP_SUBMIT_ALL        (1u << 7)
#define URING_SETUP_COOP_TASKRUN      (1u << 8)
#define URING_SETUP_TASKRUN_FLAG      (1u << 9)
#define URING_SETUP_SQE128            (1u << 10)
#define URING_SETUP_CQE32             (1u << 11)
#define URING_SETUP_SINGLE_ISSUER     (1u << 12)
#define URING_SETUP_DEFER_TASKRUN     (1u << 13)
#define URING_SETUP_NO_MMAP           (1u << 14)
#define URING_SETUP_REGISTERED_FD_ONLY (1u << 15)
#define URING_SETUP_NO_SQARRAY        (1u << 16)
#define URING_SETUP_HYBRID_IOPOLL     (1u << 17)
#define URING_SETUP_CQE_MIXED         (1u << 18)
#define URING_SETUP_SQE_MIXED         (1u << 19)
#define URING_SETUP_SQ_REWIND         (1u << 20)

/* params.features (output of io_uring_setup) */
#define URING_FEAT_SINGLE_MMAP     (1u << 0)
#define URING_FEAT_NODROP          (1u << 1)
#define URING_FEAT_SUBMIT_STABLE   (1u << 2)
#define URING_FEAT_RW_CUR_POS      (1u << 3)
#define URING_FEAT_CUR_PERSONALITY (1u << 4)
#define URING_FEAT_FAST_POLL       (1u << 5)
#define URING_FEAT_POLL_32BITS     (1u << 6)
#define URING_FEAT_SQPOLL_NONFIXED (1u << 7)
#define URING_FEAT_EXT_ARG         (1u << 8)
#define URING_FEAT_NATIVE_WORKERS  (1u << 9)
#define URING_FEAT_RSRC_TAGS       (1u << 10)
#define URING_FEAT_CQE_SKIP        (1u << 11)
#define URING_FEAT_LINKED_FILE     (1u << 12)
#define URING_FEAT_REG_REG_RING    (1u << 13)
#define URING_FEAT_RECVSEND_BUNDLE (1u << 14)
#define URING_FEAT_MIN_TIMEOUT     (1u << 15)
#define URING_FEAT_RW_ATTR         (1u << 16)
#define URING_FEAT_NO_IOWAIT       (1u << 17)

/* io_uring_enter(2) flags */
#define URING_ENTER_GETEVENTS       (1u << 0)
#define URING_ENTER_SQ_WAKEUP       (1u << 1)
#define URING_ENTER_SQ_WAIT         (1u << 2)
#define URING_ENTER_EXT_ARG         (1u << 3)
#define URING_ENTER_REGISTERED_RING (1u << 4)
#define URING_ENTER_ABS_TIMER       (1u << 5)
#define URING_ENTER_EXT_ARG_REG     (1u << 6)
#define URING_ENTER_NO_IOWAIT       (1u << 7)

/* SQ ring flags word (kernel-written) */
#define URING_SQ_NEED_WAKEUP (1u << 0)
#define URING_SQ_CQ_OVERFLOW (1u << 1)
#define URING_SQ_TASKRUN     (1u << 2)

/* CQ ring flags word (application-written) */
#define URING_CQ_EVENTFD_DISABLED (1u << 0)

/* io_uring_reg_wait.flags */
#define URING_REG_WAIT_TS (1u << 0)

/* mmap(2) offsets on the ring fd */
#define URING_OFF_SQ_RING    0x0ull
#define URING_OFF_CQ_RING    0x8000000ull
#define URING_OFF_SQES       0x10000000ull
#define URING_OFF_PBUF_RING  0x80000000ull /* | (bgid << URING_OFF_PBUF_SHIFT) */
#define URING_OFF_PBUF_SHIFT 16
#define URING_OFF_MMAP_MASK  0xf8000000ull

#define URING_OFFSETOF(t, f) __builtin_offsetof(struct t, f)

_Static_assert(sizeof(struct uring_kernel_timespec) == 16, "kernel_timespec size");
_Static_assert(URING_OFFSETOF(uring_kernel_timespec, tv_sec) == 0, "tv_sec");
_Static_assert(URING_OFFSETOF(uring_kernel_timespec, tv_nsec) == 8, "tv_nsec");

_Static_assert(sizeof(struct uring_sqring_offsets) == 40, "sqring_offsets size");
_Static_assert(URING_OFFSETOF(uring_sqring_offsets, head) == 0, "sq_off.head");
_Static_assert(URING_OFFSETOF(uring_sqring_offsets, tail) == 4, "sq_off.tail");
_Static_assert(URING_OFFSETOF(uring_sqring_offsets, ring_mask) == 8, "sq_off.ring_mask");
_Static_assert(URING_OFFSETOF(uring_sqring_offsets, ring_entries) == 12, "sq_off.ring_entries");
_Static_assert(URING_OFFSETOF(uring_sqring_offsets, flags) == 16, "sq_off.flags");
_Static_assert(URING_OFFSETOF(uring_sqring_offsets, dropped) == 20, "sq_off.dropped");
_Static_assert(URING_OFFSETOF(uring_sqring_offsets, array) == 24, "sq_off.array");
_Static_assert(URING_OFFSETOF(uring_sqring_offsets, resv1) == 28, "sq_off.resv1");
_Static_assert(URING_OFFSETOF(uring_sqring_offsets, user_addr) == 32, "sq_off.user_addr");

_Static_assert(sizeof(struct uring_cqring_offsets) == 40, "cqring_offsets size");
_Static_assert(URING_OFFSETOF(uring_cqring_offsets, head) == 0, "cq_off.head");
_Static_assert(URING_OFFSETOF(uring_cqring_offsets, tail) == 4, "cq_off.tail");
_Static_assert(URING_OFFSETOF(uring_cqring_offsets, ring_mask) == 8, "cq_off.ring_mask");
_Static_assert(URING_OFFSETOF(uring_cqring_offsets, ring_entries) == 12, "cq_off.ring_entries");
_Static_assert(URING_OFFSETOF(uring_cqring_offsets, overflow) == 16, "cq_off.overflow");
_Static_assert(URING_OFFSETOF(uring_cqring_offsets, cqes) == 20, "cq_off.cqes");
_Static_assert(URING_OFFSETOF(uring_cqring_offsets, flags) == 24, "cq_off.flags");
_Static_assert(URING_OFFSETOF(uring_cqring_offsets, resv1) == 28, "cq_off.resv1");
_Static_assert(URING_OFFSETOF(uring_cqring_offsets, user_addr) == 32, "cq_off.user_addr");

_Static_assert(sizeof(struct uring_params) == 120, "params size");
_Static_assert(URING_OFFSETOF(uring_params, sq_entries) == 0, "sq_entries");
_Static_assert(URING_OFFSETOF(uring_params, cq_entries) == 4, "cq_entries");
_Static_assert(URING_OFFSETOF(uring_params, flags) == 8, "flags");
_Static_assert(URING_OFFSETOF(uring_params, sq_thread_cpu) == 12, "sq_thread_cpu");
_Static_assert(URING_OFFSETOF(uring_params, sq_thread_idle) == 16, "sq_thread_idle");
_Static_assert(URING_OFFSETOF(uring_params, features) == 20, "features");
_Static_assert(URING_OFFSETOF(uring_params, wq_fd) == 24, "wq_fd");
_Static_assert(URING_OFFSETOF(uring_params, resv) == 28, "resv");
_Static_assert(URING_OFFSETOF(uring_params, sq_off) == 40, "sq_off");
_Static_assert(URING_OFFSETOF(uring_params, cq_off) == 80, "cq_off");

_Static_assert(sizeof(struct uring_getevents_arg) == 24, "getevents_arg size");
_Static_assert(URING_OFFSETOF(uring_getevents_arg, sigmask) == 0, "sigmask");
_Static_assert(URING_OFFSETOF(uring_getevents_arg, sigmask_sz) == 8, "sigmask_sz");
_Static_assert(URING_OFFSETOF(uring_getevents_arg, min_wait_usec) == 12, "min_wait_usec");
_Static_assert(URING_OFFSETOF(uring_getevents_arg, ts) == 16, "ts");

_Static_assert(sizeof(struct uring_reg_wait) == 64, "reg_wait size");
_Static_assert(URING_OFFSETOF(uring_reg_wait, ts) == 0, "reg_wait.ts");
_Static_assert(URING_OFFSETOF(uring_reg_wait, min_wait_usec) == 16, "reg_wait.min_wait_usec");
_Static_assert(URING_OFFSETOF(uring_reg_wait, flags) == 20, "reg_wait.flags");
_Static_assert(URING_OFFSETOF(uring_reg_wait, sigmask) == 24, "reg_wait.sigmask");
_Static_assert(URING_OFFSETOF(uring_reg_wait, sigmask_sz) == 32, "reg_wait.sigmask_sz");
_Static_assert(URING_OFFSETOF(uring_reg_wait, pad) == 36, "reg_wait.pad");
_Static_assert(URING_OFFSETOF(uring_reg_wait, pad2) == 48, "reg_wait.pad2");
#endif
