// Node only: io_uring_register, returning the call's result (REGISTER_PERSONALITY's id, REGISTER_FILE_ALLOC
// results, …), its errors named by opcode.
import { UringError } from '../../ts/errors.ts';
import { REGISTER } from '../sys/abi.ts';
import { ioUringRegisterRaw, type Bytes } from '../sys/libc.ts';
import { memlockHint } from '../kernel/availability.ts';

const ENOMEM = 12;
/** Opcodes that pin user memory, where ENOMEM usually means RLIMIT_MEMLOCK. */
const PINS = new Set<number>([REGISTER.BUFFERS, REGISTER.BUFFERS2, REGISTER.BUFFERS_UPDATE]);
const REGISTER_NAMES: string[] = [];
for (const [k, v] of Object.entries(REGISTER)) if (v < 256) REGISTER_NAMES[v] = k;

/** io_uring_register(fd, opcode, arg, nrArgs): the kernel's (non-negative) result. Throws UringError with
 *  syscall 'io_uring_register' and the opcode's name in the message. `arg` is bytes, a native address, or null. */
export function ioUringRegister(fd: number, opcode: number, arg: Bytes | number | null, nrArgs: number): number {
  const r = ioUringRegisterRaw(fd, opcode, arg, nrArgs);
  if (r < 0) {
    const name = REGISTER_NAMES[opcode & 0x7fffffff];
    let detail = `IORING_REGISTER_${name ?? opcode}`;
    if (-r === ENOMEM && PINS.has(opcode & 0x7fffffff))
      detail += `: the kernel could not pin the memory; ${memlockHint('registered memory')}`;
    throw new UringError(-r, 'io_uring_register', { detail });
  }
  return r;
}
