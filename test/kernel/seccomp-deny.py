#!/usr/bin/env python3
# Run a command with io_uring_setup (425) failing with the given errno under a seccomp filter, to test what
# uring says and does where io_uring is unavailable.  Usage: seccomp-deny.py <errno> <command> [args...]
import ctypes, os, struct, sys

errno = int(sys.argv[1])
libc = ctypes.CDLL(None, use_errno=True)
libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
# io_uring syscall numbers are the same on every architecture, so no arch check is needed for this test filter.
prog = [
    (0x20, 0, 0, 0),                      # ld  [0]            (seccomp_data.nr)
    (0x15, 0, 1, 425),                    # jeq #425, 0, 1
    (0x06, 0, 0, 0x00050000 | errno),     # ret SECCOMP_RET_ERRNO | errno
    (0x06, 0, 0, 0x7fff0000),             # ret SECCOMP_RET_ALLOW
]
filt = b''.join(struct.pack('<HBBI', *ins) for ins in prog)
buf = ctypes.create_string_buffer(filt, len(filt))
fprog = struct.pack('<HxxxxxxQ', len(prog), ctypes.addressof(buf))
fbuf = ctypes.create_string_buffer(fprog, len(fprog))
if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
    sys.exit('prctl(PR_SET_NO_NEW_PRIVS) failed: %d' % ctypes.get_errno())
if libc.prctl(22, 2, ctypes.addressof(fbuf), 0, 0) != 0:  # PR_SET_SECCOMP, SECCOMP_MODE_FILTER
    sys.exit('prctl(PR_SET_SECCOMP) failed: %d' % ctypes.get_errno())
os.execvp(sys.argv[2], sys.argv[2:])
