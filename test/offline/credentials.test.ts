// The credential generation (shim/kernel/credentials.ts) without a kernel: process.setuid & co. are wrapped once
// and bump it around the change, errors included, and credentialsChanged() bumps it too. What the kernel does with
// an SQPOLL ring after a privilege drop is test/kernel/credentials.test.ts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { credentialGeneration, credentialPrint, credentialsChanged } from '../../shim/kernel/credentials.ts';

const NAMES = ['setuid', 'setgid', 'seteuid', 'setegid', 'setgroups', 'initgroups'] as const;
const proc = process as unknown as Record<string, ((...a: unknown[]) => unknown) | undefined>;

test('the six functions are wrapped, keeping their names and arity', () => {
  for (const n of NAMES) {
    const fn = proc[n];
    assert.type(fn, 'function', n);
    assert.is(fn!.name, n);
    assert.is(fn!.length, 1 + Number(n === 'initgroups'), `${n}.length`);
    assert.ok((fn as unknown as Record<symbol, unknown>)[Symbol.for('uring.credentialWrapper')], `${n} is wrapped`);
  }
});

test('a change bumps the generation (before and after); a refused one too, and its error reaches the caller', () => {
  const g0 = credentialGeneration[0]!;
  process.setgid!(process.getgid!()); // allowed for anyone: the same gid
  assert.is(credentialGeneration[0], g0 + 2);
  const e = (() => {
    try {
      process.setuid!('no-such-user-uring-test');
    } catch (err) {
      return err as { code?: string };
    }
  })();
  assert.is(e?.code, 'ERR_UNKNOWN_CREDENTIAL', 'Node still checks the argument');
  assert.is(credentialGeneration[0], g0 + 4);
});

test('credentialsChanged() bumps it; the print names ids, groups and capabilities', () => {
  const g0 = credentialGeneration[0]!;
  credentialsChanged();
  assert.is(credentialGeneration[0], g0 + 1);
  const p = credentialPrint();
  assert.match(p, /^Uid:\s+\d+\s+\d+\s+\d+\s+\d+$/m);
  assert.match(p, /^Gid:/m);
  assert.match(p, /^Groups:/m);
  assert.match(p, /^CapEff:\s+[0-9a-f]{16}$/m);
});

test.run();
