// Node only: io_uring_setup with every parameter and an error that says what went wrong, and which setup flags
// this kernel accepts (each tried alone).
import { UringError } from '../../ts/errors.ts';
import { CQ_OFF, PARAMS, SETUP, SETUP_FLAGS, SQ_OFF, flagNames, type FlagInfo } from '../sys/abi.ts';
import {
  MAP_ANONYMOUS,
  MAP_PRIVATE,
  PROT_READ,
  PROT_WRITE,
  close as closeFd,
  ioUringSetupRaw,
  mmap,
  munmap,
} from '../sys/libc.ts';
import { explainSetupFailure } from './availability.ts';
import { blameFlag } from './flags.ts';
import { normalize, writeParams, type SetupOptions, type UserAddrs } from './params.ts';
import { releaseRegisteredOnly } from './ring-fd.ts';

/** io_uring_setup with every parameter; on failure a UringError that says which flag or what to do. Returns the
 *  fd and the filled-in io_uring_params. `user`: the memory of an IORING_SETUP_NO_MMAP ring. */
export function ioUringSetup(opts: SetupOptions = {}, user?: UserAddrs): { fd: number; params: DataView } {
  const { entries, o } = normalize(opts);
  const bytes = new Uint8Array(PARAMS.SIZE);
  const dv = new DataView(bytes.buffer);
  writeParams(dv, o, o.flags & SETUP.NO_MMAP ? user : undefined);
  const fd = ioUringSetupRaw(entries, bytes);
  if (fd >= 0) return { fd, params: dv };
  const errno = -fd;
  let detail: string | undefined;
  if (errno === 1 || errno === 38) detail = explainSetupFailure(errno);
  else if (errno === 22 || errno === 95) {
    const unknown = flagNames(o.flags, SETUP_FLAGS).filter((n) => n.startsWith('bit '));
    if (unknown.length)
      detail = `unknown setup flag ${unknown.map((u) => `${u} (0x${(2 ** Number(u.slice(4))).toString(16)})`).join(', ')}`;
    else detail = o.flags ? blameFlag(entries, o, user) : undefined;
    if (!detail) {
      detail = `entries ${entries}${o.cqEntries ? `, cqEntries ${o.cqEntries}` : ''}${o.flags ? `, flags ${flagNames(o.flags, SETUP_FLAGS).join('|')}` : ''}`;
      if (!(o.flags & SETUP.CLAMP) && (entries > 32768 || o.cqEntries > 65536))
        detail +=
          ' (the kernel allows at most 32768 SQ and 65536 CQ entries; IORING_SETUP_CLAMP clamps instead of failing)';
    }
  } else detail = explainSetupFailure(errno) || undefined;
  throw new UringError(errno, 'io_uring_setup', detail ? { detail } : {});
}

/** Try io_uring_setup with each IORING_SETUP_* flag alone: which this kernel accepts (what `uring probe` lists). */
export function setupFlagsAccepted(): { flag: FlagInfo; accepted: boolean; errno?: string }[] {
  const out: { flag: FlagInfo; accepted: boolean; errno?: string }[] = [];
  const base = ioUringSetup({ entries: 1 });
  try {
    for (const f of SETUP_FLAGS) {
      const flags = f.value | (f.requires ?? 0);
      const params = new Uint8Array(PARAMS.SIZE);
      const dv = new DataView(params.buffer);
      writeParams(dv, {
        flags,
        cqEntries: f.value === SETUP.CQSIZE ? 4 : 0,
        sqThreadCpu: 0,
        sqThreadIdle: 0,
        wqFd: f.value === SETUP.ATTACH_WQ ? base.fd : 0,
      });
      const maps: [number, number][] = [];
      if (flags & SETUP.NO_MMAP) {
        // In-place rings: one page each for the rings and the SQE array is plenty for entries = 1.
        for (const at of [PARAMS.sq_off + SQ_OFF.user_addr, PARAMS.cq_off + CQ_OFF.user_addr]) {
          const a = mmap(0, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
          maps.push([a, 65536]);
          dv.setBigUint64(at, BigInt(a), true);
        }
      }
      const fd = ioUringSetupRaw(1, params);
      if (fd >= 0 && flags & SETUP.REGISTERED_FD_ONLY) releaseRegisteredOnly(fd);
      else if (fd >= 0) closeFd(fd);
      for (const [a, n] of maps) munmap(a, n);
      out.push(
        fd >= 0
          ? { flag: f, accepted: true }
          : { flag: f, accepted: false, errno: new UringError(-fd, 'io_uring_setup').code },
      );
    }
  } finally {
    closeFd(base.fd);
  }
  return out;
}
