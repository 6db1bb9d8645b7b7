// Issue 7, item 5: rings waiting for completions take nothing from libuv's threadpool. Eight rings each with
// a pending accept, in a child with UV_THREADPOOL_SIZE=4 set explicitly: fs.promises.readFile, dns.lookup
// ('localhost') (both threadpool users) and a ninth ring's timeout(10) must each complete within BOUND_MS.
// [uvpoll] only: the threadpool engine holds one pool thread per waiting ring, so it cannot pass this.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { unavailable } from './_env.ts';
import { UVPOLL_ONLY, assertApplies, assertPromptExit, describe, event, runFixture, type ChildRun } from './_child.ts';

const BOUND_MS = 500;

let child: Promise<ChildRun> | undefined;
const run = (): Promise<ChildRun> =>
  (child ??= runFixture('fairness-child.ts', [], {
    env: { UV_THREADPOOL_SIZE: '4', URING_ENGINE: undefined, URING_TEST_ENGINE_OPTION: undefined },
    startBoundMs: 40_000,
  }));

async function result(): Promise<{ run: ChildRun; r: Record<string, unknown> }> {
  const c = await run();
  assertApplies(c, UVPOLL_ONLY, 'fairness');
  const ready = event(c, 'ready');
  assert.ok(ready, `the child never got its rings ready: ${describe(c)}`);
  assert.equal(ready!.inFlight, Array(8).fill(1), 'each of the eight rings had its accept in the kernel');
  assert.is(ready!.threadpool, '4');
  const r = event(c, 'result');
  assert.ok(r, `the child reported no timings: ${describe(c)}`);
  return { run: c, r: r! };
}

function within(c: ChildRun, what: string, ms: unknown): void {
  const late = c.events.find((e) => e.ev === 'late' && e.what === what);
  assert.ok(
    ms !== null,
    `${what} was still pending after 3 s with eight rings waiting in accept${late ? ` (it finished ${Number(late.ms).toFixed(0)} ms after it started, once the accepts were satisfied)` : ''}: ${describe(c)}`,
  );
  assert.ok(
    (ms as number) < BOUND_MS,
    `${what} took ${(ms as number).toFixed(0)} ms (bound ${BOUND_MS} ms): ${describe(c)}`,
  );
}

if (!unavailable('fairness')) {
  test(`[${UVPOLL_ONLY.join(', ')}] eight rings with pending accepts: fs.promises.readFile (contents checked) completes within ${BOUND_MS} ms`, async () => {
    const { run: c, r } = await result();
    within(c, 'readFile', r.readFile);
  });

  test(`[${UVPOLL_ONLY.join(', ')}] eight rings with pending accepts: dns.lookup('localhost') completes within ${BOUND_MS} ms`, async () => {
    const { run: c, r } = await result();
    within(c, 'dns.lookup', r.dns);
  });

  test(`[${UVPOLL_ONLY.join(', ')}] eight rings with pending accepts: a ninth ring's timeout(10) fires within ${BOUND_MS} ms`, async () => {
    const { run: c, r } = await result();
    within(c, 'timeout(10)', r.timeout);
  });

  test(`[${UVPOLL_ONLY.join(', ')}] afterwards every pending accept takes its connection, the rings close, the process exits`, async () => {
    const c = await run();
    const done = event(c, 'done');
    assert.ok(done, `the accepts or the closes did not finish: ${describe(c)}`);
    const fds = done!.accepted as number[];
    assert.is(fds.length, 8);
    assert.ok(
      fds.every((fd) => fd > 2),
      `accepted fds ${fds.join(',')}`,
    );
    assertPromptExit(c, 0, 2000, 'fairness child');
  });
}

test.run();
