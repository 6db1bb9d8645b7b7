// Node only: which setup flag the kernel refuses, when io_uring_setup fails with EINVAL / EOPNOTSUPP: retried
// without each flag, the culprit named with its kernel version and what it needs.
import { PARAMS, SETUP, SETUP_FLAGS, compareVersions, flagNames, type FlagInfo } from '../sys/abi.ts';
import { close as closeFd, ioUringSetupRaw, kernelVersion } from '../sys/libc.ts';
import { writeParams, type SetupParams, type UserAddrs } from './params.ts';

function describeFlag(bit: number): string {
  const f = SETUP_FLAGS.find((x) => x.bit === bit);
  if (!f) return `unknown setup flag bit ${bit} (0x${(2 ** bit).toString(16)})`;
  return `IORING_SETUP_${f.name} (1<<${bit}, since Linux ${f.since})`;
}

function prerequisites(f: FlagInfo | undefined, flags: number): string {
  if (!f) return '';
  const need: string[] = [];
  if (f.requires !== undefined && (flags & f.requires) !== f.requires)
    need.push(...flagNames(f.requires, SETUP_FLAGS).map((n) => `IORING_SETUP_${n}`));
  if (f.needs) need.push(f.needs);
  return need.length ? `; it needs ${need.join(' and ')}` : '';
}

/** CQSIZE is known to this kernel, so the refusal is about the value (io_uring_create: cq_entries must be
 *  1..IORING_MAX_CQ_ENTRIES, unless CLAMP, and, rounded up to a power of two, at least the SQ's entries). */
function badCqEntries(entries: number, o: SetupParams): string {
  const pow2 = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(1, n)));
  const sq = pow2(Math.min(entries, o.flags & SETUP.CLAMP ? 32768 : entries));
  return (
    `cqEntries ${o.cqEntries} is out of range (IORING_SETUP_CQSIZE itself is supported): the kernel takes 1..65536 ` +
    `(larger with IORING_SETUP_CLAMP, which clamps to 65536), and, rounded up to a power of two, at least the SQ size ` +
    `(${sq} for entries ${entries}); pass cqEntries in ${sq}..65536`
  );
}

/** After setup failed with EINVAL (or EOPNOTSUPP), find the flag the kernel refuses: retry without each set
 *  bit, highest first; the first retry that succeeds names the culprit. */
export function blameFlag(entries: number, o: SetupParams, user?: UserAddrs): string | undefined {
  const params = new Uint8Array(PARAMS.SIZE);
  const dv = new DataView(params.buffer);
  let release = '?';
  try {
    release = kernelVersion();
  } catch {}
  for (let bit = 31; bit >= 0; bit--) {
    const b = 2 ** bit;
    if ((o.flags & b) === 0) continue;
    // Dropping a flag also drops what only it needs (SQ_AFF without SQPOLL would fail on its own).
    let without = (o.flags & ~b) >>> 0;
    for (const f of SETUP_FLAGS)
      if (f.requires !== undefined && f.requires & b && without & f.value) without = (without & ~f.value) >>> 0;
    writeParams(dv, { ...o, flags: without }, without & SETUP.NO_MMAP ? user : undefined);
    const fd = ioUringSetupRaw(entries, params);
    if (fd >= 0) {
      closeFd(fd);
      if (b === SETUP.CQSIZE && compareVersions(release, '5.5') >= 0) return badCqEntries(entries, o);
      const f = SETUP_FLAGS.find((x) => x.bit === bit);
      const when = f && compareVersions(release, f.since) < 0 ? ` (this kernel is ${release})` : '';
      return `this kernel refuses ${describeFlag(bit)}${when}${prerequisites(f, o.flags)}`;
    }
  }
  return undefined;
}
