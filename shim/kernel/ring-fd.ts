// Node only: a ring fd registered with its own ring (IORING_REGISTER_RING_FDS, Linux 5.18): io_uring_enter then
// takes the index with IORING_ENTER_REGISTERED_RING and skips an fget/fput per call.
import { UringError } from '../../ts/errors.ts';
import { REGISTER } from '../sys/abi.ts';
import { alloc, free, ioUringRegisterRaw } from '../sys/libc.ts';
import { off as layoutOff, struct as layoutStruct } from '../register/layout.ts';

/** Register ring `fd` with itself; returns the index the kernel picked. */
export function registerRingFd(fd: number): number {
  const size = layoutStruct('rsrc_update').size;
  const m = alloc(size);
  try {
    const dv = new DataView(m.buffer, 0, size);
    dv.setUint32(layoutOff('rsrc_update', 'offset'), 0xffffffff, true); // -1: the kernel picks a free index
    dv.setBigUint64(layoutOff('rsrc_update', 'data'), BigInt(fd), true);
    const r = ioUringRegisterRaw(fd, REGISTER.RING_FDS, m.addr, 1);
    if (r < 0) throw new UringError(-r, 'io_uring_register', { detail: 'IORING_REGISTER_RING_FDS' });
    if (r !== 1) throw new Error(`uring: IORING_REGISTER_RING_FDS registered ${r} of 1 fds`);
    return dv.getUint32(layoutOff('rsrc_update', 'offset'), true);
  } finally {
    free(m.addr);
  }
}

/** Drop registered index `index` of ring `fd` (IORING_UNREGISTER_RING_FDS). */
export function unregisterRingFd(fd: number, index: number): void {
  const size = layoutStruct('rsrc_update').size;
  const m = alloc(size);
  try {
    const dv = new DataView(m.buffer, 0, size);
    dv.setUint32(layoutOff('rsrc_update', 'offset'), index, true);
    const r = ioUringRegisterRaw(fd, REGISTER.UNREGISTER_RING_FDS, m.addr, 1);
    if (r < 0) throw new UringError(-r, 'io_uring_register', { detail: 'IORING_UNREGISTER_RING_FDS' });
  } finally {
    free(m.addr);
  }
}

/** With IORING_SETUP_REGISTERED_FD_ONLY setup returns a registered-ring index, not an fd: closing that
 *  number would close one of ours (stdin for index 0). The ring goes away when its index is unregistered. */
export function releaseRegisteredOnly(index: number): void {
  const upd = new Uint8Array(16);
  new DataView(upd.buffer).setUint32(0, index, true);
  const r = ioUringRegisterRaw(index, REGISTER.UNREGISTER_RING_FDS | REGISTER.USE_REGISTERED_RING, upd, 1);
  if (r < 0)
    throw new UringError(-r, 'io_uring_register', { detail: `UNREGISTER_RING_FDS of registered-only ring ${index}` });
}
