/* Files and paths. liburing 2.3 differs from newer liburing (and from us) in two documented ways:
 * its *_direct helpers store IORING_FILE_INDEX_ALLOC + 1 (= 0) where newer ones keep ALLOC, and
 * fadvise/madvise take an off_t length that they truncate to the 32-bit len field. */
#include <fcntl.h>
#include "harness.h"

/* A direct slot as our prep takes it; ALLOC one time in eight. */
static unsigned rslot(struct rnd *r) { return (r64(r) & 7) == 0 ? IORING_FILE_INDEX_ALLOC : r32(r); }

/* Newer liburing keeps ALLOC in file_index (2.3 wraps it to 0); everything else is 2.3's encoding. */
static void fix_alloc(struct io_uring_sqe *theirs, unsigned idx) {
  if (idx == IORING_FILE_INDEX_ALLOC) theirs->file_index = IORING_FILE_INDEX_ALLOC;
}

DIFF(fsync) {
  int fd = ri32(r); unsigned fl = r32(r);
  io_uring_prep_fsync(theirs, fd, fl);
  uring_prep_fsync(ours, fd, fl);
}

DIFF(sync_file_range) {
  int fd = ri32(r); unsigned len = r32(r); uint64_t off = rv(r); int fl = ri32(r);
  io_uring_prep_sync_file_range(theirs, fd, len, off, fl);
  uring_prep_sync_file_range(ours, fd, len, off, fl);
}

DIFF(fallocate) {
  int fd = ri32(r); int mode = ri32(r); uint64_t off = rv(r); uint64_t len = rv(r);
  io_uring_prep_fallocate(theirs, fd, mode, (off_t)off, (off_t)len);
  uring_prep_fallocate(ours, fd, mode, off, len);
}

DIFF(fadvise) {
  int fd = ri32(r); uint64_t off = rv(r); uint64_t len = rv(r); int adv = ri32(r);
  io_uring_prep_fadvise(theirs, fd, off, (off_t)len, adv);
  uring_prep_fadvise(ours, fd, off, (u32)len, adv);
}

DIFF(madvise) {
  void *addr = rp(r); uint64_t len = rv(r); int adv = ri32(r);
  io_uring_prep_madvise(theirs, addr, (off_t)len, adv);
  uring_prep_madvise(ours, (uintptr_t)addr, (u32)len, adv);
}

DIFF(splice) {
  int fd_in = ri32(r); int64_t off_in = (int64_t)rv(r); int fd_out = ri32(r); int64_t off_out = (int64_t)rv(r);
  unsigned n = r32(r); unsigned fl = r32(r);
  io_uring_prep_splice(theirs, fd_in, off_in, fd_out, off_out, n, fl);
  uring_prep_splice(ours, fd_in, (u64)off_in, fd_out, (u64)off_out, n, fl);
}

DIFF(tee) {
  int fd_in = ri32(r); int fd_out = ri32(r); unsigned n = r32(r); unsigned fl = r32(r);
  io_uring_prep_tee(theirs, fd_in, fd_out, n, fl);
  uring_prep_tee(ours, fd_in, fd_out, n, fl);
}

DIFF(openat) {
  int dfd = ri32(r); const char *path = rp(r); int fl = ri32(r); mode_t mode = r32(r);
  io_uring_prep_openat(theirs, dfd, path, fl, mode);
  uring_prep_openat(ours, dfd, (uintptr_t)path, fl, mode);
}

DIFF(openat_direct) {
  int dfd = ri32(r); const char *path = rp(r); int fl = ri32(r); mode_t mode = r32(r); unsigned idx = rslot(r);
  io_uring_prep_openat_direct(theirs, dfd, path, fl, mode, idx);
  fix_alloc(theirs, idx);
  uring_prep_openat_direct(ours, dfd, (uintptr_t)path, fl, mode, idx);
}

DIFF(openat2) {
  int dfd = ri32(r); const char *path = rp(r); struct open_how *how = rp(r);
  io_uring_prep_openat2(theirs, dfd, path, how);
  uring_prep_openat2(ours, dfd, (uintptr_t)path, (uintptr_t)how);
}

DIFF(openat2_direct) {
  int dfd = ri32(r); const char *path = rp(r); struct open_how *how = rp(r); unsigned idx = rslot(r);
  io_uring_prep_openat2_direct(theirs, dfd, path, how, idx);
  fix_alloc(theirs, idx);
  uring_prep_openat2_direct(ours, dfd, (uintptr_t)path, (uintptr_t)how, idx);
}

DIFF(close) {
  int fd = ri32(r);
  io_uring_prep_close(theirs, fd);
  uring_prep_close(ours, fd);
}

DIFF(close_direct) {
  unsigned idx = r32(r);
  io_uring_prep_close_direct(theirs, idx);
  uring_prep_close_direct(ours, idx);
}

DIFF(statx) {
  int dfd = ri32(r); const char *path = rp(r); int fl = ri32(r); unsigned mask = r32(r); struct statx *buf = rp(r);
  io_uring_prep_statx(theirs, dfd, path, fl, mask, buf);
  uring_prep_statx(ours, dfd, (uintptr_t)path, fl, mask, (uintptr_t)buf);
}

DIFF(renameat) {
  int od = ri32(r); const char *op = rp(r); int nd = ri32(r); const char *np = rp(r); unsigned fl = r32(r);
  io_uring_prep_renameat(theirs, od, op, nd, np, fl);
  uring_prep_renameat(ours, od, (uintptr_t)op, nd, (uintptr_t)np, fl);
}

DIFF(rename) {
  const char *op = rp(r); const char *np = rp(r);
  io_uring_prep_rename(theirs, op, np);
  uring_prep_rename(ours, (uintptr_t)op, (uintptr_t)np);
}

DIFF(unlinkat) {
  int dfd = ri32(r); const char *path = rp(r); int fl = ri32(r);
  io_uring_prep_unlinkat(theirs, dfd, path, fl);
  uring_prep_unlinkat(ours, dfd, (uintptr_t)path, fl);
}

DIFF(unlink) {
  const char *path = rp(r); int fl = ri32(r);
  io_uring_prep_unlink(theirs, path, fl);
  uring_prep_unlink(ours, (uintptr_t)path, fl);
}

DIFF(mkdirat) {
  int dfd = ri32(r); const char *path = rp(r); mode_t mode = r32(r);
  io_uring_prep_mkdirat(theirs, dfd, path, mode);
  uring_prep_mkdirat(ours, dfd, (uintptr_t)path, mode);
}

DIFF(mkdir) {
  const char *path = rp(r); mode_t mode = r32(r);
  io_uring_prep_mkdir(theirs, path, mode);
  uring_prep_mkdir(ours, (uintptr_t)path, mode);
}

DIFF(symlinkat) {
  const char *target = rp(r); int nd = ri32(r); const char *lp = rp(r);
  io_uring_prep_symlinkat(theirs, target, nd, lp);
  uring_prep_symlinkat(ours, (uintptr_t)target, nd, (uintptr_t)lp);
}

DIFF(symlink) {
  const char *target = rp(r); const char *lp = rp(r);
  io_uring_prep_symlink(theirs, target, lp);
  uring_prep_symlink(ours, (uintptr_t)target, (uintptr_t)lp);
}

DIFF(linkat) {
  int od = ri32(r); const char *op = rp(r); int nd = ri32(r); const char *np = rp(r); int fl = ri32(r);
  io_uring_prep_linkat(theirs, od, op, nd, np, fl);
  uring_prep_linkat(ours, od, (uintptr_t)op, nd, (uintptr_t)np, fl);
}

DIFF(link) {
  const char *op = rp(r); const char *np = rp(r); int fl = ri32(r);
  io_uring_prep_link(theirs, op, np, fl);
  uring_prep_link(ours, (uintptr_t)op, (uintptr_t)np, fl);
}

DIFF(getxattr) {
  const char *name = rp(r); char *value = rp(r); const char *path = rp(r); unsigned len = r32(r);
  io_uring_prep_getxattr(theirs, name, value, path, len);
  uring_prep_getxattr(ours, (uintptr_t)name, (uintptr_t)value, (uintptr_t)path, len);
}

DIFF(setxattr) {
  const char *name = rp(r); const char *value = rp(r); const char *path = rp(r); int fl = ri32(r); unsigned len = r32(r);
  io_uring_prep_setxattr(theirs, name, value, path, fl, len);
  uring_prep_setxattr(ours, (uintptr_t)name, (uintptr_t)value, (uintptr_t)path, fl, len);
}

DIFF(fgetxattr) {
  int fd = ri32(r); const char *name = rp(r); char *value = rp(r); unsigned len = r32(r);
  io_uring_prep_fgetxattr(theirs, fd, name, value, len);
  uring_prep_fgetxattr(ours, fd, (uintptr_t)name, (uintptr_t)value, len);
}

DIFF(fsetxattr) {
  int fd = ri32(r); const char *name = rp(r); const char *value = rp(r); int fl = ri32(r); unsigned len = r32(r);
  io_uring_prep_fsetxattr(theirs, fd, name, value, fl, len);
  uring_prep_fsetxattr(ours, fd, (uintptr_t)name, (uintptr_t)value, fl, len);
}

DIFF(files_update) {
  int *fds = rp(r); unsigned n = r32(r); int off = ri32(r);
  io_uring_prep_files_update(theirs, fds, n, off);
  uring_prep_files_update(ours, (uintptr_t)fds, n, off);
}

/* Helpers newer than liburing 2.3: their bodies (liburing 2.15 src/include/liburing.h) restated on
 * 2.3's io_uring_prep_rw, with the 6.1 header's missing opcode numbers spelled out. */

DIFF(fadvise64) { /* liburing 2.7+: 64-bit length in addr, len 0 */
  int fd = ri32(r); uint64_t off = rv(r); uint64_t len = rv(r); int adv = ri32(r);
  io_uring_prep_rw(IORING_OP_FADVISE, theirs, fd, NULL, 0, off);
  theirs->addr = len;
  theirs->fadvise_advice = (__u32)adv;
  uring_prep_fadvise64(ours, fd, off, len, adv);
}

DIFF(madvise64) { /* liburing 2.7+: 64-bit length in off, len 0 */
  void *addr = rp(r); uint64_t len = rv(r); int adv = ri32(r);
  io_uring_prep_rw(IORING_OP_MADVISE, theirs, -1, addr, 0, len);
  theirs->fadvise_advice = (__u32)adv;
  uring_prep_madvise64(ours, (uintptr_t)addr, len, adv);
}

DIFF(ftruncate) { /* liburing 2.6+: FTRUNCATE (55), length in off */
  int fd = ri32(r); uint64_t len = rv(r);
  io_uring_prep_rw(55, theirs, fd, NULL, 0, len);
  uring_prep_ftruncate(ours, fd, len);
}

DIFF(fixed_fd_install) { /* liburing 2.6+: FIXED_FD_INSTALL (54), IOSQE_FIXED_FILE, install_fd_flags @28 */
  int fd = ri32(r); unsigned fl = r32(r);
  io_uring_prep_rw(54, theirs, fd, NULL, 0, 0);
  theirs->flags = IOSQE_FIXED_FILE;
  theirs->rw_flags = (int)fl;
  uring_prep_fixed_fd_install(ours, fd, fl);
}

DIFF(pipe) { /* liburing 2.12+: PIPE (62), fd 0, addr = fds, pipe_flags @28 */
  int *fds = rp(r); int fl = ri32(r);
  io_uring_prep_rw(62, theirs, 0, fds, 0, 0);
  theirs->rw_flags = fl;
  uring_prep_pipe(ours, (uintptr_t)fds, fl);
}

DIFF(pipe_direct) { /* liburing 2.12+: pipe, then file_index = slot+1 (ALLOC kept) */
  int *fds = rp(r); int fl = ri32(r); unsigned idx = rslot(r);
  io_uring_prep_rw(62, theirs, 0, fds, 0, 0);
  theirs->rw_flags = fl;
  theirs->file_index = idx == IORING_FILE_INDEX_ALLOC ? idx : idx + 1;
  uring_prep_pipe_direct(ours, (uintptr_t)fds, fl, idx);
}
