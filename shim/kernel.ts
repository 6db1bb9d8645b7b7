// Node only: the kernel's rings, mmap'd, behind the RingBackend interface (copy mode: SQEs and CQEs are copied
// in bulk between WASM memory and the mapping). Views are made once at setup; the submit / complete path
// allocates nothing, makes no koffi view and no BigInt.
//
// The same class also drives rings the application placed in its own memory (IORING_SETUP_NO_MMAP, in-place
// mode, shim/inplace.ts): given `UserRings` it passes their addresses to io_uring_setup instead of mmapping,
// and makes its views over the WASM memory's buffer, re-made (after checking the memory did not move) when
// growth detaches them. Everything else (setup errors, ring words, enter, registered ring fd, close) is shared.
import { readFileSync } from 'node:fs';
import type { RingBackend, RingParams, Timespec } from '../ts/ring/backend.ts';
import type { WasmMemory } from '../ts/core/core.ts';
import { UringError } from '../ts/errors.ts';
import {
  CQ_OFF, ENTER, FEAT, OFF, PARAMS, SETUP, SETUP_FLAGS, SQ_OFF, compareVersions, flagNames, type FlagInfo,
} from './abi.ts';
import {
  MAP_ANONYMOUS, MAP_POPULATE, MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE,
  alloc, close as closeFd, free, ioUringEnterRaw, ioUringRegisterRaw, ioUringSetupRaw, kernelVersion, mmap, munmap, view,
} from './sys.ts';
import { REGISTER } from './abi.ts';
import { off as layoutOff, struct as layoutStruct } from './register-layout.ts';

/** Everything io_uring_setup takes (io_uring_params inputs). */
export interface SetupOptions {
  /** SQ entries (rounded up to a power of two by the kernel). Default 256. */
  entries?: number;
  /** IORING_SETUP_* */
  flags?: number;
  /** CQ entries; sets IORING_SETUP_CQSIZE. */
  cqEntries?: number;
  /** SQPOLL thread CPU (with IORING_SETUP_SQ_AFF). */
  sqThreadCpu?: number;
  /** SQPOLL idle time in milliseconds before the thread sleeps. */
  sqThreadIdle?: number;
  /** The ring fd whose io-wq to share (sets IORING_SETUP_ATTACH_WQ). */
  wqFd?: number;
  /** Map the SQ and CQ rings separately even when the kernel has IORING_FEAT_SINGLE_MMAP (what kernels before
   *  5.4 require; the kernel still accepts it, so tests use it to exercise that path). Backend only. */
  separateMmap?: boolean;
  /** Register the ring fd with itself (IORING_REGISTER_RING_FDS, Linux 5.18) right after setup, and enter with
   *  IORING_ENTER_REGISTERED_RING (saves an fget/fput per io_uring_enter). Backend only. */
  registerRingFd?: boolean;
}

/** Where things are in the mapping (what setup reported), for diagnostics and tests. */
export interface RingLayout {
  sqOff: Record<keyof typeof SQ_OFF, number>;
  cqOff: Record<keyof typeof CQ_OFF, number>;
  /** Bytes mapped for the SQ ring (and the CQ ring with FEAT_SINGLE_MMAP). */
  sqRingSize: number;
  /** Bytes mapped for the CQ ring when mapped separately (no FEAT_SINGLE_MMAP), else 0. */
  cqRingSize: number;
  /** Bytes mapped for the SQE array. */
  sqesSize: number;
  singleMmap: boolean;
  /** False with IORING_SETUP_NO_SQARRAY (the kernel uses head & mask directly). */
  sqArray: boolean;
}

const U32 = 4;

function u32(b: DataView, at: number): number {
  return b.getUint32(at, true);
}

const closedError = () => new Error('uring: the ring is closed (its memory is unmapped); create a new one');

// ---------------------------------------------------------------------------------------------
// Availability

/** Whether io_uring can be used in this process, and if not why (see {@link ioUringAvailability}). */
export interface Availability {
  ok: boolean;
  /** Why not (empty when ok). */
  reason: string;
  /** 'EPERM' / 'ENOSYS' / … when setup failed with an errno. */
  code?: string;
}

let availability: Availability | undefined;

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Why io_uring_setup failed with `errno` (positive), and what to do about it. */
export function explainSetupFailure(errno: number): string {
  const disabled = readProc('/proc/sys/kernel/io_uring_disabled');
  const group = readProc('/proc/sys/kernel/io_uring_group');
  const seccompLine = readProc('/proc/self/status')?.split('\n').find((l) => l.startsWith('Seccomp:'));
  const seccomp = seccompLine ? Number(seccompLine.split(/\s+/)[1]) : undefined;
  let release = '?';
  try {
    release = kernelVersion();
  } catch {}
  const parts: string[] = [];
  if (errno === 1 /* EPERM */) {
    if (disabled === '2') {
      parts.push('io_uring is disabled for everyone: sysctl kernel.io_uring_disabled = 2 (/proc/sys/kernel/io_uring_disabled)',
        "enable it as root with 'sysctl -w kernel.io_uring_disabled=0' (or =1 to allow only members of kernel.io_uring_group)");
    } else if (disabled === '1') {
      parts.push(`io_uring is limited to privileged processes: sysctl kernel.io_uring_disabled = 1, and this process is neither CAP_SYS_ADMIN nor in group ${group ?? '?'} (kernel.io_uring_group)`,
        "allow everyone as root with 'sysctl -w kernel.io_uring_disabled=0', or add this user to that group and set 'sysctl -w kernel.io_uring_group=<gid>'");
    } else if (seccomp === 2) {
      parts.push('a seccomp filter refuses io_uring_setup (Seccomp: 2 in /proc/self/status; container runtimes such as Docker block io_uring by default)',
        'allow io_uring_setup, io_uring_enter and io_uring_register in the seccomp profile (for example docker run --security-opt seccomp=<profile>)');
    } else {
      parts.push(`io_uring_setup was refused (kernel.io_uring_disabled = ${disabled ?? 'absent'}, seccomp mode ${seccomp ?? '?'}); an LSM such as SELinux or AppArmor may deny it`);
    }
  } else if (errno === 38 /* ENOSYS */) {
    if (seccomp === 2) {
      parts.push('io_uring_setup returned ENOSYS under a seccomp filter (Seccomp: 2): the sandbox hides io_uring',
        'allow io_uring_setup, io_uring_enter and io_uring_register in the seccomp profile');
    } else {
      parts.push(`this kernel (${release}) has no io_uring: it needs Linux 5.1 or later built with CONFIG_IO_URING=y`,
        'upgrade the kernel or enable CONFIG_IO_URING');
    }
  } else if (errno === 12 /* ENOMEM */) {
    parts.push(`the kernel could not allocate the rings; on kernels before 5.12 they count against RLIMIT_MEMLOCK`,
      "raise 'ulimit -l' or use fewer entries");
  } else if (errno === 24 /* EMFILE */ || errno === 23 /* ENFILE */) {
    parts.push('no file descriptor is free for the ring');
  }
  return parts.join('; ');
}

/** Can this process use io_uring? Tries io_uring_setup once (cached) and says why not. */
export function ioUringAvailability(): Availability {
  if (availability) return availability;
  try {
    const params = new Uint8Array(PARAMS.SIZE);
    const fd = ioUringSetupRaw(1, params);
    if (fd >= 0) {
      closeFd(fd);
      availability = { ok: true, reason: '' };
    } else {
      const e = new UringError(-fd, 'io_uring_setup', { detail: explainSetupFailure(-fd) });
      availability = { ok: false, reason: e.message, code: e.code };
    }
  } catch (e) {
    availability = { ok: false, reason: (e as Error).message };
  }
  return availability;
}

// ---------------------------------------------------------------------------------------------
// Setup

function writeParams(p: DataView, o: SetupParams, user?: UserAddrs): void {
  new Uint8Array(p.buffer, p.byteOffset, PARAMS.SIZE).fill(0);
  if (user) {
    p.setBigUint64(PARAMS.sq_off + SQ_OFF.user_addr, BigInt(user.sqes), true);
    p.setBigUint64(PARAMS.cq_off + CQ_OFF.user_addr, BigInt(user.rings), true);
  }
  p.setUint32(PARAMS.cq_entries, o.cqEntries, true);
  p.setUint32(PARAMS.flags, o.flags, true);
  p.setUint32(PARAMS.sq_thread_cpu, o.sqThreadCpu, true);
  p.setUint32(PARAMS.sq_thread_idle, o.sqThreadIdle, true);
  p.setUint32(PARAMS.wq_fd, o.wqFd, true);
}

function checkU32(name: string, v: unknown, min = 0): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`io_uring_setup: ${name} must be an integer, got ${typeof v === 'number' ? v : typeof v}`);
  if (v < min || v > 0xffffffff) throw new RangeError(`io_uring_setup: ${name} must be in ${min}..4294967295, got ${v}`);
  return v;
}

type SetupParams = Required<Omit<SetupOptions, 'entries' | 'separateMmap' | 'registerRingFd'>>;

function normalize(opts: SetupOptions): { entries: number; o: SetupParams } {
  if (opts === null || typeof opts !== 'object') throw new TypeError('io_uring_setup: options must be an object');
  const entries = checkU32('entries', opts.entries ?? 256, 1);
  if (opts.separateMmap !== undefined && typeof opts.separateMmap !== 'boolean') throw new TypeError('io_uring_setup: separateMmap must be a boolean');
  if (opts.registerRingFd !== undefined && typeof opts.registerRingFd !== 'boolean') throw new TypeError('io_uring_setup: registerRingFd must be a boolean');
  let flags = checkU32('flags', opts.flags ?? 0);
  const cqEntries = opts.cqEntries === undefined ? 0 : checkU32('cqEntries', opts.cqEntries, 1);
  if (opts.cqEntries !== undefined) flags |= SETUP.CQSIZE;
  const wqFd = opts.wqFd === undefined ? 0 : checkU32('wqFd', opts.wqFd);
  if (opts.wqFd !== undefined) flags |= SETUP.ATTACH_WQ;
  if ((flags & SETUP.CQSIZE) && opts.cqEntries === undefined) throw new TypeError('io_uring_setup: IORING_SETUP_CQSIZE needs cqEntries');
  if ((flags & SETUP.ATTACH_WQ) && opts.wqFd === undefined) throw new TypeError('io_uring_setup: IORING_SETUP_ATTACH_WQ needs wqFd');
  return {
    entries,
    o: {
      flags: flags >>> 0, cqEntries, wqFd,
      sqThreadCpu: opts.sqThreadCpu === undefined ? 0 : checkU32('sqThreadCpu', opts.sqThreadCpu),
      sqThreadIdle: opts.sqThreadIdle === undefined ? 0 : checkU32('sqThreadIdle', opts.sqThreadIdle),
    },
  };
}

function describeFlag(bit: number): string {
  const f = SETUP_FLAGS.find((x) => x.bit === bit);
  if (!f) return `unknown setup flag bit ${bit} (0x${(2 ** bit).toString(16)})`;
  return `IORING_SETUP_${f.name} (1<<${bit}, since Linux ${f.since})`;
}

function prerequisites(f: FlagInfo | undefined, flags: number): string {
  if (!f) return '';
  const need: string[] = [];
  if (f.requires !== undefined && (flags & f.requires) !== f.requires) need.push(...flagNames(f.requires, SETUP_FLAGS).map((n) => `IORING_SETUP_${n}`));
  if (f.needs) need.push(f.needs);
  return need.length ? `; it needs ${need.join(' and ')}` : '';
}

/** After setup failed with EINVAL (or EOPNOTSUPP), find the flag the kernel refuses: retry without each set
 *  bit, highest first; the first retry that succeeds names the culprit. */
function blameFlag(entries: number, o: SetupParams, user?: UserAddrs): string | undefined {
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
    for (const f of SETUP_FLAGS) if (f.requires !== undefined && (f.requires & b) && (without & f.value)) without = (without & ~f.value) >>> 0;
    writeParams(dv, { ...o, flags: without }, without & SETUP.NO_MMAP ? user : undefined);
    const fd = ioUringSetupRaw(entries, params);
    if (fd >= 0) {
      closeFd(fd);
      const f = SETUP_FLAGS.find((x) => x.bit === bit);
      const when = f && compareVersions(release, f.since) < 0 ? ` (this kernel is ${release})` : '';
      return `this kernel refuses ${describeFlag(bit)}${when}${prerequisites(f, o.flags)}`;
    }
  }
  return undefined;
}

/** Native addresses of application-supplied ring memory (IORING_SETUP_NO_MMAP): sq_off.user_addr is the SQE
 *  array, cq_off.user_addr the rings (header, CQEs, SQ index array). Both page-aligned. */
export interface UserAddrs {
  sqes: number;
  rings: number;
}

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
    if (unknown.length) detail = `unknown setup flag ${unknown.map((u) => `${u} (0x${(2 ** Number(u.slice(4))).toString(16)})`).join(', ')}`;
    else detail = o.flags ? blameFlag(entries, o, user) : undefined;
    if (!detail) {
      detail = `entries ${entries}${o.cqEntries ? `, cqEntries ${o.cqEntries}` : ''}${o.flags ? `, flags ${flagNames(o.flags, SETUP_FLAGS).join('|')}` : ''}`;
      if (!(o.flags & SETUP.CLAMP) && (entries > 32768 || o.cqEntries > 65536))
        detail += ' (the kernel allows at most 32768 SQ and 65536 CQ entries; IORING_SETUP_CLAMP clamps instead of failing)';
    }
  } else detail = explainSetupFailure(errno) || undefined;
  throw new UringError(errno, 'io_uring_setup', detail ? { detail } : {});
}

/** Which IORING_SETUP_* flags this kernel accepts, tried one at a time (with what each one needs). */
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

/** With IORING_SETUP_REGISTERED_FD_ONLY setup returns a registered-ring index, not an fd: closing that
 *  number would close one of ours (stdin for index 0). The ring goes away when its index is unregistered. */
function releaseRegisteredOnly(index: number): void {
  const upd = new Uint8Array(16);
  new DataView(upd.buffer).setUint32(0, index, true);
  const r = ioUringRegisterRaw(index, REGISTER.UNREGISTER_RING_FDS | REGISTER.USE_REGISTERED_RING, upd, 1);
  if (r < 0) throw new UringError(-r, 'io_uring_register', { detail: `UNREGISTER_RING_FDS of registered-only ring ${index}` });
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
        flags, cqEntries: f.value === SETUP.CQSIZE ? 4 : 0, sqThreadCpu: 0, sqThreadIdle: 0,
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
      out.push(fd >= 0 ? { flag: f, accepted: true } : { flag: f, accepted: false, errno: new UringError(-fd, 'io_uring_setup').code });
    }
  } finally {
    closeFd(base.fd);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The backend

/**
 * @internal Rings placed in WebAssembly memory (IORING_SETUP_NO_MMAP), as shim/inplace.ts lays them out.
 * Offsets are byte offsets in `memory` (core pointers), page-aligned; `base` is the native address of the
 * memory's first byte when the ring was set up.
 */
export interface UserRings {
  memory: WasmMemory;
  /** The rings region (io_rings header, CQEs, SQ index array) and its size. */
  rings: number;
  ringsSize: number;
  /** The SQE array and its size. */
  sqes: number;
  sqesSize: number;
  base: number;
  /** Native address of a buffer's first byte (checked against `base` whenever growth replaced the buffer). */
  address(buffer: ArrayBuffer): number;
}

function movedError(from: number, to: number): Error {
  const e = new Error(`uring: the WebAssembly memory holding this in-place ring (IORING_SETUP_NO_MMAP) moved from 0x${from.toString(16)} to 0x${to.toString(16)} when it grew; the kernel still uses the old pages, so the ring was closed. Use copy mode (KernelBackend) on this engine`) as Error & { code: string };
  e.code = 'ERR_URING_MEMORY_MOVED';
  return e;
}

/** The real kernel's rings in copy mode: io_uring_setup, the rings mmapped, SQEs and CQEs copied in bulk
 *  between WASM memory and the mapping. `KernelBackend.setup(opts)` or `createRing()` make one. */
export class KernelBackend implements RingBackend {
  readonly fd: number;

  #params!: RingParams;
  #layout!: RingLayout;
  #separateMmap: boolean;
  #closed = false;
  // Mappings of the rings: [address, length].
  #maps: [number, number][] = [];
  // Ring words (u32 index = byte offset / 4) in the SQ-ring and CQ-ring views.
  #sq!: Uint32Array;
  #cq!: Uint32Array;
  #sqHead!: number;
  #sqTail!: number;
  #sqFlags!: number;
  #sqDropped!: number;
  #cqHeadIdx!: number;
  #cqTail!: number;
  #cqOverflow!: number;
  #cqFlags!: number; // -1 when the kernel has no CQ ring flags (before 5.8)
  #cqHeadValue!: number;
  // Bulk views.
  #sqes8!: Uint8Array;
  #sqes32!: Uint32Array;
  #cqes8!: Uint8Array;
  #cqes32!: Uint32Array;
  #sqeSize!: number;
  #cqeSize!: number;
  // Native memory for EXT_ARG waits: io_uring_getevents_arg (24 bytes) then __kernel_timespec (16 bytes).
  #arg: { addr: number; buffer: ArrayBuffer } | undefined;
  #argI32: Int32Array | undefined;
  #hasExtArg = false;
  // io_uring_enter's fd and extra flags: the ring fd, or its registered index with ENTER_REGISTERED_RING.
  #enterFd: number;
  #enterFlags = 0;
  #ringIndex = -1;
  // Cached 32-bit views of the caller's buffers for small copies (re-made when the buffer changes).
  #srcBuf: ArrayBufferLike | undefined;
  #src32: Uint32Array | undefined;
  #dstBuf: ArrayBufferLike | undefined;
  #dst32: Uint32Array | undefined;
  // In-place mode: where the rings are in WASM memory (undefined in copy mode).
  readonly #user: UserRings | undefined;

  /** Set up a ring (io_uring_setup) and map it. */
  static setup(opts: SetupOptions = {}): KernelBackend {
    return new KernelBackend(opts);
  }

  /** `user` (internal: InPlaceBackend): the ring memory of an IORING_SETUP_NO_MMAP ring, set up in place. */
  constructor(opts: SetupOptions = {}, user?: UserRings) {
    const flags = opts && typeof opts.flags === 'number' ? opts.flags : 0;
    if (!user && (flags & (SETUP.NO_MMAP | SETUP.REGISTERED_FD_ONLY)))
      throw new RangeError('KernelBackend: IORING_SETUP_NO_MMAP / REGISTERED_FD_ONLY are in-place mode (rings in WASM memory); KernelBackend maps the kernel\'s rings (copy mode)');
    if (user && (!(flags & SETUP.NO_MMAP) || (flags & SETUP.REGISTERED_FD_ONLY)))
      throw new RangeError('KernelBackend: in-place rings need IORING_SETUP_NO_MMAP (and not REGISTERED_FD_ONLY)');
    this.#user = user;
    const { fd, params: p } = ioUringSetup(opts, user && { sqes: user.base + user.sqes, rings: user.base + user.rings });
    this.fd = fd;
    this.#enterFd = fd;
    this.#separateMmap = opts.separateMmap === true;
    try {
      this.#map(p, u32(p, PARAMS.flags), u32(p, PARAMS.features));
      this.#hasExtArg = (this.#params.features & FEAT.EXT_ARG) !== 0;
      if (this.#hasExtArg) {
        this.#arg = alloc(40);
        this.#argI32 = new Int32Array(this.#arg.buffer);
        const dv = new DataView(this.#arg.buffer);
        dv.setUint32(8, 8, true); // sigmask_sz = _NSIG / 8 (sigmask itself stays 0: no mask)
        dv.setBigUint64(16, BigInt(this.#arg.addr + 24), true); // ts → the timespec right after
      }
      if (opts.registerRingFd) this.registerRingFd();
    } catch (e) {
      try {
        this.#release();
      } catch {}
      throw e;
    }
  }

  /** What setup (or the last resize) reported. */
  get params(): RingParams {
    return this.#params;
  }

  /** Where things are in the mapping. */
  get layout(): RingLayout {
    return this.#layout;
  }

  /** Map the rings that `p` (io_uring_params as setup or RESIZE_RINGS filled it in) describes, and make the views. */
  #map(p: DataView, flags: number, features: number): void {
    const fd = this.fd;
    const sqEntries = u32(p, PARAMS.sq_entries), cqEntries = u32(p, PARAMS.cq_entries);
    const sqeSize = flags & SETUP.SQE128 ? 128 : 64;
    const cqeSize = flags & SETUP.CQE32 ? 32 : 16;
    const params: RingParams = { sqEntries, cqEntries, flags, features, sqeSize, cqeSize };
    const sqOff = {} as RingLayout['sqOff'], cqOff = {} as RingLayout['cqOff'];
    for (const [k, at] of Object.entries(SQ_OFF)) sqOff[k as keyof typeof SQ_OFF] = k === 'user_addr' ? Number(p.getBigUint64(PARAMS.sq_off + at, true)) : u32(p, PARAMS.sq_off + at);
    for (const [k, at] of Object.entries(CQ_OFF)) cqOff[k as keyof typeof CQ_OFF] = k === 'user_addr' ? Number(p.getBigUint64(PARAMS.cq_off + at, true)) : u32(p, PARAMS.cq_off + at);
    const sqArray = (flags & SETUP.NO_SQARRAY) === 0;
    if (sqArray && sqOff.array < cqOff.cqes)
      throw new Error(`uring: the kernel reported the SQ index array at ${sqOff.array}, inside the ring header (CQEs at ${cqOff.cqes})`);
    const user = this.#user;
    // In place, the rings are one region whatever the features say.
    const singleMmap = user !== undefined || ((features & FEAT.SINGLE_MMAP) !== 0 && !this.#separateMmap);
    // Without the index array the SQ part is just the ring header, which ends before the CQEs.
    let sqRingSize = sqArray ? sqOff.array + sqEntries * U32 : cqOff.cqes;
    let cqRingSize = cqOff.cqes + cqEntries * cqeSize;
    if (singleMmap) {
      sqRingSize = Math.max(sqRingSize, cqRingSize);
      cqRingSize = 0;
    }
    const sqesSize = sqEntries * sqeSize;
    const layout: RingLayout = { sqOff, cqOff, sqRingSize, cqRingSize, sqesSize, singleMmap, sqArray };
    this.#sqHead = sqOff.head >>> 2;
    this.#sqTail = sqOff.tail >>> 2;
    this.#sqFlags = sqOff.flags >>> 2;
    this.#sqDropped = sqOff.dropped >>> 2;
    this.#cqHeadIdx = cqOff.head >>> 2;
    this.#cqTail = cqOff.tail >>> 2;
    this.#cqOverflow = cqOff.overflow >>> 2;
    this.#cqFlags = cqOff.flags ? cqOff.flags >>> 2 : -1;
    this.#sqeSize = sqeSize;
    this.#cqeSize = cqeSize;
    this.#params = params;
    this.#layout = layout;

    if (user) {
      // The kernel pinned its own idea of the sizes (rings_size, page-aligned) at our addresses: it must be
      // what shim/inplace.ts allocated, or it would be writing into memory the core hands out for other things.
      if (sqRingSize > user.ringsSize || sqesSize > user.sqesSize)
        throw new Error(`uring: in-place ring layout does not fit its memory (rings ${sqRingSize} > ${user.ringsSize} or SQEs ${sqesSize} > ${user.sqesSize} bytes)`);
      this.#userViews(user.memory.buffer);
      this.#cqHeadValue = Atomics.load(this.#cq, this.#cqHeadIdx);
      if (sqArray) {
        const arr = new Uint32Array(user.memory.buffer, user.rings + sqOff.array, sqEntries);
        for (let i = 0; i < sqEntries; i++) arr[i] = i;
      }
      return;
    }

    const rw = PROT_READ | PROT_WRITE, sh = MAP_SHARED | MAP_POPULATE;
    const sqRing = mmap(0, sqRingSize, rw, sh, fd, OFF.SQ_RING);
    this.#maps.push([sqRing, sqRingSize]);
    let cqRing = sqRing;
    if (!singleMmap) {
      cqRing = mmap(0, cqRingSize, rw, sh, fd, OFF.CQ_RING);
      this.#maps.push([cqRing, cqRingSize]);
    }
    const sqes = mmap(0, sqesSize, rw, sh, fd, OFF.SQES);
    this.#maps.push([sqes, sqesSize]);

    const sqView = view(sqRing, sqRingSize);
    const cqView = singleMmap ? sqView : view(cqRing, cqRingSize);
    this.#sq = new Uint32Array(sqView, 0, sqRingSize >>> 2);
    this.#cq = new Uint32Array(cqView, 0, (singleMmap ? sqRingSize : cqRingSize) >>> 2);
    this.#cqHeadValue = Atomics.load(this.#cq, this.#cqHeadIdx);

    const sqesView = view(sqes, sqesSize);
    this.#sqes8 = new Uint8Array(sqesView);
    this.#sqes32 = new Uint32Array(sqesView);
    this.#cqes8 = new Uint8Array(cqView, cqOff.cqes, cqEntries * cqeSize);
    this.#cqes32 = new Uint32Array(cqView, cqOff.cqes, (cqEntries * cqeSize) >>> 2);

    // liburing's way: fill the index array once with the identity; SQE i always sits in slot i.
    if (sqArray) {
      const arr = new Uint32Array(sqView, sqOff.array, sqEntries);
      for (let i = 0; i < sqEntries; i++) arr[i] = i;
    }
  }

  /** In place: views over the WASM memory's current buffer (the rings region holds both rings). */
  #userViews(buf: ArrayBuffer): void {
    const u = this.#user!, l = this.#layout, p = this.#params;
    this.#sq = this.#cq = new Uint32Array(buf, u.rings, l.sqRingSize >>> 2);
    this.#sqes8 = new Uint8Array(buf, u.sqes, l.sqesSize);
    this.#sqes32 = new Uint32Array(buf, u.sqes, l.sqesSize >>> 2);
    this.#cqes8 = new Uint8Array(buf, u.rings + l.cqOff.cqes, p.cqEntries * p.cqeSize);
    this.#cqes32 = new Uint32Array(buf, u.rings + l.cqOff.cqes, (p.cqEntries * p.cqeSize) >>> 2);
  }

  /**
   * In place, WASM memory growth detached the views (a detached view has length 0; mmap views never are).
   * Growth replaces the ArrayBuffer but must not move the memory: the kernel pinned its pages at setup and
   * keeps reading SQEs and writing CQEs there. If the base moved, the ring is useless and dangerous: close it
   * and say so. Otherwise re-make the views over the new buffer.
   */
  #refresh(): void {
    const u = this.#user;
    if (!u) throw closedError();
    const buf = u.memory.buffer;
    const at = u.address(buf);
    if (at !== u.base) {
      try {
        this.close();
      } catch {}
      throw movedError(u.base, at);
    }
    this.#userViews(buf);
  }

  /** The ring memory's native base address is checked again now (in place; a no-op in copy mode unless the
   *  memory grew since the last call). Throws ERR_URING_MEMORY_MOVED (and closes the ring) if it moved. */
  checkMemory(): void {
    if (this.#closed) throw closedError();
    if (this.#sq.length === 0) this.#refresh();
  }

  #unmapRings(): unknown {
    let first: unknown;
    for (const [a, n] of this.#maps.splice(0)) {
      try {
        munmap(a, n);
      } catch (e) {
        first ??= e;
      }
    }
    return first;
  }

  /**
   * IORING_REGISTER_RESIZE_RINGS (Linux 6.13; the kernel allows it only on IORING_SETUP_DEFER_TASKRUN rings):
   * new SQ / CQ sizes; SQEs not yet consumed and CQEs not yet reaped are moved to the new rings by the kernel.
   * The old mappings are dropped and the new rings mapped: `params` and `layout` change, so a Ring over this
   * backend must be re-made (shim/registration.ts resizeRings does that). Throws UringError
   * ('io_uring_register') when the kernel refuses (EOVERFLOW: what is pending does not fit).
   */
  resize(opts: { sqEntries: number; cqEntries?: number; clamp?: boolean }): void {
    if (this.#closed) throw closedError();
    if (this.#user) throw new Error('resize: in-place rings (IORING_SETUP_NO_MMAP) cannot be resized here; set up a new ring');
    if (opts === null || typeof opts !== 'object') throw new TypeError('resize: options must be an object');
    const sqEntries = checkU32('sqEntries', opts.sqEntries, 1);
    const cqEntries = opts.cqEntries === undefined ? 0 : checkU32('cqEntries', opts.cqEntries, 1);
    if (opts.clamp !== undefined && typeof opts.clamp !== 'boolean') throw new TypeError('resize: clamp must be a boolean');
    const flags = (opts.cqEntries !== undefined ? SETUP.CQSIZE : 0) | (opts.clamp ? SETUP.CLAMP : 0);
    const m = alloc(PARAMS.SIZE);
    const copy = new Uint8Array(PARAMS.SIZE);
    try {
      const dv = new DataView(m.buffer, 0, PARAMS.SIZE);
      dv.setUint32(PARAMS.sq_entries, sqEntries, true);
      dv.setUint32(PARAMS.cq_entries, cqEntries, true);
      dv.setUint32(PARAMS.flags, flags, true);
      const r = ioUringRegisterRaw(this.#enterFd, REGISTER.RESIZE_RINGS | (this.#ringIndex >= 0 ? REGISTER.USE_REGISTERED_RING : 0), m.addr, 1);
      if (r < 0) {
        const hint = -r === 22 && !(this.#params.flags & SETUP.DEFER_TASKRUN) ? 'the kernel resizes only rings set up with IORING_SETUP_DEFER_TASKRUN' : -r === 75 ? 'the SQEs or CQEs pending do not fit the new sizes' : undefined;
        throw new UringError(-r, 'io_uring_register', { detail: `IORING_REGISTER_RESIZE_RINGS${hint ? ` (${hint})` : ''}` });
      }
      copy.set(new Uint8Array(m.buffer, 0, PARAMS.SIZE));
    } finally {
      free(m.addr);
    }
    // Linux 6.18 returns sq_off.array = 0 from RESIZE_RINGS (liburing does not notice: it sets up rings with
    // NO_SQARRAY). The array follows the CQEs as in rings_size(): header + cq_entries * 16 bytes, doubled for
    // CQE32, aligned to 64 bytes.
    const cp = new DataView(copy.buffer);
    const flagsNow = this.#params.flags;
    if (!(flagsNow & SETUP.NO_SQARRAY) && u32(cp, PARAMS.sq_off + SQ_OFF.array) === 0) {
      let end = u32(cp, PARAMS.cq_off + CQ_OFF.cqes) + u32(cp, PARAMS.cq_entries) * 16;
      if (flagsNow & SETUP.CQE32) end *= 2;
      cp.setUint32(PARAMS.sq_off + SQ_OFF.array, Math.ceil(end / 64) * 64, true);
    }
    // The kernel has switched to the new rings: drop the old mappings and map the new ones.
    const err = this.#unmapRings();
    try {
      this.#map(cp, flagsNow, this.#params.features);
    } catch (e) {
      this.close();
      throw e;
    }
    if (err) throw err;
  }

  /** The ring fd's registered index (IORING_REGISTER_RING_FDS) io_uring_enter uses, or -1. */
  get registeredRingIndex(): number {
    return this.#ringIndex;
  }

  /** Register the ring fd with itself (IORING_REGISTER_RING_FDS, Linux 5.18); io_uring_enter then passes the
   *  index with IORING_ENTER_REGISTERED_RING. Returns the index (the same one when already registered). */
  registerRingFd(): number {
    if (this.#closed) throw closedError();
    if (this.#ringIndex >= 0) return this.#ringIndex;
    const size = layoutStruct('rsrc_update').size;
    const m = alloc(size);
    try {
      const dv = new DataView(m.buffer, 0, size);
      dv.setUint32(layoutOff('rsrc_update', 'offset'), 0xffffffff, true); // -1: the kernel picks a free index
      dv.setBigUint64(layoutOff('rsrc_update', 'data'), BigInt(this.fd), true);
      const r = ioUringRegisterRaw(this.fd, REGISTER.RING_FDS, m.addr, 1);
      if (r < 0) throw new UringError(-r, 'io_uring_register', { detail: 'IORING_REGISTER_RING_FDS' });
      if (r !== 1) throw new Error(`uring: IORING_REGISTER_RING_FDS registered ${r} of 1 fds`);
      this.#ringIndex = dv.getUint32(layoutOff('rsrc_update', 'offset'), true);
    } finally {
      free(m.addr);
    }
    this.#enterFd = this.#ringIndex;
    this.#enterFlags = ENTER.REGISTERED_RING;
    return this.#ringIndex;
  }

  /** Undo registerRingFd (IORING_UNREGISTER_RING_FDS); io_uring_enter uses the plain fd again. */
  unregisterRingFd(): void {
    if (this.#closed) throw closedError();
    if (this.#ringIndex < 0) return;
    const size = layoutStruct('rsrc_update').size;
    const m = alloc(size);
    try {
      const dv = new DataView(m.buffer, 0, size);
      dv.setUint32(layoutOff('rsrc_update', 'offset'), this.#ringIndex, true);
      const r = ioUringRegisterRaw(this.fd, REGISTER.UNREGISTER_RING_FDS, m.addr, 1);
      if (r < 0) throw new UringError(-r, 'io_uring_register', { detail: 'IORING_UNREGISTER_RING_FDS' });
    } finally {
      free(m.addr);
    }
    this.#ringIndex = -1;
    this.#enterFd = this.fd;
    this.#enterFlags = 0;
  }

  /** Opcodes this kernel lacks, from IORING_REGISTER_PROBE (asked once per process: the kernel is the same
   *  for every ring). If the probe itself fails (pre-5.6), nothing is marked and the CQEs will tell. */
  unsupportedOps(): Uint8Array {
    if (this.#closed) throw closedError();
    unsupportedCache ??= probeUnsupported(this.fd);
    return unsupportedCache;
  }

  get closed(): boolean {
    return this.#closed;
  }

  sqHead(): number {
    if (this.#closed) throw closedError();
    if (this.#sq.length === 0) this.#refresh();
    return Atomics.load(this.#sq, this.#sqHead);
  }

  setSqTail(tail: number): void {
    if (this.#closed) throw closedError();
    if (this.#sq.length === 0) this.#refresh();
    Atomics.store(this.#sq, this.#sqTail, tail);
  }

  sqFlags(fence?: boolean): number {
    if (this.#closed) throw closedError();
    if (this.#sq.length === 0) this.#refresh();
    // Full fence: an atomic RMW (lock xadd on x86) of +0 on our own SQ tail, which only we write and the kernel
    // only reads; the tail store before it is then visible before the flags load after it (StoreLoad).
    if (fence) Atomics.add(this.#sq, this.#sqTail, 0);
    return Atomics.load(this.#sq, this.#sqFlags);
  }

  sqDropped(): number {
    if (this.#closed) throw closedError();
    if (this.#sq.length === 0) this.#refresh();
    return Atomics.load(this.#sq, this.#sqDropped);
  }

  writeSqes(src: Uint8Array, srcOffset: number, slot: number, count: number): void {
    if (this.#closed) throw closedError();
    if (this.#sq.length === 0) this.#refresh();
    const size = this.#sqeSize;
    const n = count * size;
    const dst = slot * size;
    if (slot < 0 || count < 0 || dst + n > this.#sqes8.length || srcOffset < 0 || srcOffset + n > src.length)
      throw new RangeError(`writeSqes: ${count} SQEs from byte ${srcOffset} into slot ${slot} do not fit (ring of ${this.params.sqEntries}, source ${src.length} bytes)`);
    const at = src.byteOffset + srcOffset;
    // A few SQEs: word copy through a cached view (no allocation). More: one bulk set (one subarray object).
    if (n <= 128 && (at & 3) === 0) {
      if (src.buffer !== this.#srcBuf) {
        this.#srcBuf = src.buffer;
        this.#src32 = new Uint32Array(src.buffer, 0, src.buffer.byteLength >>> 2);
      }
      const s = this.#src32!, d = this.#sqes32;
      const si = at >>> 2, di = dst >>> 2, words = n >>> 2;
      for (let i = 0; i < words; i++) d[di + i] = s[si + i]!;
    } else {
      this.#sqes8.set(src.subarray(srcOffset, srcOffset + n), dst);
    }
  }

  cqTail(): number {
    if (this.#closed) throw closedError();
    if (this.#sq.length === 0) this.#refresh();
    return Atomics.load(this.#cq, this.#cqTail);
  }

  cqHead(): number {
    if (this.#closed) throw closedError();
    return this.#cqHeadValue;
  }

  setCqHead(head: number): void {
    if (this.#closed) throw closedError();
    if (this.#sq.length === 0) this.#refresh();
    this.#cqHeadValue = head >>> 0;
    Atomics.store(this.#cq, this.#cqHeadIdx, head);
  }

  readCqes(dst: Uint8Array, dstOffset: number, slot: number, count: number): void {
    if (this.#closed) throw closedError();
    if (this.#sq.length === 0) this.#refresh();
    const size = this.#cqeSize;
    const n = count * size;
    const src = slot * size;
    if (slot < 0 || count < 0 || src + n > this.#cqes8.length || dstOffset < 0 || dstOffset + n > dst.length)
      throw new RangeError(`readCqes: ${count} CQEs from slot ${slot} into byte ${dstOffset} do not fit (CQ of ${this.params.cqEntries}, destination ${dst.length} bytes)`);
    const at = dst.byteOffset + dstOffset;
    if (n <= 128 && (at & 3) === 0) {
      if (dst.buffer !== this.#dstBuf) {
        this.#dstBuf = dst.buffer;
        this.#dst32 = new Uint32Array(dst.buffer, 0, dst.buffer.byteLength >>> 2);
      }
      const s = this.#cqes32, d = this.#dst32!;
      const si = src >>> 2, di = at >>> 2, words = n >>> 2;
      for (let i = 0; i < words; i++) d[di + i] = s[si + i]!;
    } else {
      dst.set(this.#cqes8.subarray(src, src + n), dstOffset);
    }
  }

  cqOverflow(): number {
    if (this.#closed) throw closedError();
    if (this.#sq.length === 0) this.#refresh();
    return Atomics.load(this.#cq, this.#cqOverflow);
  }

  cqFlags(): number {
    if (this.#closed) throw closedError();
    if (this.#sq.length === 0) this.#refresh();
    return this.#cqFlags < 0 ? 0 : Atomics.load(this.#cq, this.#cqFlags);
  }

  setCqFlags(flags: number): void {
    if (this.#closed) throw closedError();
    if (this.#sq.length === 0) this.#refresh();
    if (this.#cqFlags < 0) throw new Error('uring: this kernel has no CQ ring flags (Linux 5.8+)');
    Atomics.store(this.#cq, this.#cqFlags, flags);
  }

  enter(toSubmit: number, minComplete: number, flags: number, timeout?: Timespec | null): number {
    if (this.#closed) throw closedError();
    if (this.#sq.length === 0) this.#refresh();
    let r: number;
    if (timeout) {
      if (!this.#hasExtArg)
        throw new Error('uring: a timed wait needs IORING_FEAT_EXT_ARG (Linux 5.11); on this kernel wait with a TIMEOUT SQE instead');
      const sec = timeout.sec, nsec = timeout.nsec;
      if (!(sec >= 0 && nsec >= 0 && nsec < 1e9 && Number.isInteger(sec) && Number.isInteger(nsec) && sec <= Number.MAX_SAFE_INTEGER))
        throw new RangeError(`enter: timeout must be { sec >= 0, 0 <= nsec < 1e9 } integers, got { sec: ${sec}, nsec: ${nsec} }`);
      const t = this.#argI32!;
      t[6] = sec | 0; // tv_sec low word (u32 bits)
      t[7] = (sec / 4294967296) | 0; // tv_sec high word
      t[8] = nsec;
      t[9] = 0;
      r = ioUringEnterRaw(this.#enterFd, toSubmit, minComplete, flags | this.#enterFlags | ENTER.EXT_ARG, this.#arg!.addr, 24);
    } else {
      r = ioUringEnterRaw(this.#enterFd, toSubmit, minComplete, flags | this.#enterFlags, 0, 0);
    }
    if (r < 0) throw enterError(-r, this.params.flags);
    return r;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#release();
  }

  #release(): void {
    this.#closed = true;
    let first: unknown = this.#unmapRings();
    if (this.#arg) {
      free(this.#arg.addr);
      this.#arg = undefined;
      this.#argI32 = undefined;
    }
    try {
      if (this.fd >= 0) closeFd(this.fd);
    } catch (e) {
      first ??= e;
    }
    if (first) throw first;
  }
}

/** io_uring_enter's error; EEXIST on a SINGLE_ISSUER ring means another thread than the ring's submitter entered
 *  it (the ring fd was handed to another thread), which the bare errno does not say. */
export function enterError(errno: number, flags: number): UringError {
  if (errno === 17 && flags & SETUP.SINGLE_ISSUER)
    return new UringError(errno, 'io_uring_enter', { detail: 'this ring is IORING_SETUP_SINGLE_ISSUER (the IoUring default) and only the thread that created it may submit to it; create one ring per thread' });
  return new UringError(errno, 'io_uring_enter');
}
