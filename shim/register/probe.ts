// Node only: which opcodes this kernel supports (IORING_REGISTER_PROBE): the probe by name (what `uring probe`
// and `probe()` report) and the per-process table of unsupported opcodes a KernelBackend refuses early.
import { OP_NAMES, OP_SINCE, type OpName } from '../../ts/constants.ts';
import { REGISTER } from '../sys/abi.ts';
import { close as closeFd, ioUringRegisterRaw } from '../sys/libc.ts';
import { ioUringSetup } from '../kernel/setup.ts';
import { ioUringRegister } from './call.ts';

/** One opcode in a {@link Probe}. */
export interface ProbedOp {
  opcode: number;
  /** Kernel name (IORING_OP_ without the prefix), or `OP_<n>` for an opcode newer than this library. */
  name: string;
  supported: boolean;
  /** First kernel version with the op (undefined for opcodes this library does not know). */
  since: string | undefined;
}

/** What IORING_REGISTER_PROBE says: every opcode and whether this kernel supports it. */
export interface Probe {
  /** The kernel's last opcode + 1 (IORING_OP_LAST as the kernel knows it). */
  lastOp: number;
  /** Every opcode this library or the kernel knows, in order. */
  ops: ProbedOp[];
  /** Is the op (kernel name, e.g. 'READ_MULTISHOT') supported? */
  supported(name: OpName | string): boolean;
}

const PROBE_OPS = 256;

/** IORING_REGISTER_PROBE on a ring: which opcodes this kernel supports. */
export function probe(fd: number): Probe {
  const buf = new Uint8Array(16 + 8 * PROBE_OPS); // must be zeroed: the kernel refuses non-zero reserved bytes
  ioUringRegister(fd, REGISTER.PROBE, buf, PROBE_OPS);
  const lastOp = buf[0]! + 1; // last_op is the highest opcode number
  const opsLen = buf[1]!;
  const dv = new DataView(buf.buffer);
  const flags: number[] = [];
  for (let i = 0; i < opsLen; i++) {
    const op = buf[16 + 8 * i]!;
    flags[op] = dv.getUint16(16 + 8 * i + 2, true);
  }
  const n = Math.max(OP_NAMES.length, opsLen);
  const ops: ProbedOp[] = [];
  const byName = new Map<string, boolean>();
  for (let op = 0; op < n; op++) {
    const name = OP_NAMES[op] ?? `OP_${op}`;
    const supported = ((flags[op] ?? 0) & 1) === 1; // IO_URING_OP_SUPPORTED
    ops.push({ opcode: op, name, supported, since: OP_NAMES[op] ? OP_SINCE[OP_NAMES[op]!] : undefined });
    byName.set(name, supported);
  }
  return {
    lastOp,
    ops,
    supported(name: string): boolean {
      const k = name.toUpperCase().replace(/^IORING_OP_/, '');
      if (!byName.has(k)) throw new RangeError(`probe: unknown op ${JSON.stringify(name)}`);
      return byName.get(k)!;
    },
  };
}

/** Probe with a throwaway ring. */
export function probeKernel(): Probe {
  const { fd } = ioUringSetup({ entries: 1 });
  try {
    return probe(fd);
  } finally {
    closeFd(fd);
  }
}

/** Opcodes this kernel lacks (1 = unsupported), asked once per process: the kernel is the same for every ring. */
let unsupportedCache: Uint8Array | undefined;

function probeUnsupported(fd: number): Uint8Array {
  const OPS = 256;
  const buf = new Uint8Array(16 + 8 * OPS); // zeroed: the kernel refuses non-zero reserved bytes
  const out = new Uint8Array(OPS);
  if (ioUringRegisterRaw(fd, REGISTER.PROBE, buf, OPS) < 0) return out;
  const dv = new DataView(buf.buffer);
  out.fill(1);
  for (let i = 0; i < buf[1]!; i++) if ((dv.getUint16(16 + 8 * i + 2, true) & 1) === 1) out[buf[16 + 8 * i]!] = 0;
  return out;
}

/** The unsupported-opcode table (probed on ring `fd` the first time); all 0 when the probe fails (pre-5.6). */
export function unsupportedOps(fd: number): Uint8Array {
  unsupportedCache ??= probeUnsupported(fd);
  return unsupportedCache;
}
