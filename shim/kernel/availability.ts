// Node only: can this process use io_uring at all, and if io_uring_setup fails, why (the io_uring_disabled
// sysctl, a seccomp filter, a kernel without io_uring, RLIMIT_MEMLOCK) and what to do about it.
import { readFileSync } from 'node:fs';
import { UringError } from '../../ts/errors.ts';
import { PARAMS } from '../sys/abi.ts';
import { close as closeFd, ioUringSetupRaw, kernelVersion } from '../sys/libc.ts';

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

/** This process's RLIMIT_MEMLOCK soft limit as /proc/self/limits shows it ("8388608 bytes", "unlimited"). */
export function memlockLimit(): string {
  const line = readProc('/proc/self/limits')
    ?.split('\n')
    .find((l) => l.startsWith('Max locked memory'));
  const soft = line?.slice('Max locked memory'.length).trim().split(/\s+/)[0];
  return soft === undefined ? 'unknown' : soft === 'unlimited' ? 'unlimited' : `${soft} bytes`;
}

/** What to say when the kernel answers ENOMEM for memory it pins: `what` is what was being pinned. */
export function memlockHint(what: string): string {
  return (
    `${what} is locked memory, counted against RLIMIT_MEMLOCK (now ${memlockLimit()}) unless the process has ` +
    "CAP_IPC_LOCK; raise it ('ulimit -l', LimitMEMLOCK= for a systemd unit, memlock in limits.conf) or use less"
  );
}

/** Why io_uring_setup failed with `errno` (positive), and what to do about it. */
export function explainSetupFailure(errno: number): string {
  const disabled = readProc('/proc/sys/kernel/io_uring_disabled');
  const group = readProc('/proc/sys/kernel/io_uring_group');
  const seccompLine = readProc('/proc/self/status')
    ?.split('\n')
    .find((l) => l.startsWith('Seccomp:'));
  const seccomp = seccompLine ? Number(seccompLine.split(/\s+/)[1]) : undefined;
  let release = '?';
  try {
    release = kernelVersion();
  } catch {}
  const parts: string[] = [];
  if (errno === 1 /* EPERM */) {
    if (disabled === '2') {
      parts.push(
        'io_uring is disabled for everyone: sysctl kernel.io_uring_disabled = 2 (/proc/sys/kernel/io_uring_disabled)',
        "enable it as root with 'sysctl -w kernel.io_uring_disabled=0' (or =1 to allow only members of kernel.io_uring_group)",
      );
    } else if (disabled === '1') {
      parts.push(
        `io_uring is limited to privileged processes: sysctl kernel.io_uring_disabled = 1, and this process is neither CAP_SYS_ADMIN nor in group ${group ?? '?'} (kernel.io_uring_group)`,
        "allow everyone as root with 'sysctl -w kernel.io_uring_disabled=0', or add this user to that group and set 'sysctl -w kernel.io_uring_group=<gid>'",
      );
    } else if (seccomp === 2) {
      parts.push(
        'a seccomp filter refuses io_uring_setup (Seccomp: 2 in /proc/self/status; container runtimes such as Docker block io_uring by default)',
        'allow io_uring_setup, io_uring_enter and io_uring_register in the seccomp profile (for example docker run --security-opt seccomp=<profile>)',
      );
    } else {
      parts.push(
        `io_uring_setup was refused (kernel.io_uring_disabled = ${disabled ?? 'absent'}, seccomp mode ${seccomp ?? '?'}); an LSM such as SELinux or AppArmor may deny it`,
      );
    }
  } else if (errno === 38 /* ENOSYS */) {
    if (seccomp === 2) {
      parts.push(
        'io_uring_setup returned ENOSYS under a seccomp filter (Seccomp: 2): the sandbox hides io_uring',
        'allow io_uring_setup, io_uring_enter and io_uring_register in the seccomp profile',
      );
    } else {
      parts.push(
        `this kernel (${release}) has no io_uring: it needs Linux 5.1 or later built with CONFIG_IO_URING=y`,
        'upgrade the kernel or enable CONFIG_IO_URING',
      );
    }
  } else if (errno === 12 /* ENOMEM */) {
    parts.push(`the kernel could not allocate the rings (ENOMEM): ${memlockHint("the rings' memory")} (fewer entries)`);
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
