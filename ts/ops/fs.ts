// Files and paths: open/close, statx, rename/unlink/mkdir/symlink/link, xattrs, fsync, sync_file_range, fallocate, fadvise, madvise, ftruncate, splice, tee, pipe, files_update, fixed_fd_install.
import { OP, IOSQE, FILE_INDEX_ALLOC, AT_FDCWD } from '../constants.ts';
import { FSYNC, SPLICE_F, FIXED_FD } from '../opflags.ts';
import { fd, flags, i32, offset, ptr, range, slot, slotOrAlloc, u32, u64, type Kind } from '../sqe/kinds.ts';
import { defineOp } from '../sqe/spec.ts';

// ---- argument kinds of this group -------------------------------------------------------------

/** A 64-bit length that is not 0: the 64-bit advise forms fall back to the 32-bit length when it is 0,
 * which is then exactly the 32-bit form's encoding (use fadvise / madvise for that). */
function nonZeroU64(what: string): Kind {
  return {
    what: `${what} in 1..2^64-1`,
    words: 2,
    check(op, arg, v) {
      const x = u64.check(op, arg, v);
      if (x === 0 || x === 0n)
        throw new RangeError(`${op}: ${arg} must be ${what} in 1..2^64-1 (0 is the 32-bit form's encoding), got 0`);
      return x;
    },
    sample(r) {
      const x = u64.sample(r);
      return x === 0 || x === 0n ? 1 : x;
    },
  };
}

/** files_update's offset: liburing's int, which its prep widens with its sign into the 64-bit off field
 * (the kernel reads the low 32 bits). FILE_INDEX_ALLOC is taken as -1, i.e. IORING_FILE_INDEX_ALLOC in
 * the kernel's view. It travels as a 64-bit value so that the decoder's reading of off (the sign-extended
 * u64, e.g. 2^64-1 for ALLOC) is a valid input again. */
const I32_MIN = -0x80000000;
const U64_WRAP = 1n << 64n;
const updateOffset: Kind = {
  what: `a slot offset in ${I32_MIN}..2147483647 (an int), or FILE_INDEX_ALLOC (${FILE_INDEX_ALLOC}) = -1`,
  words: 2,
  check(op, arg, v) {
    if (v === FILE_INDEX_ALLOC) return -1;
    if (typeof v === 'bigint') {
      if (v >= BigInt(I32_MIN) && v <= 0x7fffffffn) return Number(v);
      if (v >= U64_WRAP + BigInt(I32_MIN) && v < U64_WRAP) return Number(v - U64_WRAP);
      throw new RangeError(`${op}: ${arg} must be ${updateOffset.what}, got ${v}n`);
    }
    return i32.check(op, arg, v);
  },
  sample: (r) => (r() < 0.15 ? -1 : (i32.sample(r) as number)),
};

/** Permission bits of a new file or directory (S_ISUID|S_ISGID|S_ISVTX|0777). */
const mode = flags('mode', 0o7777, 8);
/** O_* flags of open(2): wide and architecture-specific, so any u32 (the kernel checks them). */
const openFlags = u32;
/** AT_* flags of statx(2): SYMLINK_NOFOLLOW, NO_AUTOMOUNT, EMPTY_PATH, STATX_FORCE_SYNC, STATX_DONT_SYNC. */
const statxFlags = flags('AT (statx)', 0x100 | 0x800 | 0x1000 | 0x2000 | 0x4000);
/** STATX_* mask; STATX__RESERVED (bit 31) is refused by the kernel. */
const statxMask = flags('STATX', 0x7fffffff);
/** POSIX_FADV_NORMAL..NOREUSE (0..5; x86-64/arm64 values). */
const fadvice = range(0, 5);
/** MADV_* advice: 0..25, HWPOISON 100, SOFT_OFFLINE 101, GUARD_INSTALL 102, GUARD_REMOVE 103. */
const madvice = range(0, 103);
/** FALLOC_FL_KEEP_SIZE, PUNCH_HOLE, NO_HIDE_STALE, COLLAPSE_RANGE, ZERO_RANGE, INSERT_RANGE, UNSHARE_RANGE, WRITE_ZEROES. */
const fallocMode = flags('FALLOC_FL', 0xff);
/** SYNC_FILE_RANGE_WAIT_BEFORE | WRITE | WAIT_AFTER. */
const syncRangeFlags = flags('SYNC_FILE_RANGE', 0x7);
const fsyncFlags = flags('IORING_FSYNC', FSYNC.DATASYNC);
const spliceFlags = flags(
  'SPLICE_F',
  SPLICE_F.MOVE | SPLICE_F.NONBLOCK | SPLICE_F.MORE | SPLICE_F.GIFT | SPLICE_F.FD_IN_FIXED,
);
/** RENAME_NOREPLACE | EXCHANGE | WHITEOUT. */
const renameFlags = flags('RENAME', 0x7);
/** AT_REMOVEDIR, the only flag unlinkat takes. */
const unlinkFlags = flags('AT (unlinkat)', 0x200);
/** AT_SYMLINK_FOLLOW | AT_EMPTY_PATH. */
const linkFlags = flags('AT (linkat)', 0x400 | 0x1000);
/** XATTR_CREATE | XATTR_REPLACE. */
const xattrFlags = flags('XATTR', 0x3);
const installFlags = flags('IORING_FIXED_FD', FIXED_FD.NO_CLOEXEC);
/** O_CLOEXEC | O_NONBLOCK | O_DIRECT | O_NOTIFICATION_PIPE (= O_EXCL), x86-64 / asm-generic values. */
const pipeFlags = flags('O (pipe2)', 0x80000 | 0x800 | 0x4000 | 0x80);

/** AT_FDCWD as it lands in len (the second directory fd of rename/link is stored as a u32). */
const AT_FDCWD_U32 = AT_FDCWD >>> 0;

// ---- sync, allocation, advice ------------------------------------------------------------------

export const fsync = defineOp({
  name: 'fsync',
  prep: 'prep_fsync',
  opcode: OP.FSYNC,
  args: {
    fd: { kind: fd, slot: 'fd' },
    fsyncFlags: { kind: fsyncFlags, slot: 'op_flags', doc: 'IORING_FSYNC_DATASYNC: fdatasync' },
  },
  extra: {
    offset: { kind: u64, slot: 'off', doc: 'start of the range to sync (with len)' },
    len: { kind: u32, slot: 'len', doc: 'length of the range; 0 with offset 0: the whole file' },
  },
  doc: 'fsync(2) / fdatasync(2) of the whole file, or of [offset, offset+len).',
});

export const syncFileRange = defineOp({
  name: 'syncFileRange',
  prep: 'prep_sync_file_range',
  opcode: OP.SYNC_FILE_RANGE,
  args: {
    fd: { kind: fd, slot: 'fd' },
    len: { kind: u32, slot: 'len' },
    offset: { kind: u64, slot: 'off' },
    syncRangeFlags: { kind: syncRangeFlags, slot: 'op_flags', doc: 'SYNC_FILE_RANGE_*' },
  },
  doc: 'sync_file_range(2) of [offset, offset+len).',
});

export const fallocate = defineOp({
  name: 'fallocate',
  prep: 'prep_fallocate',
  opcode: OP.FALLOCATE,
  args: {
    fd: { kind: fd, slot: 'fd' },
    mode: { kind: fallocMode, slot: 'len', doc: 'FALLOC_FL_*' },
    offset: { kind: u64, slot: 'off' },
    len: { kind: u64, slot: 'addr' },
  },
  doc: 'fallocate(2): allocate, punch, zero... [offset, offset+len).',
});

export const fadvise = defineOp({
  name: 'fadvise',
  prep: 'prep_fadvise',
  opcode: OP.FADVISE,
  args: {
    fd: { kind: fd, slot: 'fd' },
    offset: { kind: u64, slot: 'off' },
    len: { kind: u32, slot: 'len', doc: '0: to the end of the file' },
    advice: { kind: fadvice, slot: 'op_flags', doc: 'POSIX_FADV_*' },
  },
  doc: 'posix_fadvise(2) with a 32-bit length.',
});

export const fadvise64 = defineOp({
  name: 'fadvise64',
  prep: 'prep_fadvise64',
  opcode: OP.FADVISE,
  since: '6.11',
  args: {
    fd: { kind: fd, slot: 'fd' },
    offset: { kind: u64, slot: 'off' },
    len: { kind: nonZeroU64('a length'), slot: 'addr' },
    advice: { kind: fadvice, slot: 'op_flags', doc: 'POSIX_FADV_*' },
  },
  doc: "posix_fadvise(2) with a 64-bit length (in addr; 0 there means fadvise's 32-bit len).",
});

export const madvise = defineOp({
  name: 'madvise',
  prep: 'prep_madvise',
  opcode: OP.MADVISE,
  args: {
    addr: { kind: ptr, slot: 'addr' },
    length: { kind: u32, slot: 'len' },
    advice: { kind: madvice, slot: 'op_flags', doc: 'MADV_*' },
  },
  fixed: { fd: -1 },
  doc: 'madvise(2) with a 32-bit length.',
});

export const madvise64 = defineOp({
  name: 'madvise64',
  prep: 'prep_madvise64',
  opcode: OP.MADVISE,
  since: '6.11',
  args: {
    addr: { kind: ptr, slot: 'addr' },
    length: { kind: nonZeroU64('a length'), slot: 'off' },
    advice: { kind: madvice, slot: 'op_flags', doc: 'MADV_*' },
  },
  fixed: { fd: -1 },
  doc: "madvise(2) with a 64-bit length (in off; 0 there means madvise's 32-bit len).",
});

export const ftruncate = defineOp({
  name: 'ftruncate',
  prep: 'prep_ftruncate',
  opcode: OP.FTRUNCATE,
  args: { fd: { kind: fd, slot: 'fd' }, len: { kind: u64, slot: 'off', doc: 'the new size' } },
  doc: 'ftruncate(2).',
});

// ---- pipes ------------------------------------------------------------------------------------

export const splice = defineOp({
  name: 'splice',
  prep: 'prep_splice',
  opcode: OP.SPLICE,
  args: {
    fdIn: { kind: fd, slot: 'file_index', doc: 'splice_fd_in; a fixed file with SPLICE_F_FD_IN_FIXED' },
    offIn: { kind: offset, slot: 'addr', doc: 'splice_off_in; -1: none (a pipe, or the file position)' },
    fdOut: { kind: fd, slot: 'fd' },
    offOut: { kind: offset, slot: 'off', doc: '-1: none (a pipe, or the file position)' },
    nbytes: { kind: u32, slot: 'len' },
    spliceFlags: { kind: spliceFlags, slot: 'op_flags', doc: 'SPLICE_F_*' },
  },
  doc: 'splice(2): move nbytes from fdIn to fdOut, one of them a pipe.',
});

export const tee = defineOp({
  name: 'tee',
  prep: 'prep_tee',
  opcode: OP.TEE,
  args: {
    fdIn: { kind: fd, slot: 'file_index', doc: 'splice_fd_in; a fixed file with SPLICE_F_FD_IN_FIXED' },
    fdOut: { kind: fd, slot: 'fd' },
    nbytes: { kind: u32, slot: 'len' },
    spliceFlags: { kind: spliceFlags, slot: 'op_flags', doc: 'SPLICE_F_*' },
  },
  doc: 'tee(2): duplicate nbytes from pipe fdIn into pipe fdOut.',
});

export const pipe = defineOp({
  name: 'pipe',
  prep: 'prep_pipe',
  opcode: OP.PIPE,
  args: {
    fds: { kind: ptr, slot: 'addr', doc: 'int[2] receiving the read and write ends' },
    pipeFlags: { kind: pipeFlags, slot: 'op_flags', doc: 'O_CLOEXEC|O_NONBLOCK|O_DIRECT|O_NOTIFICATION_PIPE' },
  },
  doc: 'pipe2(2): the two descriptors are written to fds.',
});

export const pipeDirect = defineOp({
  name: 'pipeDirect',
  prep: 'prep_pipe_direct',
  opcode: OP.PIPE,
  args: {
    fds: { kind: ptr, slot: 'addr', doc: 'int[2] receiving the two slots' },
    pipeFlags: {
      kind: pipeFlags,
      slot: 'op_flags',
      doc: 'O_NONBLOCK|O_DIRECT|O_NOTIFICATION_PIPE (O_CLOEXEC: EINVAL)',
    },
    fileIndex: { kind: slotOrAlloc, slot: 'file_index', slotPlusOne: true, doc: 'first slot, or FILE_INDEX_ALLOC' },
  },
  doc: 'pipe2(2) into the fixed-file table.',
});

// ---- open / close / statx -----------------------------------------------------------------------

export const openat = defineOp({
  name: 'openat',
  prep: 'prep_openat',
  opcode: OP.OPENAT,
  args: {
    dfd: { kind: fd, slot: 'fd', doc: 'directory fd, or AT_FDCWD (-100)' },
    path: { kind: ptr, slot: 'addr', mem: 'cstring' },
    openFlags: { kind: openFlags, slot: 'op_flags', doc: 'O_* (the kernel adds O_LARGEFILE)' },
    mode: { kind: mode, slot: 'len' },
  },
  doc: 'openat(2); res is the new fd.',
});

export const openatDirect = defineOp({
  name: 'openatDirect',
  prep: 'prep_openat_direct',
  opcode: OP.OPENAT,
  since: '5.15',
  args: {
    dfd: { kind: fd, slot: 'fd', doc: 'directory fd, or AT_FDCWD (-100)' },
    path: { kind: ptr, slot: 'addr', mem: 'cstring' },
    openFlags: { kind: openFlags, slot: 'op_flags', doc: 'O_* without O_CLOEXEC (EINVAL)' },
    mode: { kind: mode, slot: 'len' },
    fileIndex: { kind: slotOrAlloc, slot: 'file_index', slotPlusOne: true, doc: 'slot, or FILE_INDEX_ALLOC' },
  },
  doc: 'openat(2) into the fixed-file table; res is 0, or the slot with FILE_INDEX_ALLOC.',
});

export const openat2 = defineOp({
  name: 'openat2',
  prep: 'prep_openat2',
  opcode: OP.OPENAT2,
  args: {
    dfd: { kind: fd, slot: 'fd' },
    path: { kind: ptr, slot: 'addr', mem: 'cstring' },
    how: { kind: ptr, slot: 'off', doc: 'struct open_how (24 bytes)' },
  },
  fixed: { len: 24 },
  doc: 'openat2(2); res is the new fd.',
});

export const openat2Direct = defineOp({
  name: 'openat2Direct',
  prep: 'prep_openat2_direct',
  opcode: OP.OPENAT2,
  since: '5.15',
  args: {
    dfd: { kind: fd, slot: 'fd' },
    path: { kind: ptr, slot: 'addr', mem: 'cstring' },
    how: { kind: ptr, slot: 'off', doc: 'struct open_how (24 bytes)' },
    fileIndex: { kind: slotOrAlloc, slot: 'file_index', slotPlusOne: true, doc: 'slot, or FILE_INDEX_ALLOC' },
  },
  fixed: { len: 24 },
  doc: 'openat2(2) into the fixed-file table.',
});

export const close = defineOp({
  name: 'close',
  prep: 'prep_close',
  opcode: OP.CLOSE,
  args: { fd: { kind: fd, slot: 'fd' } },
  doc: 'close(2).',
});

export const closeDirect = defineOp({
  name: 'closeDirect',
  prep: 'prep_close_direct',
  opcode: OP.CLOSE,
  since: '5.15',
  args: { fileIndex: { kind: slot, slot: 'file_index', slotPlusOne: true, doc: 'the slot to empty' } },
  doc: 'Close a direct descriptor (fd stays 0).',
});

export const statx = defineOp({
  name: 'statx',
  prep: 'prep_statx',
  opcode: OP.STATX,
  args: {
    dfd: { kind: fd, slot: 'fd' },
    path: { kind: ptr, slot: 'addr', mem: 'cstring' },
    statxFlags: { kind: statxFlags, slot: 'op_flags', doc: 'AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH, AT_STATX_*...' },
    mask: { kind: statxMask, slot: 'len', doc: 'STATX_*' },
    statxbuf: { kind: ptr, slot: 'off', doc: 'struct statx (256 bytes)' },
  },
  doc: 'statx(2).',
});

// ---- paths ------------------------------------------------------------------------------------

export const renameat = defineOp({
  name: 'renameat',
  prep: 'prep_renameat',
  opcode: OP.RENAMEAT,
  args: {
    olddfd: { kind: fd, slot: 'fd' },
    oldpath: { kind: ptr, slot: 'addr', mem: 'cstring' },
    newdfd: { kind: fd, slot: 'len' },
    newpath: { kind: ptr, slot: 'off', mem: 'cstring' },
    renameFlags: { kind: renameFlags, slot: 'op_flags', optional: true, doc: 'RENAME_NOREPLACE|EXCHANGE|WHITEOUT' },
  },
  doc: 'renameat2(2).',
});

export const rename = defineOp({
  name: 'rename',
  prep: 'prep_rename',
  opcode: OP.RENAMEAT,
  args: { oldpath: { kind: ptr, slot: 'addr', mem: 'cstring' }, newpath: { kind: ptr, slot: 'off', mem: 'cstring' } },
  fixed: { fd: AT_FDCWD, len: AT_FDCWD_U32 },
  doc: 'rename(2): renameat with AT_FDCWD for both directories and no flags.',
});

export const unlinkat = defineOp({
  name: 'unlinkat',
  prep: 'prep_unlinkat',
  opcode: OP.UNLINKAT,
  args: {
    dfd: { kind: fd, slot: 'fd' },
    path: { kind: ptr, slot: 'addr', mem: 'cstring' },
    unlinkFlags: { kind: unlinkFlags, slot: 'op_flags', optional: true, doc: 'AT_REMOVEDIR: rmdir' },
  },
  doc: 'unlinkat(2).',
});

export const unlink = defineOp({
  name: 'unlink',
  prep: 'prep_unlink',
  opcode: OP.UNLINKAT,
  args: {
    path: { kind: ptr, slot: 'addr', mem: 'cstring' },
    unlinkFlags: { kind: unlinkFlags, slot: 'op_flags', optional: true, doc: 'AT_REMOVEDIR: rmdir' },
  },
  fixed: { fd: AT_FDCWD },
  doc: 'unlink(2) / rmdir(2): unlinkat relative to the working directory.',
});

export const mkdirat = defineOp({
  name: 'mkdirat',
  prep: 'prep_mkdirat',
  opcode: OP.MKDIRAT,
  args: {
    dfd: { kind: fd, slot: 'fd' },
    path: { kind: ptr, slot: 'addr', mem: 'cstring' },
    mode: { kind: mode, slot: 'len' },
  },
  doc: 'mkdirat(2).',
});

export const mkdir = defineOp({
  name: 'mkdir',
  prep: 'prep_mkdir',
  opcode: OP.MKDIRAT,
  args: { path: { kind: ptr, slot: 'addr', mem: 'cstring' }, mode: { kind: mode, slot: 'len' } },
  fixed: { fd: AT_FDCWD },
  doc: 'mkdir(2): mkdirat relative to the working directory.',
});

export const symlinkat = defineOp({
  name: 'symlinkat',
  prep: 'prep_symlinkat',
  opcode: OP.SYMLINKAT,
  args: {
    target: { kind: ptr, slot: 'addr', mem: 'cstring' },
    newdirfd: { kind: fd, slot: 'fd' },
    linkpath: { kind: ptr, slot: 'off', mem: 'cstring' },
  },
  doc: 'symlinkat(2): create linkpath (relative to newdirfd) pointing at target.',
});

export const symlink = defineOp({
  name: 'symlink',
  prep: 'prep_symlink',
  opcode: OP.SYMLINKAT,
  args: { target: { kind: ptr, slot: 'addr', mem: 'cstring' }, linkpath: { kind: ptr, slot: 'off', mem: 'cstring' } },
  fixed: { fd: AT_FDCWD },
  doc: 'symlink(2): symlinkat relative to the working directory.',
});

export const linkat = defineOp({
  name: 'linkat',
  prep: 'prep_linkat',
  opcode: OP.LINKAT,
  args: {
    olddfd: { kind: fd, slot: 'fd' },
    oldpath: { kind: ptr, slot: 'addr', mem: 'cstring' },
    newdfd: { kind: fd, slot: 'len' },
    newpath: { kind: ptr, slot: 'off', mem: 'cstring' },
    hardlinkFlags: { kind: linkFlags, slot: 'op_flags', optional: true, doc: 'AT_SYMLINK_FOLLOW|AT_EMPTY_PATH' },
  },
  doc: 'linkat(2).',
});

export const link = defineOp({
  name: 'link',
  prep: 'prep_link',
  opcode: OP.LINKAT,
  args: {
    oldpath: { kind: ptr, slot: 'addr', mem: 'cstring' },
    newpath: { kind: ptr, slot: 'off', mem: 'cstring' },
    hardlinkFlags: { kind: linkFlags, slot: 'op_flags', optional: true, doc: 'AT_SYMLINK_FOLLOW|AT_EMPTY_PATH' },
  },
  fixed: { fd: AT_FDCWD, len: AT_FDCWD_U32 },
  doc: 'link(2): linkat with AT_FDCWD for both directories.',
});

// ---- extended attributes ----------------------------------------------------------------------

export const getxattr = defineOp({
  name: 'getxattr',
  prep: 'prep_getxattr',
  opcode: OP.GETXATTR,
  args: {
    name: { kind: ptr, slot: 'addr', mem: 'cstring' },
    value: { kind: ptr, slot: 'off', doc: 'buffer for the value' },
    path: { kind: ptr, slot: 'addr3', mem: 'cstring' },
    len: { kind: u32, slot: 'len', doc: 'buffer size; 0 asks for the size' },
  },
  doc: "getxattr(2); res is the value's length.",
});

export const setxattr = defineOp({
  name: 'setxattr',
  prep: 'prep_setxattr',
  opcode: OP.SETXATTR,
  args: {
    name: { kind: ptr, slot: 'addr', mem: 'cstring' },
    value: { kind: ptr, slot: 'off' },
    path: { kind: ptr, slot: 'addr3', mem: 'cstring' },
    xattrFlags: { kind: xattrFlags, slot: 'op_flags', doc: 'XATTR_CREATE|XATTR_REPLACE' },
    len: { kind: u32, slot: 'len' },
  },
  doc: 'setxattr(2).',
});

export const fgetxattr = defineOp({
  name: 'fgetxattr',
  prep: 'prep_fgetxattr',
  opcode: OP.FGETXATTR,
  args: {
    fd: { kind: fd, slot: 'fd' },
    name: { kind: ptr, slot: 'addr', mem: 'cstring' },
    value: { kind: ptr, slot: 'off', doc: 'buffer for the value' },
    len: { kind: u32, slot: 'len', doc: 'buffer size; 0 asks for the size' },
  },
  doc: "fgetxattr(2); res is the value's length.",
});

export const fsetxattr = defineOp({
  name: 'fsetxattr',
  prep: 'prep_fsetxattr',
  opcode: OP.FSETXATTR,
  args: {
    fd: { kind: fd, slot: 'fd' },
    name: { kind: ptr, slot: 'addr', mem: 'cstring' },
    value: { kind: ptr, slot: 'off' },
    xattrFlags: { kind: xattrFlags, slot: 'op_flags', doc: 'XATTR_CREATE|XATTR_REPLACE' },
    len: { kind: u32, slot: 'len' },
  },
  doc: 'fsetxattr(2).',
});

// ---- registered files -------------------------------------------------------------------------

export const filesUpdate = defineOp({
  name: 'filesUpdate',
  prep: 'prep_files_update',
  opcode: OP.FILES_UPDATE,
  args: {
    fds: { kind: ptr, slot: 'addr', doc: 'int[nrFds]; -1 empties a slot, -2 (IORING_REGISTER_FILES_SKIP) keeps it' },
    nrFds: { kind: u32, slot: 'len' },
    offset: {
      kind: updateOffset,
      slot: 'off',
      doc: 'first slot, or FILE_INDEX_ALLOC: any free slots, written back into fds',
    },
  },
  fixed: { fd: -1 },
  doc: 'IORING_REGISTER_FILES_UPDATE from the ring; res is the number of slots updated.',
});

export const fixedFdInstall = defineOp({
  name: 'fixedFdInstall',
  prep: 'prep_fixed_fd_install',
  opcode: OP.FIXED_FD_INSTALL,
  args: {
    fd: { kind: fd, slot: 'fd', doc: 'the fixed-file slot (the prep sets IOSQE_FIXED_FILE)' },
    installFdFlags: { kind: installFlags, slot: 'op_flags', optional: true, doc: 'IORING_FIXED_FD_NO_CLOEXEC' },
  },
  fixed: { flags: IOSQE.FIXED_FILE },
  doc: 'Install a direct descriptor into the process fd table; res is the new fd (O_CLOEXEC unless NO_CLOEXEC).',
});
