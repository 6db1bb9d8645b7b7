/* Reads, writes, vectored and fixed forms, nop. */
#include "harness.h"

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
