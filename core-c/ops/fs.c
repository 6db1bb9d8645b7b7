/* Files and paths: open/close, statx, rename/unlink/mkdir/symlink/link, xattrs, fsync, sync_file_range, fallocate, fadvise, madvise, ftruncate, splice, tee, pipe, files_update, fixed_fd_install. */
#include "prep.h"
#include "fs.h"

/* struct open_how (u64 flags, u64 mode, u64 resolve): openat2 passes its size in len. */
#define URING_OPEN_HOW_SIZE 24u

/* Direct-descriptor slot as the kernel reads file_index: slot+1 (0 means "not direct"), and
 * IORING_FILE_INDEX_ALLOC as is (the kernel picks a free slot and returns it in res). */
static inline void uring_set_target_slot(struct uring_sqe *sqe, u32 file_index) {
  sqe->file_index = file_index == URING_FILE_INDEX_ALLOC ? URING_FILE_INDEX_ALLOC : file_index + 1;
}

/* Whole file when off and len stay 0; the kernel syncs [off, off+len) if they are set afterwards. */
void uring_prep_fsync(struct uring_sqe *sqe, s32 fd, u32 fsync_flags) {
  uring_prep_rw(URING_OP_FSYNC, sqe, fd, 0, 0, 0);
  sqe->fsync_flags = fsync_flags;
}

void uring_prep_sync_file_range(struct uring_sqe *sqe, s32 fd, u32 len, u64 offset, s32 flags) {
  uring_prep_rw(URING_OP_SYNC_FILE_RANGE, sqe, fd, 0, len, offset);
  sqe->sync_range_flags = (u32)flags;
}

/* mode travels in len, the 64-bit length in addr. */
void uring_prep_fallocate(struct uring_sqe *sqe, s32 fd, s32 mode, u64 offset, u64 len) {
  uring_prep_rw(URING_OP_FALLOCATE, sqe, fd, 0, (u32)mode, offset);
  sqe->addr = len;
}

void uring_prep_fadvise(struct uring_sqe *sqe, s32 fd, u64 offset, u32 len, s32 advice) {
  uring_prep_rw(URING_OP_FADVISE, sqe, fd, 0, len, offset);
  sqe->fadvise_advice = (u32)advice;
}

/* 64-bit length in addr (kernel 6.11+; len 0 there falls back to the 32-bit len field). */
void uring_prep_fadvise64(struct uring_sqe *sqe, s32 fd, u64 offset, u64 len, s32 advice) {
  uring_prep_rw(URING_OP_FADVISE, sqe, fd, 0, 0, offset);
  sqe->addr = len;
  sqe->fadvise_advice = (u32)advice;
}

void uring_prep_madvise(struct uring_sqe *sqe, u64 addr, u32 length, s32 advice) {
  uring_prep_rw(URING_OP_MADVISE, sqe, -1, addr, length, 0);
  sqe->fadvise_advice = (u32)advice;
}

/* 64-bit length in off (kernel 6.11+). */
void uring_prep_madvise64(struct uring_sqe *sqe, u64 addr, u64 length, s32 advice) {
  uring_prep_rw(URING_OP_MADVISE, sqe, -1, addr, 0, length);
  sqe->fadvise_advice = (u32)advice;
}

/* The new length travels in off. */
void uring_prep_ftruncate(struct uring_sqe *sqe, s32 fd, u64 len) {
  uring_prep_rw(URING_OP_FTRUNCATE, sqe, fd, 0, 0, len);
}

/* fd = fd_out, off = off_out, splice_off_in in addr's place, fd_in in splice_fd_in; an offset of -1
 * means "no offset" (a pipe, or the file position). SPLICE_F_FD_IN_FIXED makes fd_in a fixed file. */
void uring_prep_splice(struct uring_sqe *sqe, s32 fd_in, u64 off_in, s32 fd_out, u64 off_out, u32 nbytes, u32 splice_flags) {
  uring_prep_rw(URING_OP_SPLICE, sqe, fd_out, 0, nbytes, off_out);
  sqe->splice_off_in = off_in;
  sqe->splice_fd_in = fd_in;
  sqe->splice_flags = splice_flags;
}

void uring_prep_tee(struct uring_sqe *sqe, s32 fd_in, s32 fd_out, u32 nbytes, u32 splice_flags) {
  uring_prep_rw(URING_OP_TEE, sqe, fd_out, 0, nbytes, 0);
  sqe->splice_fd_in = fd_in;
  sqe->splice_flags = splice_flags;
}

/* mode travels in len, O_* flags in open_flags. */
void uring_prep_openat(struct uring_sqe *sqe, s32 dfd, u64 path, s32 flags, u32 mode) {
  uring_prep_rw(URING_OP_OPENAT, sqe, dfd, path, mode, 0);
  sqe->open_flags = (u32)flags;
}

void uring_prep_openat_direct(struct uring_sqe *sqe, s32 dfd, u64 path, s32 flags, u32 mode, u32 file_index) {
  uring_prep_openat(sqe, dfd, path, flags, mode);
  uring_set_target_slot(sqe, file_index);
}

/* how points at a struct open_how; its size goes in len. */
void uring_prep_openat2(struct uring_sqe *sqe, s32 dfd, u64 path, u64 how) {
  uring_prep_rw(URING_OP_OPENAT2, sqe, dfd, path, URING_OPEN_HOW_SIZE, how);
}

void uring_prep_openat2_direct(struct uring_sqe *sqe, s32 dfd, u64 path, u64 how, u32 file_index) {
  uring_prep_openat2(sqe, dfd, path, how);
  uring_set_target_slot(sqe, file_index);
}

void uring_prep_close(struct uring_sqe *sqe, s32 fd) {
  uring_prep_rw(URING_OP_CLOSE, sqe, fd, 0, 0, 0);
}

/* fd 0 and file_index = slot+1 (the kernel refuses both set). No ALLOC here: there is nothing to pick. */
void uring_prep_close_direct(struct uring_sqe *sqe, u32 file_index) {
  uring_prep_close(sqe, 0);
  sqe->file_index = file_index + 1;
}

/* AT_* flags in statx_flags, the STATX_* mask in len, the struct statx buffer in off. */
void uring_prep_statx(struct uring_sqe *sqe, s32 dfd, u64 path, s32 flags, u32 mask, u64 statxbuf) {
  uring_prep_rw(URING_OP_STATX, sqe, dfd, path, mask, statxbuf);
  sqe->statx_flags = (u32)flags;
}

/* Two-path ops: the second directory fd in len, the second path in off (addr2). */
void uring_prep_renameat(struct uring_sqe *sqe, s32 olddfd, u64 oldpath, s32 newdfd, u64 newpath, u32 flags) {
  uring_prep_rw(URING_OP_RENAMEAT, sqe, olddfd, oldpath, (u32)newdfd, newpath);
  sqe->rename_flags = flags;
}

void uring_prep_rename(struct uring_sqe *sqe, u64 oldpath, u64 newpath) {
  uring_prep_renameat(sqe, URING_AT_FDCWD, oldpath, URING_AT_FDCWD, newpath, 0);
}

void uring_prep_unlinkat(struct uring_sqe *sqe, s32 dfd, u64 path, s32 flags) {
  uring_prep_rw(URING_OP_UNLINKAT, sqe, dfd, path, 0, 0);
  sqe->unlink_flags = (u32)flags;
}

void uring_prep_unlink(struct uring_sqe *sqe, u64 path, s32 flags) {
  uring_prep_unlinkat(sqe, URING_AT_FDCWD, path, flags);
}

void uring_prep_mkdirat(struct uring_sqe *sqe, s32 dfd, u64 path, u32 mode) {
  uring_prep_rw(URING_OP_MKDIRAT, sqe, dfd, path, mode, 0);
}

void uring_prep_mkdir(struct uring_sqe *sqe, u64 path, u32 mode) {
  uring_prep_mkdirat(sqe, URING_AT_FDCWD, path, mode);
}

/* fd = newdirfd, addr = target, off = linkpath. */
void uring_prep_symlinkat(struct uring_sqe *sqe, u64 target, s32 newdirfd, u64 linkpath) {
  uring_prep_rw(URING_OP_SYMLINKAT, sqe, newdirfd, target, 0, linkpath);
}

void uring_prep_symlink(struct uring_sqe *sqe, u64 target, u64 linkpath) {
  uring_prep_symlinkat(sqe, target, URING_AT_FDCWD, linkpath);
}

void uring_prep_linkat(struct uring_sqe *sqe, s32 olddfd, u64 oldpath, s32 newdfd, u64 newpath, s32 flags) {
  uring_prep_rw(URING_OP_LINKAT, sqe, olddfd, oldpath, (u32)newdfd, newpath);
  sqe->hardlink_flags = (u32)flags;
}

void uring_prep_link(struct uring_sqe *sqe, u64 oldpath, u64 newpath, s32 flags) {
  uring_prep_linkat(sqe, URING_AT_FDCWD, oldpath, URING_AT_FDCWD, newpath, flags);
}

/* xattrs: name in addr, value buffer in off (addr2), its size in len, the path (path forms) in addr3
 * with fd 0. */
void uring_prep_getxattr(struct uring_sqe *sqe, u64 name, u64 value, u64 path, u32 len) {
  uring_prep_rw(URING_OP_GETXATTR, sqe, 0, name, len, value);
  sqe->addr3 = path;
}

void uring_prep_setxattr(struct uring_sqe *sqe, u64 name, u64 value, u64 path, s32 flags, u32 len) {
  uring_prep_rw(URING_OP_SETXATTR, sqe, 0, name, len, value);
  sqe->addr3 = path;
  sqe->xattr_flags = (u32)flags;
}

void uring_prep_fgetxattr(struct uring_sqe *sqe, s32 fd, u64 name, u64 value, u32 len) {
  uring_prep_rw(URING_OP_FGETXATTR, sqe, fd, name, len, value);
}

void uring_prep_fsetxattr(struct uring_sqe *sqe, s32 fd, u64 name, u64 value, s32 flags, u32 len) {
  uring_prep_rw(URING_OP_FSETXATTR, sqe, fd, name, len, value);
  sqe->xattr_flags = (u32)flags;
}

/* offset is an int widened with its sign, as liburing does: the kernel reads the low 32 bits, so -1
 * is IORING_FILE_INDEX_ALLOC (allocate slots and write them back into fds). */
void uring_prep_files_update(struct uring_sqe *sqe, u64 fds, u32 nr_fds, s32 offset) {
  uring_prep_rw(URING_OP_FILES_UPDATE, sqe, -1, fds, nr_fds, (u64)(s64)offset);
}

/* fd is a fixed-file slot: sets IOSQE_FIXED_FILE itself. */
void uring_prep_fixed_fd_install(struct uring_sqe *sqe, s32 fd, u32 flags) {
  uring_prep_rw(URING_OP_FIXED_FD_INSTALL, sqe, fd, 0, 0, 0);
  sqe->flags = URING_IOSQE_FIXED_FILE;
  sqe->install_fd_flags = flags;
}

/* fds points at int[2]; the direct form stores both ends from file_index on (ALLOC: any free slots). */
void uring_prep_pipe(struct uring_sqe *sqe, u64 fds, s32 pipe_flags) {
  uring_prep_rw(URING_OP_PIPE, sqe, 0, fds, 0, 0);
  sqe->pipe_flags = (u32)pipe_flags;
}

void uring_prep_pipe_direct(struct uring_sqe *sqe, u64 fds, s32 pipe_flags, u32 file_index) {
  uring_prep_pipe(sqe, fds, pipe_flags);
  uring_set_target_slot(sqe, file_index);
}

/* prep_<name> for each prototype of fs.h (wasm only; generated by scripts/wasm-exports.mjs). */
URING_WASM_EXPORTS(fs)
