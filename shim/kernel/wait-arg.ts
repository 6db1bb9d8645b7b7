// Node only: the native argument of a timed io_uring_enter (IORING_ENTER_EXT_ARG, Linux 5.11): an
// io_uring_getevents_arg (24 bytes) and, right after it, the __kernel_timespec it points at (16 bytes).
// Allocated once per ring; a timed wait only writes the timespec (no allocation, no BigInt).
import type { Timespec } from '../../ts/ring/backend.ts';
import { alloc, free } from '../sys/libc.ts';

/** The EXT_ARG memory of one ring; `free()` it when the ring closes. */
export class WaitArg {
  /** Native address of the io_uring_getevents_arg. */
  readonly addr: number;
  #i32: Int32Array;

  constructor() {
    const m = alloc(40);
    this.addr = m.addr;
    this.#i32 = new Int32Array(m.buffer);
    const dv = new DataView(m.buffer);
    dv.setUint32(8, 8, true); // sigmask_sz = _NSIG / 8 (sigmask itself stays 0: no mask)
    dv.setBigUint64(16, BigInt(m.addr + 24), true); // ts → the timespec right after
  }

  /** Write `timeout` (checked: RangeError) into the timespec; returns the argument's address. */
  set(timeout: Timespec): number {
    const sec = timeout.sec,
      nsec = timeout.nsec;
    if (
      !(
        sec >= 0 &&
        nsec >= 0 &&
        nsec < 1e9 &&
        Number.isInteger(sec) &&
        Number.isInteger(nsec) &&
        sec <= Number.MAX_SAFE_INTEGER
      )
    )
      throw new RangeError(
        `enter: timeout must be { sec >= 0, 0 <= nsec < 1e9 } integers, got { sec: ${sec}, nsec: ${nsec} }`,
      );
    const t = this.#i32;
    t[6] = sec | 0; // tv_sec low word (u32 bits)
    t[7] = (sec / 4294967296) | 0; // tv_sec high word
    t[8] = nsec;
    t[9] = 0;
    return this.addr;
  }

  free(): void {
    free(this.addr);
  }
}
