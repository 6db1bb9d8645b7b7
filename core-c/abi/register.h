/* io_uring_register(2) (kernel uapi): opcodes, the structs they take and their flag values.
 * Own definitions, prefixed uring_/URING_; pointers are u64, so the layout is the same on wasm32 and x86_64. */
#ifndef URING_ABI_REGISTER_H
#define URING_ABI_REGISTER_H
#include "types.h"
#include "setup.h"

/* REGISTER_FILES2 / REGISTER_BUFFERS2 */
struct uring_rsrc_register {
  u32 nr;
  u32 flags; /* URING_RSRC_REGISTER_SPARSE */
  u64 resv2;
  u64 data;  /* fds (s32[]) or iovecs */
  u64 tags;  /* u64[] */
};

/* REGISTER_RING_FDS / UNREGISTER_RING_FDS (array of) */
struct uring_rsrc_update {
  u32 offset;
  u32 resv;
  u64 data;
};

/* REGISTER_FILES_UPDATE2 / REGISTER_BUFFERS_UPDATE */
struct uring_rsrc_update2 {
  u32 offset;
  u32 resv;
  u64 data;
  u64 tags;
  u32 nr;
  u32 resv2;
};

/* REGISTER_FILES_UPDATE (deprecated) */
struct uring_files_update {
  u32 offset;
  u32 resv;
  u64 fds; /* s32[] */
};

struct uring_probe_op {
  u8 op;
  u8 resv;
  u16 flags; /* URING_IO_URING_OP_SUPPORTED */
  u32 resv2;
};

struct uring_probe {
  u8 last_op;
  u8 ops_len;
  u16 resv;
  u32 resv2[3];
  struct uring_probe_op ops[];
};

struct uring_restriction {
  u16 opcode; /* URING_RESTRICTION_* */
  union {
    u8 register_op;
    u8 sqe_op;
    u8 sqe_flags;
  };
  u8 resv;
  u32 resv2[3];
};

/* A provided buffer; an array of these (a power of two) is a buffer ring. */
struct uring_buf {
  u64 addr;
  u32 len;
  u16 bid;
  u16 resv;
};

/* The ring's tail overlays bufs[0].resv, so the ring costs no extra space. */
struct uring_buf_ring {
  union {
    struct {
      u64 resv1;
      u32 resv2;
      u16 resv3;
      u16 tail;
    };
    struct uring_buf bufs[0];
  };
};

/* REGISTER_PBUF_RING / UNREGISTER_PBUF_RING */
struct uring_buf_reg {
  u64 ring_addr;
  u32 ring_entries;
  u16 bgid;
  u16 flags; /* URING_IOU_PBUF_RING_* (pad before 6.4) */
  u32 min_left;
  u32 resv[5];
};

/* REGISTER_PBUF_STATUS */
struct uring_buf_status {
  u32 buf_group; /* in */
  u32 head;      /* out */
  u32 resv[8];
};

/* REGISTER_SYNC_CANCEL */
struct uring_sync_cancel_reg {
  u64 addr;
  s32 fd;
  u32 flags; /* URING_ASYNC_CANCEL_* */
  struct uring_kernel_timespec timeout;
  u8 opcode;
  u8 pad[7];
  u64 pad2[3];
};

/* REGISTER_FILE_ALLOC_RANGE */
struct uring_file_index_range {
  u32 off;
  u32 len;
  u64 resv;
};

/* The header at the start of a multishot recvmsg buffer. */
struct uring_recvmsg_out {
  u32 namelen;
  u32 controllen;
  u32 payloadlen;
  u32 flags;
};

/* REGISTER_NAPI / UNREGISTER_NAPI */
struct uring_napi {
  u32 busy_poll_to;
  u8 prefer_busy_poll;
  u8 pad[3];
  u64 resv;
};

/* REGISTER_CLOCK */
struct uring_clock_register {
  u32 clockid;
  u32 __resv[3];
};

/* REGISTER_CLONE_BUFFERS */
struct uring_clone_buffers {
  u32 src_fd;
  u32 flags; /* URING_REGISTER_SRC_REGISTERED | URING_REGISTER_DST_REPLACE */
  u32 src_off;
  u32 dst_off;
  u32 nr;
  u32 pad[3];
};

/* REGISTER_MEM_REGION: region_uptr points at a region_desc */
struct uring_region_desc {
  u64 user_addr;
  u64 size;
  u32 flags; /* URING_MEM_REGION_TYPE_USER */
  u32 id;
  u64 mmap_offset;
  u64 __resv[4];
};

struct uring_mem_region_reg {
  u64 region_uptr;
  u64 flags; /* URING_MEM_REGION_REG_WAIT_ARG */
  u64 __resv[2];
};

/* io_uring_register(2) opcodes */
enum uring_register_op {
  URING_REGISTER_BUFFERS = 0,
  URING_UNREGISTER_BUFFERS = 1,
  URING_REGISTER_FILES = 2,
  URING_UNREGISTER_FILES = 3,
  URING_REGISTER_EVENTFD = 4,
  URING_UNREGISTER_EVENTFD = 5,
  URING_REGISTER_FILES_UPDATE = 6,
  URING_REGISTER_EVENTFD_ASYNC = 7,
  URING_REGISTER_PROBE = 8,
  URING_REGISTER_PERSONALITY = 9,
  URING_UNREGISTER_PERSONALITY = 10,
  URING_REGISTER_RESTRICTIONS = 11,
  URING_REGISTER_ENABLE_RINGS = 12,
  URING_REGISTER_FILES2 = 13,
  URING_REGISTER_FILES_UPDATE2 = 14,
  URING_REGISTER_BUFFERS2 = 15,
  URING_REGISTER_BUFFERS_UPDATE = 16,
  URING_REGISTER_IOWQ_AFF = 17,
  URING_UNREGISTER_IOWQ_AFF = 18,
  URING_REGISTER_IOWQ_MAX_WORKERS = 19,
  URING_REGISTER_RING_FDS = 20,
  URING_UNREGISTER_RING_FDS = 21,
  URING_REGISTER_PBUF_RING = 22,
  URING_UNREGISTER_PBUF_RING = 23,
  URING_REGISTER_SYNC_CANCEL = 24,
  URING_REGISTER_FILE_ALLOC_RANGE = 25,
  URING_REGISTER_PBUF_STATUS = 26,
  URING_REGISTER_NAPI = 27,
  URING_UNREGISTER_NAPI = 28,
  URING_REGISTER_CLOCK = 29,
  URING_REGISTER_CLONE_BUFFERS = 30,
  URING_REGISTER_SEND_MSG_RING = 31,
  URING_REGISTER_ZCRX_IFQ = 32,
  URING_REGISTER_RESIZE_RINGS = 33,
  URING_REGISTER_MEM_REGION = 34,
  URING_REGISTER_QUERY = 35,
  URING_REGISTER_ZCRX_CTRL = 36,
  URING_REGISTER_BPF_FILTER = 37,
  URING_REGISTER_LAST
};
/* OR-ed into the opcode: the fd argument is a registered ring index (6.3). A macro, since 1u << 31
 * does not fit an int enumerator. */
#define URING_REGISTER_USE_REGISTERED_RING (1u << 31)

/* io_uring_restriction.opcode */
#define URING_RESTRICTION_REGISTER_OP         0u
#define URING_RESTRICTION_SQE_OP              1u
#define URING_RESTRICTION_SQE_FLAGS_ALLOWED   2u
#define URING_RESTRICTION_SQE_FLAGS_REQUIRED  3u
#define URING_RESTRICTION_LAST                4u

/* io_uring_rsrc_register.flags */
#define URING_RSRC_REGISTER_SPARSE (1u << 0)
/* an fd in a files update that leaves its slot unchanged */
#define URING_REGISTER_FILES_SKIP (-2)

/* REGISTER_IOWQ_MAX_WORKERS: index into the u32[2] */
#define URING_IO_WQ_BOUND   0u
#define URING_IO_WQ_UNBOUND 1u

/* io_uring_buf_reg.flags */
#define URING_IOU_PBUF_RING_MMAP 1u
#define URING_IOU_PBUF_RING_INC  2u

/* io_uring_probe_op.flags */
#define URING_IO_URING_OP_SUPPORTED (1u << 0)

/* io_uring_clone_buffers.flags */
#define URING_REGISTER_SRC_REGISTERED (1u << 0)
#define URING_REGISTER_DST_REPLACE    (1u << 1)

/* io_uring_region_desc.flags / io_uring_mem_region_reg.flags */
#define URING_MEM_REGION_TYPE_USER    1u
#define URING_MEM_REGION_REG_WAIT_ARG 1u

_Static_assert(sizeof(struct uring_rsrc_register) == 32, "rsrc_register size");
_Static_assert(URING_OFFSETOF(uring_rsrc_register, nr) == 0, "rsrc_register.nr");
_Static_assert(URING_OFFSETOF(uring_rsrc_register, flags) == 4, "rsrc_register.flags");
_Static_assert(URING_OFFSETOF(uring_rsrc_register, resv2) == 8, "rsrc_register.resv2");
_Static_assert(URING_OFFSETOF(uring_rsrc_register, data) == 16, "rsrc_register.data");
_Static_assert(URING_OFFSETOF(uring_rsrc_register, tags) == 24, "rsrc_register.tags");

_Static_assert(sizeof(struct uring_rsrc_update) == 16, "rsrc_update size");
_Static_assert(URING_OFFSETOF(uring_rsrc_update, offset) == 0, "rsrc_update.offset");
_Static_assert(URING_OFFSETOF(uring_rsrc_update, resv) == 4, "rsrc_update.resv");
_Static_assert(URING_OFFSETOF(uring_rsrc_update, data) == 8, "rsrc_update.data");

_Static_assert(sizeof(struct uring_rsrc_update2) == 32, "rsrc_update2 size");
_Static_assert(URING_OFFSETOF(uring_rsrc_update2, offset) == 0, "rsrc_update2.offset");
_Static_assert(URING_OFFSETOF(uring_rsrc_update2, resv) == 4, "rsrc_update2.resv");
_Static_assert(URING_OFFSETOF(uring_rsrc_update2, data) == 8, "rsrc_update2.data");
_Static_assert(URING_OFFSETOF(uring_rsrc_update2, tags) == 16, "rsrc_update2.tags");
_Static_assert(URING_OFFSETOF(uring_rsrc_update2, nr) == 24, "rsrc_update2.nr");
_Static_assert(URING_OFFSETOF(uring_rsrc_update2, resv2) == 28, "rsrc_update2.resv2");

_Static_assert(sizeof(struct uring_files_update) == 16, "files_update size");
_Static_assert(URING_OFFSETOF(uring_files_update, offset) == 0, "files_update.offset");
_Static_assert(URING_OFFSETOF(uring_files_update, resv) == 4, "files_update.resv");
_Static_assert(URING_OFFSETOF(uring_files_update, fds) == 8, "files_update.fds");

_Static_assert(sizeof(struct uring_probe_op) == 8, "probe_op size");
_Static_assert(URING_OFFSETOF(uring_probe_op, op) == 0, "probe_op.op");
_Static_assert(URING_OFFSETOF(uring_probe_op, resv) == 1, "probe_op.resv");
_Static_assert(URING_OFFSETOF(uring_probe_op, flags) == 2, "probe_op.flags");
_Static_assert(URING_OFFSETOF(uring_probe_op, resv2) == 4, "probe_op.resv2");

_Static_assert(sizeof(struct uring_probe) == 16, "probe size");
_Static_assert(URING_OFFSETOF(uring_probe, last_op) == 0, "probe.last_op");
_Static_assert(URING_OFFSETOF(uring_probe, ops_len) == 1, "probe.ops_len");
_Static_assert(URING_OFFSETOF(uring_probe, resv) == 2, "probe.resv");
_Static_assert(URING_OFFSETOF(uring_probe, resv2) == 4, "probe.resv2");
_Static_assert(URING_OFFSETOF(uring_probe, ops) == 16, "probe.ops");

_Static_assert(sizeof(struct uring_restriction) == 16, "restriction size");
_Static_assert(URING_OFFSETOF(uring_restriction, opcode) == 0, "restriction.opcode");
_Static_assert(URING_OFFSETOF(uring_restriction, register_op) == 2, "restriction.register_op");
_Static_assert(URING_OFFSETOF(uring_restriction, sqe_op) == 2, "restriction.sqe_op");
_Static_assert(URING_OFFSETOF(uring_restriction, sqe_flags) == 2, "restriction.sqe_flags");
_Static_assert(URING_OFFSETOF(uring_restriction, resv) == 3, "restriction.resv");
_Static_assert(URING_OFFSETOF(uring_restriction, resv2) == 4, "restriction.resv2");

_Static_assert(sizeof(struct uring_buf) == 16, "buf size");
_Static_assert(URING_OFFSETOF(uring_buf, addr) == 0, "buf.addr");
_Static_assert(URING_OFFSETOF(uring_buf, len) == 8, "buf.len");
_Static_assert(URING_OFFSETOF(uring_buf, bid) == 12, "buf.bid");
_Static_assert(URING_OFFSETOF(uring_buf, resv) == 14, "buf.resv");

_Static_assert(sizeof(struct uring_buf_ring) == 16, "buf_ring header size");
_Static_assert(URING_OFFSETOF(uring_buf_ring, resv1) == 0, "buf_ring.resv1");
_Static_assert(URING_OFFSETOF(uring_buf_ring, resv2) == 8, "buf_ring.resv2");
_Static_assert(URING_OFFSETOF(uring_buf_ring, resv3) == 12, "buf_ring.resv3");
_Static_assert(URING_OFFSETOF(uring_buf_ring, tail) == 14, "buf_ring.tail overlays bufs[0].resv");
_Static_assert(URING_OFFSETOF(uring_buf_ring, bufs) == 0, "buf_ring.bufs");

_Static_assert(sizeof(struct uring_buf_reg) == 40, "buf_reg size");
_Static_assert(URING_OFFSETOF(uring_buf_reg, ring_addr) == 0, "buf_reg.ring_addr");
_Static_assert(URING_OFFSETOF(uring_buf_reg, ring_entries) == 8, "buf_reg.ring_entries");
_Static_assert(URING_OFFSETOF(uring_buf_reg, bgid) == 12, "buf_reg.bgid");
_Static_assert(URING_OFFSETOF(uring_buf_reg, flags) == 14, "buf_reg.flags");
_Static_assert(URING_OFFSETOF(uring_buf_reg, min_left) == 16, "buf_reg.min_left");
_Static_assert(URING_OFFSETOF(uring_buf_reg, resv) == 20, "buf_reg.resv");

_Static_assert(sizeof(struct uring_buf_status) == 40, "buf_status size");
_Static_assert(URING_OFFSETOF(uring_buf_status, buf_group) == 0, "buf_status.buf_group");
_Static_assert(URING_OFFSETOF(uring_buf_status, head) == 4, "buf_status.head");
_Static_assert(URING_OFFSETOF(uring_buf_status, resv) == 8, "buf_status.resv");

_Static_assert(sizeof(struct uring_sync_cancel_reg) == 64, "sync_cancel_reg size");
_Static_assert(URING_OFFSETOF(uring_sync_cancel_reg, addr) == 0, "sync_cancel_reg.addr");
_Static_assert(URING_OFFSETOF(uring_sync_cancel_reg, fd) == 8, "sync_cancel_reg.fd");
_Static_assert(URING_OFFSETOF(uring_sync_cancel_reg, flags) == 12, "sync_cancel_reg.flags");
_Static_assert(URING_OFFSETOF(uring_sync_cancel_reg, timeout) == 16, "sync_cancel_reg.timeout");
_Static_assert(URING_OFFSETOF(uring_sync_cancel_reg, opcode) == 32, "sync_cancel_reg.opcode");
_Static_assert(URING_OFFSETOF(uring_sync_cancel_reg, pad) == 33, "sync_cancel_reg.pad");
_Static_assert(URING_OFFSETOF(uring_sync_cancel_reg, pad2) == 40, "sync_cancel_reg.pad2");

_Static_assert(sizeof(struct uring_file_index_range) == 16, "file_index_range size");
_Static_assert(URING_OFFSETOF(uring_file_index_range, off) == 0, "file_index_range.off");
_Static_assert(URING_OFFSETOF(uring_file_index_range, len) == 4, "file_index_range.len");
_Static_assert(URING_OFFSETOF(uring_file_index_range, resv) == 8, "file_index_range.resv");

_Static_assert(sizeof(struct uring_recvmsg_out) == 16, "recvmsg_out size");
_Static_assert(URING_OFFSETOF(uring_recvmsg_out, namelen) == 0, "recvmsg_out.namelen");
_Static_assert(URING_OFFSETOF(uring_recvmsg_out, controllen) == 4, "recvmsg_out.controllen");
_Static_assert(URING_OFFSETOF(uring_recvmsg_out, payloadlen) == 8, "recvmsg_out.payloadlen");
_Static_assert(URING_OFFSETOF(uring_recvmsg_out, flags) == 12, "recvmsg_out.flags");

_Static_assert(sizeof(struct uring_napi) == 16, "napi size");
_Static_assert(URING_OFFSETOF(uring_napi, busy_poll_to) == 0, "napi.busy_poll_to");
_Static_assert(URING_OFFSETOF(uring_napi, prefer_busy_poll) == 4, "napi.prefer_busy_poll");
_Static_assert(URING_OFFSETOF(uring_napi, pad) == 5, "napi.pad");
_Static_assert(URING_OFFSETOF(uring_napi, resv) == 8, "napi.resv");

_Static_assert(sizeof(struct uring_clock_register) == 16, "clock_register size");
_Static_assert(URING_OFFSETOF(uring_clock_register, clockid) == 0, "clock_register.clockid");
_Static_assert(URING_OFFSETOF(uring_clock_register, __resv) == 4, "clock_register.__resv");

_Static_assert(sizeof(struct uring_clone_buffers) == 32, "clone_buffers size");
_Static_assert(URING_OFFSETOF(uring_clone_buffers, src_fd) == 0, "clone_buffers.src_fd");
_Static_assert(URING_OFFSETOF(uring_clone_buffers, flags) == 4, "clone_buffers.flags");
_Static_assert(URING_OFFSETOF(uring_clone_buffers, src_off) == 8, "clone_buffers.src_off");
_Static_assert(URING_OFFSETOF(uring_clone_buffers, dst_off) == 12, "clone_buffers.dst_off");
_Static_assert(URING_OFFSETOF(uring_clone_buffers, nr) == 16, "clone_buffers.nr");
_Static_assert(URING_OFFSETOF(uring_clone_buffers, pad) == 20, "clone_buffers.pad");

_Static_assert(sizeof(struct uring_region_desc) == 64, "region_desc size");
_Static_assert(URING_OFFSETOF(uring_region_desc, user_addr) == 0, "region_desc.user_addr");
_Static_assert(URING_OFFSETOF(uring_region_desc, size) == 8, "region_desc.size");
_Static_assert(URING_OFFSETOF(uring_region_desc, flags) == 16, "region_desc.flags");
_Static_assert(URING_OFFSETOF(uring_region_desc, id) == 20, "region_desc.id");
_Static_assert(URING_OFFSETOF(uring_region_desc, mmap_offset) == 24, "region_desc.mmap_offset");
_Static_assert(URING_OFFSETOF(uring_region_desc, __resv) == 32, "region_desc.__resv");

_Static_assert(sizeof(struct uring_mem_region_reg) == 32, "mem_region_reg size");
_Static_assert(URING_OFFSETOF(uring_mem_region_reg, region_uptr) == 0, "mem_region_reg.region_uptr");
_Static_assert(URING_OFFSETOF(uring_mem_region_reg, flags) == 8, "mem_region_reg.flags");
_Static_assert(URING_OFFSETOF(uring_mem_region_reg, __resv) == 16, "mem_region_reg.__resv");

_Static_assert(URING_REGISTER_LAST == 38, "register opcode count");
#endif
