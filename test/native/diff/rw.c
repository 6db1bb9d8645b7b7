/* Reads, writes, vectored and fixed forms, nop. */
#include "harness.h"
#include "ops/prep.h"

/* liburing's generic helper against ours (core-c/ops/prep.h). */
DIFF(rw) {
  int op = (int)r32(r); int fd = ri32(r); void *addr = rp(r); unsigned len = r32(r); uint64_t off = rv(r);
  io_uring_prep_rw(op, theirs, fd, addr, len, off);
  uring_prep_rw((u8)op, ours, fd, (uintptr_t)addr, len, off);
}

DIFF(nop) {
  (void)r;
  io_uring_prep_nop(theirs);
  uring_prep_nop(ours);
}

DIFF(read) {
  int fd = ri32(r); void *buf = rp(r); unsigned n = r32(r); uint64_t off = rv(r);
  io_uring_prep_read(theirs, fd, buf, n, off);
  uring_prep_read(ours, fd, (uintptr_t)buf, n, off);
}

DIFF(write) {
  int fd = ri32(r); void *buf = rp(r); unsigned n = r32(r); uint64_t off = rv(r);
  io_uring_prep_write(theirs, fd, buf, n, off);
  uring_prep_write(ours, fd, (uintptr_t)buf, n, off);
}

DIFF(readv) {
  int fd = ri32(r); void *iov = rp(r); unsigned n = r32(r); uint64_t off = rv(r);
  io_uring_prep_readv(theirs, fd, iov, n, off);
  uring_prep_readv2(ours, fd, (uintptr_t)iov, n, off, 0);
}

DIFF(readv2) {
  int fd = ri32(r); void *iov = rp(r); unsigned n = r32(r); uint64_t off = rv(r); int fl = ri32(r);
  io_uring_prep_readv2(theirs, fd, iov, n, off, fl);
  uring_prep_readv2(ours, fd, (uintptr_t)iov, n, off, fl);
}

DIFF(writev) {
  int fd = ri32(r); void *iov = rp(r); unsigned n = r32(r); uint64_t off = rv(r);
  io_uring_prep_writev(theirs, fd, iov, n, off);
  uring_prep_writev2(ours, fd, (uintptr_t)iov, n, off, 0);
}

DIFF(writev2) {
  int fd = ri32(r); void *iov = rp(r); unsigned n = r32(r); uint64_t off = rv(r); int fl = ri32(r);
  io_uring_prep_writev2(theirs, fd, iov, n, off, fl);
  uring_prep_writev2(ours, fd, (uintptr_t)iov, n, off, fl);
}

DIFF(read_fixed) {
  int fd = ri32(r); void *buf = rp(r); unsigned n = r32(r); uint64_t off = rv(r); int idx = ri32(r);
  io_uring_prep_read_fixed(theirs, fd, buf, n, off, idx);
  uring_prep_read_fixed(ours, fd, (uintptr_t)buf, n, off, idx);
}

DIFF(write_fixed) {
  int fd = ri32(r); void *buf = rp(r); unsigned n = r32(r); uint64_t off = rv(r); int idx = ri32(r);
  io_uring_prep_write_fixed(theirs, fd, buf, n, off, idx);
  uring_prep_write_fixed(ours, fd, (uintptr_t)buf, n, off, idx);
}

/* Helpers newer than liburing 2.3: their bodies (liburing 2.15 src/include/liburing.h) restated on
 * 2.3's io_uring_prep_rw, with the 6.1 header's missing opcode numbers spelled out. */

DIFF(readv_fixed) { /* liburing 2.10+: readv2, then opcode READV_FIXED (60) and buf_index */
  int fd = ri32(r); void *iov = rp(r); unsigned n = r32(r); uint64_t off = rv(r); int fl = ri32(r); int idx = ri32(r);
  io_uring_prep_readv2(theirs, fd, iov, n, off, fl);
  theirs->opcode = 60;
  theirs->buf_index = (__u16)idx;
  uring_prep_readv_fixed(ours, fd, (uintptr_t)iov, n, off, fl, idx);
}

DIFF(writev_fixed) { /* liburing 2.10+: writev2, then opcode WRITEV_FIXED (61) and buf_index */
  int fd = ri32(r); void *iov = rp(r); unsigned n = r32(r); uint64_t off = rv(r); int fl = ri32(r); int idx = ri32(r);
  io_uring_prep_writev2(theirs, fd, iov, n, off, fl);
  theirs->opcode = 61;
  theirs->buf_index = (__u16)idx;
  uring_prep_writev_fixed(ours, fd, (uintptr_t)iov, n, off, fl, idx);
}

DIFF(read_multishot) { /* liburing 2.5+: READ_MULTISHOT (49), buf_group, flags = IOSQE_BUFFER_SELECT */
  int fd = ri32(r); unsigned n = r32(r); uint64_t off = rv(r); int bgid = ri32(r);
  io_uring_prep_rw(49, theirs, fd, NULL, n, off);
  theirs->buf_group = (__u16)bgid;
  theirs->flags = IOSQE_BUFFER_SELECT;
  uring_prep_read_multishot(ours, fd, n, off, bgid);
}
