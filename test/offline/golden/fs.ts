// Golden vectors: files and paths. Every field an op uses carries a distinct non-zero value.
// Expected bytes come from the kernel layout (docs/abi.md) and liburing's helpers, not from the core.
import type { Golden } from '../../helpers/golden.ts';
import { IOSQE } from '../../../ts/constants.ts';

const CWD = -100; // AT_FDCWD
const CWD_U32 = 0xffffff9c; // AT_FDCWD as a u32 in len
const ALLOC = 0xffffffff; // IORING_FILE_INDEX_ALLOC

export const golden: Golden[] = [
  // FSYNC (3): fd, fsync_flags; off/len optional range.
  {
    op: 'fsync',
    args: { fd: 3, fsyncFlags: 1, userData: 0x31 },
    expect: { opcode: 3, fd: 3, op_flags: 1, user_data: 0x31 },
  },
  {
    op: 'fsync',
    args: { fd: 4, fsyncFlags: 0, offset: 0x1000, len: 0x2000, userData: 0x32, flags: IOSQE.IO_DRAIN },
    expect: { opcode: 3, flags: 2, fd: 4, off: 0x1000, len: 0x2000, user_data: 0x32 },
  },
  // SYNC_FILE_RANGE (8): fd, len, off, sync_range_flags.
  {
    op: 'syncFileRange',
    args: { fd: 5, len: 0x3000, offset: 0x123456789n, syncRangeFlags: 7, userData: 0x33 },
    expect: { opcode: 8, fd: 5, len: 0x3000, off: 0x123456789n, op_flags: 7, user_data: 0x33 },
  },
  // FALLOCATE (17): fd, len = mode, off = offset, addr = length.
  {
    op: 'fallocate',
    args: { fd: 6, mode: 0x03, offset: 0x4000, len: 0x200000000n, userData: 0x34 },
    expect: { opcode: 17, fd: 6, len: 3, off: 0x4000, addr: 0x200000000n, user_data: 0x34 },
  },
  // FADVISE (24): fd, off, len (32-bit), fadvise_advice; 64-bit length in addr.
  {
    op: 'fadvise',
    args: { fd: 7, offset: 0x5000, len: 0x6000, advice: 4, userData: 0x35 },
    expect: { opcode: 24, fd: 7, off: 0x5000, len: 0x6000, op_flags: 4, user_data: 0x35 },
  },
  {
    op: 'fadvise64',
    args: { fd: 8, offset: 0x7000, len: 0x100000000n, advice: 2, userData: 0x36 },
    expect: { opcode: 24, fd: 8, off: 0x7000, addr: 0x100000000n, op_flags: 2, user_data: 0x36 },
  },
  // MADVISE (25): fd -1, addr, len (32-bit), fadvise_advice; 64-bit length in off.
  {
    op: 'madvise',
    args: { addr: 0x7f0000000000n, length: 0x8000, advice: 3, userData: 0x37 },
    expect: { opcode: 25, fd: -1, addr: 0x7f0000000000n, len: 0x8000, op_flags: 3, user_data: 0x37 },
  },
  {
    op: 'madvise64',
    args: { addr: 0x7f0000010000n, length: 0x300000000n, advice: 14, userData: 0x38 },
    expect: { opcode: 25, fd: -1, addr: 0x7f0000010000n, off: 0x300000000n, op_flags: 14, user_data: 0x38 },
  },
  // FTRUNCATE (55): fd, off = new length.
  {
    op: 'ftruncate',
    args: { fd: 9, len: 0x9000, userData: 0x39 },
    expect: { opcode: 55, fd: 9, off: 0x9000, user_data: 0x39 },
  },
  // SPLICE (30): fd = fd_out, off = off_out, splice_off_in @16, len, splice_flags, splice_fd_in @44.
  {
    op: 'splice',
    args: { fdIn: 10, offIn: 0x100, fdOut: 11, offOut: -1, nbytes: 0xa000, spliceFlags: 0x80000001, userData: 0x3a },
    expect: {
      opcode: 30,
      fd: 11,
      off: 0xffffffffffffffffn,
      splice_off_in: 0x100,
      len: 0xa000,
      op_flags: 0x80000001,
      splice_fd_in: 10,
      user_data: 0x3a,
    },
  },
  // TEE (33): fd = fd_out, len, splice_flags, splice_fd_in; off and splice_off_in 0.
  {
    op: 'tee',
    args: { fdIn: 12, fdOut: 13, nbytes: 0xb000, spliceFlags: 2, userData: 0x3b },
    expect: { opcode: 33, fd: 13, len: 0xb000, op_flags: 2, splice_fd_in: 12, user_data: 0x3b },
  },
  // PIPE (62): fd 0, addr = int[2], pipe_flags; direct: file_index = slot+1 / ALLOC.
  {
    op: 'pipe',
    args: { fds: 0xc000, pipeFlags: 0x80800, userData: 0x3c },
    expect: { opcode: 62, addr: 0xc000, op_flags: 0x80800, user_data: 0x3c },
  },
  {
    op: 'pipeDirect',
    args: { fds: 0xc100, pipeFlags: 0x4000, fileIndex: 4, userData: 0x3d },
    expect: { opcode: 62, addr: 0xc100, op_flags: 0x4000, file_index: 5, user_data: 0x3d },
  },
  {
    op: 'pipeDirect',
    args: { fds: 0xc200, pipeFlags: 0x800, fileIndex: ALLOC, userData: 0x3e },
    expect: { opcode: 62, addr: 0xc200, op_flags: 0x800, file_index: ALLOC, user_data: 0x3e },
  },
  // OPENAT (18): fd = dfd, addr = path, len = mode, open_flags; direct: file_index.
  {
    op: 'openat',
    args: { dfd: CWD, path: 0xd000, openFlags: 0x80241, mode: 0o644, userData: 0x3f },
    expect: { opcode: 18, fd: -100, addr: 0xd000, len: 0o644, op_flags: 0x80241, user_data: 0x3f },
  },
  {
    op: 'openatDirect',
    args: { dfd: 14, path: 0xd100, openFlags: 0x2, mode: 0o600, fileIndex: 6, userData: 0x40 },
    expect: { opcode: 18, fd: 14, addr: 0xd100, len: 0o600, op_flags: 2, file_index: 7, user_data: 0x40 },
  },
  {
    op: 'openatDirect',
    args: { dfd: 15, path: 0xd200, openFlags: 0x1, mode: 0o700, fileIndex: ALLOC, userData: 0x41 },
    expect: { opcode: 18, fd: 15, addr: 0xd200, len: 0o700, op_flags: 1, file_index: ALLOC, user_data: 0x41 },
  },
  // OPENAT2 (28): fd, addr = path, off = open_how*, len = sizeof(open_how) = 24.
  {
    op: 'openat2',
    args: { dfd: 16, path: 0xe000, how: 0xe100, userData: 0x42 },
    expect: { opcode: 28, fd: 16, addr: 0xe000, off: 0xe100, len: 24, user_data: 0x42 },
  },
  {
    op: 'openat2Direct',
    args: { dfd: 17, path: 0xe200, how: 0xe300, fileIndex: 0, userData: 0x43 },
    expect: { opcode: 28, fd: 17, addr: 0xe200, off: 0xe300, len: 24, file_index: 1, user_data: 0x43 },
  },
  // CLOSE (19): fd; direct: fd 0, file_index = slot+1.
  { op: 'close', args: { fd: 18, userData: 0x44 }, expect: { opcode: 19, fd: 18, user_data: 0x44 } },
  {
    op: 'closeDirect',
    args: { fileIndex: 9, userData: 0x45 },
    expect: { opcode: 19, file_index: 10, user_data: 0x45 },
  },
  // STATX (21): fd = dfd, addr = path, statx_flags, len = mask, off = statx buffer.
  {
    op: 'statx',
    args: { dfd: 19, path: 0xf000, statxFlags: 0x1100, mask: 0xfff, statxbuf: 0xf100, userData: 0x46 },
    expect: { opcode: 21, fd: 19, addr: 0xf000, op_flags: 0x1100, len: 0xfff, off: 0xf100, user_data: 0x46 },
  },
  // RENAMEAT (35): fd = olddfd, addr = oldpath, len = newdfd, off = newpath, rename_flags.
  {
    op: 'renameat',
    args: { olddfd: 20, oldpath: 0x10000, newdfd: 21, newpath: 0x10100, renameFlags: 1, userData: 0x47 },
    expect: { opcode: 35, fd: 20, addr: 0x10000, len: 21, addr2: 0x10100, op_flags: 1, user_data: 0x47 },
  },
  {
    op: 'rename',
    args: { oldpath: 0x10200, newpath: 0x10300, userData: 0x48 },
    expect: { opcode: 35, fd: CWD, addr: 0x10200, len: CWD_U32, addr2: 0x10300, user_data: 0x48 },
  },
  // UNLINKAT (36): fd = dfd, addr = path, unlink_flags (AT_REMOVEDIR 0x200).
  {
    op: 'unlinkat',
    args: { dfd: 22, path: 0x11000, unlinkFlags: 0x200, userData: 0x49 },
    expect: { opcode: 36, fd: 22, addr: 0x11000, op_flags: 0x200, user_data: 0x49 },
  },
  {
    op: 'unlink',
    args: { path: 0x11100, unlinkFlags: 0x200, userData: 0x4a },
    expect: { opcode: 36, fd: CWD, addr: 0x11100, op_flags: 0x200, user_data: 0x4a },
  },
  // MKDIRAT (37): fd = dfd, addr = path, len = mode.
  {
    op: 'mkdirat',
    args: { dfd: 23, path: 0x12000, mode: 0o755, userData: 0x4b },
    expect: { opcode: 37, fd: 23, addr: 0x12000, len: 0o755, user_data: 0x4b },
  },
  {
    op: 'mkdir',
    args: { path: 0x12100, mode: 0o1777, userData: 0x4c },
    expect: { opcode: 37, fd: CWD, addr: 0x12100, len: 0o1777, user_data: 0x4c },
  },
  // SYMLINKAT (38): fd = newdirfd, addr = target, off = linkpath.
  {
    op: 'symlinkat',
    args: { target: 0x13000, newdirfd: 24, linkpath: 0x13100, userData: 0x4d },
    expect: { opcode: 38, fd: 24, addr: 0x13000, addr2: 0x13100, user_data: 0x4d },
  },
  {
    op: 'symlink',
    args: { target: 0x13200, linkpath: 0x13300, userData: 0x4e },
    expect: { opcode: 38, fd: CWD, addr: 0x13200, addr2: 0x13300, user_data: 0x4e },
  },
  // LINKAT (39): fd = olddfd, addr = oldpath, len = newdfd, off = newpath, hardlink_flags.
  {
    op: 'linkat',
    args: { olddfd: 25, oldpath: 0x14000, newdfd: 26, newpath: 0x14100, hardlinkFlags: 0x400, userData: 0x4f },
    expect: { opcode: 39, fd: 25, addr: 0x14000, len: 26, addr2: 0x14100, op_flags: 0x400, user_data: 0x4f },
  },
  {
    op: 'link',
    args: { oldpath: 0x14200, newpath: 0x14300, hardlinkFlags: 0x1000, userData: 0x50 },
    expect: { opcode: 39, fd: CWD, addr: 0x14200, len: CWD_U32, addr2: 0x14300, op_flags: 0x1000, user_data: 0x50 },
  },
  // GETXATTR (44) / SETXATTR (42): fd 0, addr = name, off = value, len, addr3 = path, xattr_flags.
  {
    op: 'getxattr',
    args: { name: 0x15000, value: 0x15100, path: 0x15200, len: 0x100, userData: 0x51 },
    expect: { opcode: 44, addr: 0x15000, addr2: 0x15100, addr3: 0x15200, len: 0x100, user_data: 0x51 },
  },
  {
    op: 'setxattr',
    args: { name: 0x15300, value: 0x15400, path: 0x15500, xattrFlags: 2, len: 0x20, userData: 0x52 },
    expect: { opcode: 42, addr: 0x15300, addr2: 0x15400, addr3: 0x15500, op_flags: 2, len: 0x20, user_data: 0x52 },
  },
  // FGETXATTR (43) / FSETXATTR (41): fd, addr = name, off = value, len, xattr_flags.
  {
    op: 'fgetxattr',
    args: { fd: 27, name: 0x16000, value: 0x16100, len: 0x40, userData: 0x53 },
    expect: { opcode: 43, fd: 27, addr: 0x16000, addr2: 0x16100, len: 0x40, user_data: 0x53 },
  },
  {
    op: 'fsetxattr',
    args: { fd: 28, name: 0x16200, value: 0x16300, xattrFlags: 1, len: 0x50, userData: 0x54 },
    expect: { opcode: 41, fd: 28, addr: 0x16200, addr2: 0x16300, op_flags: 1, len: 0x50, user_data: 0x54 },
  },
  // FILES_UPDATE (20): fd -1, addr = fds, len = count, off = offset (int, sign-extended: ALLOC = -1).
  {
    op: 'filesUpdate',
    args: { fds: 0x17000, nrFds: 3, offset: 5, userData: 0x55 },
    expect: { opcode: 20, fd: -1, addr: 0x17000, len: 3, off: 5, user_data: 0x55 },
  },
  {
    op: 'filesUpdate',
    args: { fds: 0x17100, nrFds: 2, offset: ALLOC, userData: 0x56 },
    expect: { opcode: 20, fd: -1, addr: 0x17100, len: 2, off: 0xffffffffffffffffn, user_data: 0x56 },
  },
  // FIXED_FD_INSTALL (54): fd = slot, IOSQE_FIXED_FILE set by the prep, install_fd_flags.
  {
    op: 'fixedFdInstall',
    args: { fd: 29, installFdFlags: 1, userData: 0x57 },
    expect: { opcode: 54, flags: IOSQE.FIXED_FILE, fd: 29, op_flags: 1, user_data: 0x57 },
  },
];
