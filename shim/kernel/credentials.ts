// Node only: no op may run with credentials the process has dropped (the class of Node's CVE-2024-22017).
//
// What the kernel does (io_uring/sqpoll.c, io_uring.c; checked on Linux 6.18 by test/kernel/credentials.test.ts):
// - An IORING_SETUP_SQPOLL ring records its creator's credentials at setup (ctx->sq_creds) and its SQ thread
//   issues every SQE with them, forever: after process.setuid(65534) an openat of /etc/shadow still succeeds.
// - Any other ring issues an SQE with the credentials of the task calling io_uring_enter at that moment; work
//   punted to io-wq carries the submitter's credentials taken at submit (io_prep_async_work: req->creds), so
//   io-wq workers started before the drop do not lend it their old ones. Such rings need no guard.
// - A registered personality (IORING_REGISTER_PERSONALITY) is the deliberate way to act with other credentials.
//
// So: process.setuid / setgid / seteuid / setegid / setgroups / initgroups are wrapped once (main thread) to bump
// a credential generation; a backend records it at setup and compares two integers before handing SQEs to the
// kernel. On a mismatch (rare) an SQPOLL ring compares its creator's credentials (read from
// /proc/thread-self/status at setup) with the current ones: the same (a no-op change, or changed and back) lets
// it go on, different refuses. The generation lives in a SharedArrayBuffer handed to worker threads through
// worker_threads environment data (those functions throw in workers; the main thread's change is process-wide).
// Limits: a worker started before the main thread loaded uring has its own generation and misses the main
// thread's changes; changes by other means (a native addon, a raw syscall, capset) are not seen unless the
// program calls credentialsChanged().
import { readFileSync } from 'node:fs';
import { getEnvironmentData, isMainThread, setEnvironmentData } from 'node:worker_threads';

const KEY = 'uring:credential-generation';
const SHARED = Symbol.for('uring.credentialGeneration');
const WRAPPED = Symbol.for('uring.credentialWrapper');
const CHANGERS = ['setuid', 'setgid', 'seteuid', 'setegid', 'setgroups', 'initgroups'] as const;

/** The process's credential generation (word 0), shared by every copy of this module and every worker
 *  started after it was loaded. Bumped before and after each change (a thread racing the change refuses early
 *  rather than late). */
export const credentialGeneration: Int32Array = shared();

function shared(): Int32Array {
  const g = globalThis as { [SHARED]?: Int32Array };
  const have = g[SHARED];
  if (have) return have;
  let buf = getEnvironmentData(KEY);
  if (!(buf instanceof SharedArrayBuffer)) {
    buf = new SharedArrayBuffer(4);
    setEnvironmentData(KEY, buf); // workers (and their workers) started from here on share it
  }
  const gen = new Int32Array(buf as SharedArrayBuffer);
  g[SHARED] = gen;
  if (isMainThread) wrapProcess(gen);
  return gen;
}

function wrapProcess(gen: Int32Array): void {
  const p = process as unknown as Record<string, unknown>;
  for (const name of CHANGERS) {
    const orig = p[name];
    if (typeof orig !== 'function' || (orig as { [WRAPPED]?: boolean })[WRAPPED]) continue;
    const fn = {
      // The same name and arity as Node's; the change itself is Node's.
      [name](this: unknown, ...args: unknown[]): unknown {
        Atomics.add(gen, 0, 1);
        try {
          return Reflect.apply(orig, this, args);
        } finally {
          Atomics.add(gen, 0, 1);
        }
      },
    }[name]!;
    Object.defineProperty(fn, 'length', { value: orig.length });
    Object.defineProperty(fn, WRAPPED, { value: true });
    p[name] = fn;
  }
}

/**
 * Tell uring that the process's credentials changed by means it cannot see (a native addon, a raw setresuid
 * syscall, capset): SQPOLL rings set up before then compare their creator's credentials with the current ones
 * before their next submit. process.setuid, setgid, seteuid, setegid, setgroups and initgroups need no call.
 */
export function credentialsChanged(): void {
  Atomics.add(credentialGeneration, 0, 1);
}

/** The calling thread's credentials as the kernel shows them (ids, groups, effective capabilities): what an
 *  SQPOLL ring set up now would keep. Read at setup and on a generation change, never per submit. */
export function credentialPrint(): string {
  let text: string;
  try {
    text = readFileSync('/proc/thread-self/status', 'latin1');
  } catch {
    return ''; // no /proc: unknown, and an unknown print never vouches for a ring (see sameCredentials)
  }
  return text
    .split('\n')
    .filter((l) => /^(Uid|Gid|Groups|CapEff):/.test(l))
    .join('\n');
}

/** The calling thread's credentials are still `then` (a print taken at setup). Unknown (no /proc) is not. */
export function sameCredentials(then: string): boolean {
  return then !== '' && credentialPrint() === then;
}

/** ERR_URING_CREDENTIALS_CHANGED: an SQPOLL ring would run `what` with credentials the process gave up. */
export function credentialsError(what: string, then: string, now: string): Error {
  const e = new Error(
    `${what}: refused: this IORING_SETUP_SQPOLL ring was set up before the process changed its credentials ` +
      `(process.setuid, setgid, seteuid, setegid, setgroups or initgroups), and its kernel SQ thread would run ` +
      `every op with the credentials it had then (${oneLine(then)}; now ${oneLine(now)}). Close it and set up ` +
      'the ring after dropping privileges; to act as another user on purpose, register a personality ' +
      '(registerPersonality) on a ring without SQPOLL and name it in the op',
  ) as Error & { code: string };
  e.code = 'ERR_URING_CREDENTIALS_CHANGED';
  return e;
}

function oneLine(print: string): string {
  if (!print) return 'unknown: no /proc/thread-self/status';
  return print
    .split('\n')
    .map((l) => l.replace(/:?\s+/g, ' ').trim())
    .join(', ');
}
