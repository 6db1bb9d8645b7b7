/* Files and paths: open/close, statx, rename/unlink/mkdir/symlink/link, xattrs, fsync, sync_file_range, fallocate, fadvise, madvise, ftruncate, splice, tee, pipe, files_update, fixed_fd_install. */
#ifndef URING_OPS_FS_H
#define URING_OPS_FS_H
#include "../abi/abi.h"
void uring_prep_fsync(struct uring_sqe *sqe, s32 fd, u32 fsync_flags);
void uring_prep_sync_file_range(struct uring_sqe *sqe, s32 fd, u32 len, u64 offset, s32 flags);
void uring_prep_fallocate(struct uring_sqe *sqe, s32 fd, s32 mode, u64 offset, u64 len);
void uring_prep_fadvise(struct uring_sqe *sqe, s32 fd, u64 offset, u32 len, s32 advice);
void uring_prep_fadvise64(struct uring_sqe *sqe, s32 fd, u64 offset, u64 len, s32 advice);
void uring_prep_madvise(struct uring_sqe *sqe, u64 addr, u32 length, s32 advice);
void uring_prep_madvise64(struct uring_sqe *sqe, u64 addr, u64 length, s32 advice);
void uring_prep_ftruncate(struct uring_sqe *sqe, s32 fd, u64 len);
void uring_prep_splice(struct uring_sqe *sqe, s32 fd_in, u64 off_in, s32 fd_out, u64 off_out, u32 nbytes, u32 splice_flags);
void uring_prep_tee(struct uring_sqe *sqe, s32 fd_in, s32 fd_out, u32 nbytes, u32 splice_flags);
void uring_prep_openat(struct uring_sqe *sqe, s32 dfd, u64 path, s32 flags, u32 mode);
void uring_prep_openat_direct(struct uring_sqe *sqe, s32 dfd, u64 path, s32 flags, u32 mode, u32 file_index);
void uring_prep_openat2(struct uring_sqe *sqe, s32 dfd, u64 path, u64 how);
void uring_prep_openat2_direct(struct uring_sqe *sqe, s32 dfd, u64 path, u64 how, u32 file_index);
void uring_prep_close(struct uring_sqe *sqe, s32 fd);
void uring_prep_close_direct(struct uring_sqe *sqe, u32 file_index);
void uring_prep_statx(struct uring_sqe *sqe, s32 dfd, u64 path, s32 flags, u32 mask, u64 statxbuf);
void uring_prep_renameat(struct uring_sqe *sqe, s32 olddfd, u64 oldpath, s32 newdfd, u64 newpath, u32 flags);
void uring_prep_rename(struct uring_sqe *sqe, u64 oldpath, u64 newpath);
void uring_prep_unlinkat(struct uring_sqe *sqe, s32 dfd, u64 path, s32 flags);
void uring_prep_unlink(struct uring_sqe *sqe, u64 path, s32 flags);
void uring_prep_mkdirat(struct uring_sqe *sqe, s32 dfd, u64 path, u32 mode);
void uring_prep_mkdir(struct uring_sqe *sqe, u64 path, u32 mode);
void uring_prep_symlinkat(struct uring_sqe *sqe, u64 target, s32 newdirfd, u64 linkpath);
void uring_prep_symlink(struct uring_sqe *sqe, u64 target, u64 linkpath);
void uring_prep_linkat(struct uring_sqe *sqe, s32 olddfd, u64 oldpath, s32 newdfd, u64 newpath, s32 flags);
void uring_prep_link(struct uring_sqe *sqe, u64 oldpath, u64 newpath, s32 flags);
void uring_prep_getxattr(struct uring_sqe *sqe, u64 name, u64 value, u64 path, u32 len);
void uring_prep_setxattr(struct uring_sqe *sqe, u64 name, u64 value, u64 path, s32 flags, u32 len);
void uring_prep_fgetxattr(struct uring_sqe *sqe, s32 fd, u64 name, u64 value, u32 len);
void uring_prep_fsetxattr(struct uring_sqe *sqe, s32 fd, u64 name, u64 value, s32 flags, u32 len);
void uring_prep_files_update(struct uring_sqe *sqe, u64 fds, u32 nr_fds, s32_as_u64 offset);
void uring_prep_fixed_fd_install(struct uring_sqe *sqe, s32 fd, u32 flags);
void uring_prep_pipe(struct uring_sqe *sqe, u64 fds, s32 pipe_flags);
void uring_prep_pipe_direct(struct uring_sqe *sqe, u64 fds, s32 pipe_flags, u32 file_index);
#endif
