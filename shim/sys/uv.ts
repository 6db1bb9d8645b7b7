// Node only: a libuv `uv_poll_t` on an fd in the calling thread's own event loop, through koffi on the libuv and
// the embedder API that the node binary exports (no native addon). The IoUring engine polls its ring fd with it:
// the fd is readable when CQEs (or, on a DEFER_TASKRUN ring, deferred completions) are ready, so completions
// are reaped on the JS thread in the loop's poll phase, with no threadpool thread.
//
// Two things make such a handle safe for the whole life of a thread, found by experiment on Node 20:
// - A handle still open when a worker's loop closes aborts the process (`uv_loop_close() while having open
//   handles`), and `worker.terminate()` runs no JS that could close it. libuv skips handles flagged
//   UV_HANDLE_INTERNAL in that check, so the handle carries that flag; the self-test below proves, on a private
//   loop, that the flag sits where we write it and has that effect before any real handle relies on it.
// - After a worker's isolate is gone, a poll callback into JS would crash; a C cleanup hook on the thread's
//   Environment (`node::AddEnvironmentCleanupHook` with libuv's own `uv_poll_stop` as the function) stops the
//   watcher during teardown, before the isolate is disposed. A normal close removes the hook.
import koffi from 'koffi';
import { close as closeFd, pipe } from './libc.ts';

/** uv_handle_type UV_POLL (uv.h). */
const UV_POLL = 8;
const UV_READABLE = 1;
/** uv-common.h: UV_HANDLE_REF is set by every *_init, UV_HANDLE_INTERNAL exempts a handle from uv_loop_close's check. */
const UV_HANDLE_REF = 0x8,
  UV_HANDLE_INTERNAL = 0x10;
/** uv_handle_t on 64-bit unix: data, loop, type, close_cb, handle_queue[2], u (32 bytes), next_closing, flags. */
const FLAGS_OFFSET = 88;
const EBUSY = -16;

type Ptr = number;

interface Uv {
  handleSize: (type: number) => number;
  loopSize: () => number;
  loopInit: (loop: Ptr) => number;
  loopClose: (loop: Ptr) => number;
  pollInit: (loop: Ptr, handle: Ptr, fd: number) => number;
  pollStart: (handle: Ptr, events: number, cb: Ptr) => number;
  pollStop: (handle: Ptr) => number;
  close: (handle: Ptr, cb: Ptr) => void;
  ref: (handle: Ptr) => void;
  unref: (handle: Ptr) => void;
  isolate: () => Ptr;
  currentLoop: (isolate: Ptr) => Ptr;
  addHook: (isolate: Ptr, fn: Ptr, arg: Ptr) => void;
  removeHook: (isolate: Ptr, fn: Ptr, arg: Ptr) => void;
  malloc: (n: number) => Ptr;
  free: (p: Ptr) => void;
  /** Addresses of uv_poll_stop and close(2), used as Environment cleanup hooks (functions of one argument). */
  pollStopFn: Ptr;
  closeFn: Ptr;
}

/** Where the symbols or the layout are not as expected (another runtime, a stripped binary), why. */
export type UvPollAvailability = { ok: true } | { ok: false; reason: string };

let uv: Uv | null = null;
let availability: UvPollAvailability | null = null;

const SYMBOLS = {
  handleSize: ['uv_handle_size', 'size_t (int)'],
  loopSize: ['uv_loop_size', 'size_t ()'],
  loopInit: ['uv_loop_init', 'int (uintptr_t)'],
  loopClose: ['uv_loop_close', 'int (uintptr_t)'],
  pollInit: ['uv_poll_init', 'int (uintptr_t, uintptr_t, int)'],
  pollStart: ['uv_poll_start', 'int (uintptr_t, int, uintptr_t)'],
  pollStop: ['uv_poll_stop', 'int (uintptr_t)'],
  close: ['uv_close', 'void (uintptr_t, uintptr_t)'],
  ref: ['uv_ref', 'void (uintptr_t)'],
  unref: ['uv_unref', 'void (uintptr_t)'],
  isolate: ['_ZN2v87Isolate10GetCurrentEv', 'uintptr_t ()'],
  currentLoop: ['_ZN4node19GetCurrentEventLoopEPN2v87IsolateE', 'uintptr_t (uintptr_t)'],
  addHook: ['_ZN4node25AddEnvironmentCleanupHookEPN2v87IsolateEPFvPvES3_', 'void (uintptr_t, uintptr_t, uintptr_t)'],
  removeHook: [
    '_ZN4node28RemoveEnvironmentCleanupHookEPN2v87IsolateEPFvPvES3_',
    'void (uintptr_t, uintptr_t, uintptr_t)',
  ],
} as const;

function bind(): Uv {
  const libc = koffi.load('libc.so.6');
  const dlopen = libc.func('dlopen', 'uintptr_t', ['str', 'int']) as (f: string | null, flags: number) => Ptr;
  const dlsym = libc.func('dlsym', 'uintptr_t', ['uintptr_t', 'str']) as (h: Ptr, name: string) => Ptr;
  const self = dlopen(null, 2 /* RTLD_NOW */);
  if (!self) throw new Error('dlopen(NULL) failed');
  const out: Record<string, unknown> = {};
  for (const [key, [name, proto]] of Object.entries(SYMBOLS)) {
    const p = dlsym(self, name);
    if (!p) throw new Error(`the process exports no ${name}`);
    out[key] = koffi.decode(p, koffi.proto(proto));
    if (key === 'pollStop') out.pollStopFn = p;
  }
  out.closeFn = dlsym(self, 'close');
  if (!out.closeFn) throw new Error('the process exports no close');
  out.malloc = libc.func('malloc', 'uintptr_t', ['size_t']);
  out.free = libc.func('free', 'void', ['uintptr_t']);
  return out as unknown as Uv;
}

function flagsView(handle: Ptr): Uint32Array {
  return new Uint32Array(koffi.view(handle, FLAGS_OFFSET + 4) as ArrayBuffer, FLAGS_OFFSET, 1);
}

/** On a private loop: init a poll handle, check where its flags are, and that UV_HANDLE_INTERNAL lets the loop
 *  close with it still open. Returns why not, or null. */
function selfTest(u: Uv): string | null {
  const loop = u.malloc(u.loopSize()),
    h = u.malloc(u.handleSize(UV_POLL));
  let fds: [number, number] | null = null;
  let freeable = true; // false while the loop may still reference the handle
  try {
    if (u.loopInit(loop) !== 0) return 'uv_loop_init failed';
    freeable = false;
    fds = pipe();
    if (u.pollInit(loop, h, fds[0]) !== 0) return 'uv_poll_init failed';
    const flags = flagsView(h);
    if (flags[0] !== UV_HANDLE_REF) return `libuv's handle layout is not the expected one (flags word ${flags[0]})`;
    if (u.loopClose(loop) !== EBUSY) return 'uv_loop_close did not see the open handle';
    flags[0]! |= UV_HANDLE_INTERNAL;
    if (u.loopClose(loop) !== 0) return 'UV_HANDLE_INTERNAL did not exempt the handle from uv_loop_close';
    freeable = true;
    return null;
  } finally {
    // On a failure after init the loop may still hold the handle: leak both rather than free live memory.
    if (freeable) {
      u.free(h);
      u.free(loop);
    }
    if (fds) {
      closeFd(fds[0]);
      closeFd(fds[1]);
    }
  }
}

/** Can this thread poll fds on its own loop? Checked once per thread (module instances are per thread). */
export function uvPollAvailability(): UvPollAvailability {
  if (availability) return availability;
  let u: Uv;
  try {
    u = bind();
  } catch (e) {
    availability = { ok: false, reason: (e as Error).message };
    return availability;
  }
  let why: string | null;
  try {
    why = selfTest(u);
  } catch (e) {
    why = (e as Error).message;
  }
  availability = why === null ? { ok: true } : { ok: false, reason: why };
  if (why === null) uv = u;
  return availability;
}

// One registered koffi callback per thread for every poll handle (koffi has a fixed number of slots), and one
// for close callbacks; each dispatches by handle address. The map holds each FdPoll weakly, so an unref'd poll
// (nothing in flight) keeps nothing alive: its owner can be collected, and its FinalizationRegistry then closes
// the handle through releaser(). A ref'd poll is held strongly (`refd`), as libuv holds the loop open for it.
const polls = new Map<Ptr, WeakRef<FdPoll>>();
const refd = new Set<FdPoll>();
let pollCb: Ptr = 0,
  closeCb: Ptr = 0;
let isolate: Ptr = 0,
  loop: Ptr = 0;

function callbacks(u: Uv): void {
  if (pollCb) return;
  pollCb = Number(
    koffi.register(
      (h: Ptr, status: number) => {
        const p = polls.get(h)?.deref();
        if (p) p._ready(status);
        else u.pollStop(h); // its FdPoll was collected: stop watching until the owner's finalizer closes it
      },
      koffi.pointer(koffi.proto('void (uintptr_t, int, int)')),
    ),
  );
  closeCb = Number(koffi.register((h: Ptr) => u.free(h), koffi.pointer(koffi.proto('void (uintptr_t)'))));
  isolate = u.isolate();
  loop = u.currentLoop(isolate);
}

/**
 * A readable-interest poll of `fd` on this thread's event loop. It starts unref'd (an idle poll does not keep the
 * process alive); `ref()` while work is outstanding. `onReady(status)` runs on the JS thread (status < 0: a libuv
 * error). `close()` stops it; its memory is freed in the close callback.
 */
export class FdPoll {
  readonly #h: Ptr;
  #refd = false;
  /** Shared with releaser(): whichever runs first closes the handle. */
  readonly #state = { closed: false };

  constructor(
    readonly fd: number,
    readonly onReady: (status: number) => void,
  ) {
    const a = uvPollAvailability();
    if (!a.ok) throw new Error(`uv_poll is unavailable: ${a.reason}`);
    const u = uv!;
    callbacks(u);
    const h = u.malloc(u.handleSize(UV_POLL));
    if (!h) throw new Error('uv_poll: out of memory');
    let r = u.pollInit(loop, h, fd);
    if (r !== 0) {
      u.free(h);
      throw new Error(`uv_poll_init(${fd}) failed: ${r}`);
    }
    flagsView(h)[0]! |= UV_HANDLE_INTERNAL;
    u.unref(h);
    r = u.pollStart(h, UV_READABLE, pollCb);
    if (r !== 0) {
      u.close(h, closeCb);
      throw new Error(`uv_poll_start(${fd}) failed: ${r}`);
    }
    u.addHook(isolate, u.pollStopFn, h);
    this.#h = h;
    polls.set(h, new WeakRef(this));
  }

  /** Keep the loop alive (ops in flight); held strongly meanwhile. */
  ref(): void {
    if (this.#refd || this.#state.closed) return;
    this.#refd = true;
    refd.add(this);
    uv!.ref(this.#h);
  }

  /** Let the process exit if nothing else keeps it (nothing in flight); held weakly again. */
  unref(): void {
    if (!this.#refd || this.#state.closed) return;
    this.#refd = false;
    refd.delete(this);
    uv!.unref(this.#h);
  }

  /** A function that closes the handle, for a FinalizationRegistry of the poll's owner: it refers to the
   *  handle only, not to this object. A no-op once close() ran. */
  releaser(): () => void {
    return handleReleaser(this.#h, this.#state);
  }

  get refed(): boolean {
    return this.#refd;
  }

  /** @internal The loop saw the fd readable (or an error). */
  _ready(status: number): void {
    if (!this.#state.closed) this.onReady(status);
  }

  /** Stop polling and close the handle (freed once libuv calls back). Idempotent. */
  close(): void {
    refd.delete(this);
    closeHandle(this.#h, this.#state);
  }
}

function closeHandle(h: Ptr, state: { closed: boolean }): void {
  if (state.closed) return;
  state.closed = true;
  const u = uv!;
  polls.delete(h);
  u.removeHook(isolate, u.pollStopFn, h);
  u.pollStop(h);
  u.close(h, closeCb);
}

function handleReleaser(h: Ptr, state: { closed: boolean }): () => void {
  return () => closeHandle(h, state);
}

/**
 * Close `fd` when this thread's Node environment is torn down without JS running (`worker.terminate()`), so a
 * terminated worker leaks no fd. Returns the function that cancels it: call that before closing `fd` yourself,
 * or the hook would close whatever reuses the number. Requires uvPollAvailability().ok.
 */
export function closeAtTeardown(fd: number): () => void {
  const u = uv!;
  callbacks(u);
  u.addHook(isolate, u.closeFn, fd);
  let armed = true;
  return () => {
    if (!armed) return;
    armed = false;
    u.removeHook(isolate, u.closeFn, fd);
  };
}
