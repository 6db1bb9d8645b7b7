// Runs a fixture script (test/kernel/fixtures/*.ts) in its own `node --import tsx` process, bounded: the
// exit, fairness and worker tests are about a process hanging or aborting, so the runner must never wait on
// one. The child speaks one JSON object per stdout line ({ ev: ... }); `mark: true` on an event (or the
// parent calling mark(), e.g. when it sends SIGTERM) starts the exit clock, and the child is SIGKILLed when
// it has not exited `exitBoundMs` after the mark (or `startBoundMs` after its start when nothing marked).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import * as assert from 'uvu/assert';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const fixture = (name: string): string => join(root, 'test/kernel/fixtures', name);

export type ChildEvent = { ev: string; mark?: boolean; [k: string]: unknown };

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Why the parent killed it (a bound overran), or null when it exited by itself. */
  killed: string | null;
  stdout: string;
  stderr: string;
  events: ChildEvent[];
  /** ms from the mark to the exit (NaN when never marked). */
  exitMs: number;
  /** The engine the child's ring read back (`ring.engine`), from the first event that carried one. */
  engine: string | undefined;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Node options before `--import tsx` (e.g. --expose-gc). */
  execArgv?: string[];
  /** Bound from spawn to the mark (tsx start-up on a loaded 2-core machine included). */
  startBoundMs?: number;
  /** Bound from the mark to the exit. */
  exitBoundMs?: number;
  /** Called for every event; may write to the child or signal it (call mark() first to time the exit). */
  onEvent?: (e: ChildEvent, child: ChildProcess, mark: () => void) => void;
}

/** Spawn `node --import tsx <fixture> ...args` and resolve when it has exited (by itself or killed). */
export function runFixture(script: string, args: string[] = [], o: RunOptions = {}): Promise<ChildRun> {
  const startBound = o.startBoundMs ?? 30_000;
  const exitBound = o.exitBoundMs ?? 6_000;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...(o.execArgv ?? []), '--import', 'tsx', fixture(script), ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...o.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const run: ChildRun = {
      code: null,
      signal: null,
      killed: null,
      stdout: '',
      stderr: '',
      events: [],
      exitMs: NaN,
      engine: undefined,
    };
    let markedAt = NaN;
    let timer = setTimeout(() => kill(`no mark within ${startBound} ms of the start`), startBound);
    function kill(why: string): void {
      if (run.killed !== null || child.exitCode !== null || child.signalCode !== null) return;
      run.killed = why;
      child.kill('SIGKILL');
    }
    const mark = (): void => {
      if (!Number.isNaN(markedAt)) return;
      markedAt = performance.now();
      clearTimeout(timer);
      timer = setTimeout(() => kill(`did not exit within ${exitBound} ms of the mark`), exitBound);
    };
    let partial = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      run.stdout += chunk;
      partial += chunk;
      for (let nl = partial.indexOf('\n'); nl >= 0; nl = partial.indexOf('\n')) {
        const line = partial.slice(0, nl).trim();
        partial = partial.slice(nl + 1);
        if (!line.startsWith('{')) continue;
        let e: ChildEvent;
        try {
          e = JSON.parse(line) as ChildEvent;
        } catch {
          continue;
        }
        run.events.push(e);
        if (run.engine === undefined && typeof e.engine === 'string') run.engine = e.engine;
        if (e.mark) mark();
        try {
          o.onEvent?.(e, child, mark);
        } catch (err) {
          run.stderr += `\n[parent] onEvent threw: ${String(err)}`;
          kill('onEvent threw');
        }
      }
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => (run.stderr += chunk));
    child.stdin!.on('error', () => {}); // the child may be gone when the parent writes
    child.on('exit', (code, signal) => {
      const t = performance.now();
      clearTimeout(timer);
      run.code = code;
      run.signal = signal;
      run.exitMs = t - markedAt;
    });
    // 'close': the exit happened and stdout/stderr are drained.
    child.on('close', () => {
      clearTimeout(timer);
      child.stdin!.destroy();
      resolve(run);
    });
  });
}

export function event(run: ChildRun, ev: string): ChildEvent | undefined {
  return run.events.find((e) => e.ev === ev);
}

function tail(s: string, n = 1500): string {
  return s.length > n ? `...${s.slice(-n)}` : s;
}

/** Everything worth printing when a child assertion fails. */
export function describe(run: ChildRun): string {
  const evs = run.events.map((e) =>
    e.id !== undefined ? `${e.ev}(${String(e.id)}${e.code !== undefined ? `:${String(e.code)}` : ''})` : e.ev,
  );
  const failed = run.events.find((e) => e.ev === 'failed');
  return (
    `engine=${run.engine ?? '(ring.engine not set)'} code=${run.code} signal=${run.signal} killed=${run.killed ?? 'no'} exitMs=${run.exitMs.toFixed(0)}` +
    (failed ? `\n  the child failed: ${String(failed.message).split('\n')[0]}` : '') +
    `\n  events: ${evs.join(', ') || '(none)'}\n  stderr: ${tail(run.stderr) || '(empty)'}`
  );
}

/** A native abort or crash in the child (libuv's `uv_loop_close() while having open handles`, a segfault). */
export function assertNoCrash(run: ChildRun): void {
  assert.not.ok(
    run.signal === 'SIGABRT' || run.signal === 'SIGSEGV' || run.signal === 'SIGBUS',
    `the child crashed: ${describe(run)}`,
  );
  assert.not.match(
    run.stderr,
    /uv_loop_close|Assertion .* failed|Segmentation fault|Aborted|FATAL ERROR/,
    `the child printed a native failure: ${describe(run)}`,
  );
}

/** The child exited by itself with `code`, within `withinMs` of the mark. */
export function assertPromptExit(run: ChildRun, code: number, withinMs: number, what: string): void {
  assert.ok(
    !Number.isNaN(run.exitMs) || run.killed === null,
    `${what}: the child never reached its mark: ${describe(run)}`,
  );
  assert.is(run.killed, null, `${what}: the child hung and was killed (${run.killed}): ${describe(run)}`);
  assertNoCrash(run);
  assert.is(run.signal, null, `${what}: ended by a signal: ${describe(run)}`);
  assert.is(run.code, code, `${what}: exit code ${run.code}, expected ${code}: ${describe(run)}`);
  assert.ok(!Number.isNaN(run.exitMs), `${what}: the child exited before its mark: ${describe(run)}`);
  assert.ok(
    run.exitMs < withinMs,
    `${what}: exited ${run.exitMs.toFixed(0)} ms after the mark (bound ${withinMs} ms): ${describe(run)}`,
  );
}

/** Engines and what each one promises. The default engine on this machine (Node 20 exports libuv) is uvpoll;
 *  the threadpool engine is the fallback (its waiter blocks a libuv threadpool thread, which libuv joins at
 *  exit and worker.terminate() cannot interrupt). */
export type Engine = 'uvpoll' | 'threadpool';
export const BOTH: readonly Engine[] = ['uvpoll', 'threadpool'];
export const UVPOLL_ONLY: readonly Engine[] = ['uvpoll'];

/** Fail when the engine the child's ring read back is one the case does not apply to. An engine that reads
 *  back nothing (a build without `ring.engine`) is held to the case: the default must meet it. */
export function assertApplies(run: ChildRun, engines: readonly Engine[], what: string): void {
  if (run.engine === undefined) return;
  assert.ok(
    (engines as readonly string[]).includes(run.engine),
    `${what}: applies to ${engines.join(' / ')} but the ring ran on '${run.engine}': ${describe(run)}`,
  );
}
