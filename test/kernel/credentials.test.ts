// No op runs with credentials the process has dropped (shim/kernel/credentials.ts). Each scenario runs as root in
// a child process (fixtures/credentials-child.ts), since a drop cannot be undone, against a secret file only root
// may read (0600, like /etc/shadow). What the kernel does is shown next to what the guard does: the SQPOLL ring's
// refused SQE, handed over raw, really opens the file as root; rings without SQPOLL get EACCES from the kernel.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unavailable } from './_env.ts';
import { describe, event, runFixture, type ChildEvent, type ChildRun } from './_child.ts';

const FILE = 'credentials.test.ts';
const CONTENT = 'root:$6$not-a-real-hash:19000:0:99999:7:::';
const CODE = 'ERR_URING_CREDENTIALS_CHANGED';
const EACCES = -13;

function root(): boolean {
  if (process.getuid?.() === 0) return true;
  test(`${FILE}: needs root (to drop privileges); running as uid ${process.getuid?.()}`, () => {
    assert.is.not(process.getuid?.(), 0);
  });
  return false;
}

if (!unavailable(FILE) && root()) {
  const dir = mkdtempSync(join(tmpdir(), 'uring-creds-'));
  chmodSync(dir, 0o755); // nobody may look in, not read the file
  const secret = join(dir, 'secret');
  writeFileSync(secret, CONTENT, { mode: 0o600 });
  test.after(() => rmSync(dir, { recursive: true, force: true }));

  const run = (scenario: string): Promise<ChildRun> => runFixture('credentials-child.ts', [scenario, secret, CONTENT]);
  const got = (r: ChildRun, ev: string): ChildEvent => {
    assert.ok(event(r, 'done'), describe(r));
    const e = event(r, ev);
    assert.ok(e, `no ${ev} event: ${describe(r)}`);
    return e!;
  };

  test('SQPOLL ring set up as root, then setgid/setuid(65534): the submit is refused and says what to do; the raw SQE would have opened the file', async () => {
    const r = await run('sqpoll');
    assert.is(got(r, 'fs').fs, 'EACCES', 'node:fs after the drop');
    const refused = got(r, 'refused') as ChildEvent & { first: { code: string; message: string } };
    assert.is(refused.first.code, CODE);
    for (const words of ['IORING_SETUP_SQPOLL', 'process.setuid', 'after dropping privileges', 'registerPersonality'])
      assert.ok(refused.first.message.includes(words), `the message names ${words}: ${refused.first.message}`);
    assert.match(refused.first.message, /Uid 0 0 0 0.*now Uid 65534 65534 65534 65534/);
    assert.is(refused.again, CODE, 'a second submit stays refused');
    assert.is(refused.wait, CODE, 'submitAndWait too');
    assert.is(refused.sqReady, 1, 'the SQE stays staged: the kernel never saw its tail');
    assert.is(refused.cqReady, 0);
    // The same SQE with its tail stored by hand: the SQ thread opens the file with root's credentials.
    const b = got(r, 'bypassed');
    assert.ok(typeof b.res === 'number' && b.res >= 0, `the kernel opened it: res ${String(b.res)}`);
    assert.is(b.read, CONTENT, 'and the fd reads the secret');
    const after = got(r, 'after');
    assert.is(after.sqpoll, EACCES, 'an SQPOLL ring set up after the drop: the kernel refuses');
    assert.is(after.plain, EACCES, 'a plain ring set up after the drop: the kernel refuses');
  });

  test('rings without SQPOLL are not refused: the kernel uses the submitter current credentials, in io-wq too; a personality registered as root still acts as root', async () => {
    const r = await run('plain');
    const e = got(r, 'plain') as ChildEvent & { before: Record<string, string> };
    assert.is(e.before.plain, CONTENT, 'as root, IOSQE_ASYNC (io-wq) opens it');
    assert.is(e.before.deferred, CONTENT);
    assert.is(e.fs, 'EACCES');
    assert.is(e.plain, EACCES, 'inline issue after the drop');
    assert.is(e.plainAsync, EACCES, 'io-wq workers started as root do not lend their credentials');
    assert.is(e.deferred, EACCES, 'DEFER_TASKRUN');
    assert.is(e.deferredAsync, EACCES);
    assert.is(e.personality, CONTENT, 'the deliberate way: a personality registered before the drop');
  });

  test('a change to the same credentials refuses nothing; seteuid(65534) refuses; seteuid(0) lifts it', async () => {
    const r = await run('same');
    const e = got(r, 'same') as ChildEvent & { back: number[] };
    assert.is(e.same, CONTENT, 'setgid(0) / setgroups([]) as root: same credentials, still works');
    assert.is(e.lowered, CODE);
    assert.is(e.fs, 'EACCES', 'the effective uid really changed');
    assert.ok(e.back.length === 2 && e.back.every((fd) => fd >= 0), `both SQEs went in: ${e.back}`);
  });

  test('IoUring on SQPOLL: an op started after the drop rejects (started before: goes in); close() works', async () => {
    const r = await run('io');
    const e = got(r, 'io') as ChildEvent & { late: { code: string; message: string } };
    assert.is(e.early, CONTENT, 'started as root, in the same tick as the drop');
    assert.is(e.late.code, CODE);
    assert.match(e.late.message, /^openat: refused/);
    assert.is(e.nop, CODE);
    assert.is(got(r, 'io-after').fresh, 'EACCES', 'an IoUring set up after the drop');
  });

  test('a ring set up in a worker thread is refused after the main thread drops privileges', async () => {
    const r = await run('worker');
    const e = got(r, 'worker') as ChildEvent & { after: { code: string; fresh: number } };
    assert.is(e.after.code, CODE);
    assert.is(e.after.fresh, EACCES, 'a ring the worker sets up after the drop');
  });

  test('a drop uring cannot see (libc setresuid): not caught until credentialsChanged() is called', async () => {
    const r = await run('raw');
    const e = got(r, 'raw');
    assert.equal(e.rc, [0, 0]);
    assert.is(e.fs, 'EACCES');
    assert.is(e.unseen, CONTENT, 'the documented limit: the old SQPOLL ring still opens it');
    assert.is(e.told, CODE);
  });
}

test.run();
