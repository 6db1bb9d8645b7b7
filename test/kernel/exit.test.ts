// Issue 7, item 5: a process using IoUring ends when it should. Each case runs fixtures/exit-child.ts in its
// own process, timed from the child's mark to its exit, and killed when it overruns (reported as a failure,
// never a hung runner).
//
// Which engine each case applies to is in its title and checked against the engine the child's ring read
// back (`ring.engine`):
//   [uvpoll]              ending with an op in flight (process.exit, an uncaught exception, SIGTERM): only the
//                         uv_poll engine can, the threadpool waiter is joined by libuv at exit;
//   [uvpoll, threadpool]  normal operation, the natural end, an idle ring, in-flight ops keeping the process alive.
// The default engine runs every case (it must be uvpoll on this machine); the threadpool engine, forced by
// `IoUring.create({ engine: 'threadpool' })` and by URING_ENGINE=threadpool, runs the cases that apply to it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { unavailable } from './_env.ts';
import {
  BOTH,
  UVPOLL_ONLY,
  assertApplies,
  assertPromptExit,
  describe,
  event,
  runFixture,
  type ChildRun,
  type Engine,
  type RunOptions,
} from './_child.ts';

/** "Promptly": from the mark to the exit. Node alone takes ~50 ms to exit here. */
const PROMPT_MS = 2000;

type Config = { label: string; env: Record<string, string | undefined>; expect: Engine | 'default' };
const DEFAULT: Config = {
  label: 'default engine',
  env: { URING_ENGINE: undefined, URING_TEST_ENGINE_OPTION: undefined },
  expect: 'default',
};
const FORCED_OPTION: Config = {
  label: "engine: 'threadpool'",
  env: { URING_ENGINE: undefined, URING_TEST_ENGINE_OPTION: 'threadpool' },
  expect: 'threadpool',
};
const FORCED_ENV: Config = {
  label: 'URING_ENGINE=threadpool',
  env: { URING_ENGINE: 'threadpool', URING_TEST_ENGINE_OPTION: undefined },
  expect: 'threadpool',
};

function exitChild(cfg: Config, args: string[], onEvent?: RunOptions['onEvent']): Promise<ChildRun> {
  return runFixture('exit-child.ts', args, { env: cfg.env, onEvent });
}

function ready(run: ChildRun): Record<string, unknown> {
  const e = event(run, 'ready');
  assert.ok(e, `the child never said ready: ${describe(run)}`);
  return e!;
}

/** The cases every engine must pass, under one configuration. */
function commonCases(cfg: Config): void {
  const tag = `[${BOTH.join(', ')}] ${cfg.label}`;

  test(`${tag}: an op completes (accept, pipe read), nothing else pending: the process ends by itself, no close()`, async () => {
    const run = await exitChild(cfg, ['natural']);
    assertApplies(run, BOTH, 'natural end');
    assert.is(ready(run).inFlight, 2, 'the accept and the read were in the kernel');
    const done = event(run, 'done');
    assert.ok(done, `the ops never completed: ${describe(run)}`);
    assert.is(done!.read, 'natural');
    assert.ok((done!.acceptedFd as number) > 2);
    assert.is(done!.inFlight, 0);
    assertPromptExit(run, 0, PROMPT_MS, 'natural end');
  });

  test(`${tag}: an idle ring (created, never used) does not keep the process alive`, async () => {
    const run = await exitChild(cfg, ['idle']);
    assertApplies(run, BOTH, 'idle ring');
    assert.is(ready(run).inFlight, 0);
    assertPromptExit(run, 0, PROMPT_MS, 'idle ring');
  });

  test(`${tag}: an op in flight keeps the process alive until it completes (timeout, then a read of a pipe the parent writes)`, async () => {
    let aliveWhenWritten: boolean | undefined;
    const run = await exitChild(cfg, ['keepalive'], (e, child, mark) => {
      if (e.ev !== 'reading') return;
      setTimeout(() => {
        aliveWhenWritten = child.exitCode === null && child.signalCode === null;
        mark();
        child.stdin!.write('wake up');
      }, 300);
    });
    assertApplies(run, BOTH, 'keep-alive');
    const t = event(run, 'timeout');
    assert.ok(t, `the process ended before the timeout completed: ${describe(run)}`);
    assert.is(t!.value, true);
    assert.ok((t!.ms as number) >= 290, `timeout(300) took ${t!.ms} ms`);
    assert.is(event(run, 'reading')?.inFlight, 1);
    assert.is(aliveWhenWritten, true, `the process ended with the read in flight: ${describe(run)}`);
    assert.is(event(run, 'read')?.data, 'wake up', `the read did not get the parent's bytes: ${describe(run)}`);
    assertPromptExit(run, 0, PROMPT_MS, 'keep-alive');
  });

  test(`${tag}: normal operation: a file round trip through the ring (checked), then a natural end`, async () => {
    const run = await exitChild(cfg, ['files']);
    assertApplies(run, BOTH, 'file round trip');
    const done = event(run, 'done');
    assert.ok(done, `the file round trip did not finish: ${describe(run)}`);
    assert.equal([done!.bytes, done!.nop, done!.fired, done!.inFlight], [32 * 4096, 0, true, 0]);
    assertPromptExit(run, 0, PROMPT_MS, 'file round trip');
  });
}

if (!unavailable('exit')) {
  test('[uvpoll] the default engine on this machine reads back as uvpoll (Node 20 exports libuv)', async () => {
    const run = await exitChild(DEFAULT, ['idle']);
    assertPromptExit(run, 0, PROMPT_MS, 'idle ring');
    assert.is(ready(run).engine, 'uvpoll', `ring.engine is ${JSON.stringify(ready(run).engine)}`);
  });

  for (const pending of ['accept', 'read'] as const) {
    const what = pending === 'accept' ? 'an accept (TCP listener made through the ring)' : 'a pipe read';
    const tag = `[${UVPOLL_ONLY.join(', ')}] ${DEFAULT.label}`;

    test(`${tag}: ${what} in flight: process.exit(7) exits promptly with code 7`, async () => {
      const run = await exitChild(DEFAULT, ['inflight', pending, 'exit7']);
      assertApplies(run, UVPOLL_ONLY, 'process.exit with an op in flight');
      assert.is(ready(run).inFlight, 1, 'the op was in the kernel');
      assertPromptExit(run, 7, PROMPT_MS, `process.exit(7) with ${pending} in flight`);
    });

    test(`${tag}: ${what} in flight: an uncaught exception exits promptly with code 1, the error printed`, async () => {
      const run = await exitChild(DEFAULT, ['inflight', pending, 'throw']);
      assertApplies(run, UVPOLL_ONLY, 'uncaught exception with an op in flight');
      assert.is(ready(run).inFlight, 1, 'the op was in the kernel');
      assertPromptExit(run, 1, PROMPT_MS, `uncaught exception with ${pending} in flight`);
      assert.match(run.stderr, /Error: boom: uncaught with an op in flight/, 'Node printed the error');
    });

    test(`${tag}: ${what} in flight: SIGTERM with a handler calling process.exit() exits promptly with code 0`, async () => {
      const run = await exitChild(DEFAULT, ['inflight', pending, 'sigterm'], (e, child, mark) => {
        if (e.ev !== 'ready') return;
        mark();
        child.kill('SIGTERM');
      });
      assertApplies(run, UVPOLL_ONLY, 'SIGTERM with an op in flight');
      assert.is(ready(run).inFlight, 1, 'the op was in the kernel');
      assert.ok(event(run, 'sigterm'), `the handler did not run: ${describe(run)}`);
      assertPromptExit(run, 0, PROMPT_MS, `SIGTERM handler with ${pending} in flight`);
    });
  }

  commonCases(DEFAULT);

  // The fallback: forced, it must say so, and do what every engine does.
  for (const cfg of [FORCED_OPTION, FORCED_ENV]) {
    test(`[threadpool] ${cfg.label}: the ring reads back engine 'threadpool' and works`, async () => {
      const run = await exitChild(cfg, ['idle']);
      assertPromptExit(run, 0, PROMPT_MS, 'idle ring');
      assert.is(ready(run).engine, cfg.expect, `ring.engine is ${JSON.stringify(ready(run).engine)}`);
    });
  }
  commonCases(FORCED_OPTION);
  test(`[${BOTH.join(', ')}] ${FORCED_ENV.label}: an op completes, nothing else pending: the process ends by itself`, async () => {
    const run = await exitChild(FORCED_ENV, ['natural']);
    assertApplies(run, BOTH, 'natural end');
    assert.is(event(run, 'done')?.read, 'natural', describe(run));
    assertPromptExit(run, 0, PROMPT_MS, 'natural end');
  });
}

test.run();
