// Node only: which completion engine an IoUring gets. The uvpoll engine where this thread can poll an fd on its
// own event loop (the process exports libuv and the embedder API, and the handle layout checks out), else the
// threadpool engine; `engine` in the options or URING_ENGINE=threadpool forces one.
import { uvPollAvailability } from '../sys/uv.ts';
import type { KernelBackend } from '../kernel/backend.ts';
import type { Engine, EngineHost } from './engine.ts';
import { ThreadpoolEngine } from './engine-threadpool.ts';
import { UvPollEngine } from './engine-uvpoll.ts';
import type { EngineName, IoUringOptions } from './types.ts';

/** An engine class: its setup rules and constructor. */
export interface EngineClass {
  checkSetup(opts: IoUringOptions): void;
  setup(opts: IoUringOptions, setup: (o: IoUringOptions) => KernelBackend): KernelBackend;
  new (host: EngineHost, backend: KernelBackend): Engine;
}

/** The engine `IoUring.create` would use here, and why not the default when it is not. */
export function engineChoice(want?: unknown): { name: EngineName; reason?: string } {
  if (want !== undefined && want !== 'uvpoll' && want !== 'threadpool')
    throw new TypeError(
      `IoUring.create: options.engine must be 'uvpoll' or 'threadpool', got ${typeof want === 'string' ? JSON.stringify(want) : String(want)}`,
    );
  if (want === 'threadpool') return { name: 'threadpool', reason: 'asked for (options.engine)' };
  if (process.env.URING_ENGINE === 'threadpool' && want === undefined)
    return { name: 'threadpool', reason: 'asked for (URING_ENGINE=threadpool)' };
  const a = uvPollAvailability();
  if (a.ok) return { name: 'uvpoll' };
  if (want === 'uvpoll') throw new Error(`IoUring.create: the uvpoll engine is unavailable here: ${a.reason}`);
  return { name: 'threadpool', reason: a.reason };
}

export function chooseEngine(want?: unknown): EngineClass {
  return engineChoice(want).name === 'uvpoll' ? UvPollEngine : ThreadpoolEngine;
}
