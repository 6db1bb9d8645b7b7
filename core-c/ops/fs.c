/* Files and paths: open/close, statx, rename/unlink/mkdir/symlink/link, xattrs, fsync, sync_file_range, fallocate, fadvise, madvise, ftruncate, splice, tee, pipe, files_update, fixed_fd_install. */
#include "prep.h"
#include "fs.h"
