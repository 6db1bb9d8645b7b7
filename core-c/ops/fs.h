/* Files and paths: open/close, statx, rename/unlink/mkdir/symlink/link, xattrs, fsync, sync_file_range, fallocate, fadvise, madvise, ftruncate, splice, tee, pipe, files_update, fixed_fd_install. */
#ifndef URING_OPS_FS_H
#define URING_OPS_FS_H
#include "../abi/abi.h"
#endif
