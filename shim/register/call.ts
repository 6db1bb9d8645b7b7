// Node only: io_uring_register, returning the call's result (REGISTER_PERSONALITY's id, REGISTER_FILE_ALLOC
// results, …), its errors named by opcode.
import { UringError } from '../../ts/errors.ts';
import { REGISTER } from '../sys/abi.ts';
import { ioUringRegisterRaw, type Bytes } from '../sys/libc.ts';

const REGISTER_NAMES: string[] = [];
for (const [k, v] of Object.entries(REGISTER)) if (v < 256) REGISTER_NAMES[v] = k;

/** io_uring_register(fd, opcode, arg, nrArgs): the kernel's (non-negative) result. Throws UringError with
 *  syscall 'io_uring_register' and the opcode's name in the message. `arg` is bytes, a native address, or null. */
export function ioUringRegister(fd: number, opcode: number, arg: Bytes | number | null, nrArgs: number): number {
  const r = ioUringRegisterRaw(fd, opcode, arg, nrArgs);
  if (r < 0) {
    const name = REGISTER_NAMES[opcode & 0x7fffffff];
    throw new UringError(-r, 'io_uring_register', { detail: `IORING_REGISTER_${name ?? opcode}` });
  }
  return r;
}
