// `uring encode` / `uring decode`: the encoder and disassembler on the command line (no kernel needed).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/cli.ts', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', bin, ...args], { encoding: 'utf8' });

test('encode prints the decoded line and the bytes; decode turns them back', () => {
  const e = run(
    'encode',
    'read',
    'fd=3',
    'buf=0x7f0000001000',
    'nbytes=4096',
    'offset=-1',
    'userData=0xffffffffffffffff',
  );
  assert.is(e.status, 0, e.stderr);
  const lines = e.stdout.trim().split('\n');
  assert.is(
    lines[0],
    'read fd=3 buf=0x7f0000001000 nbytes=4096 offset=0xffffffffffffffff user_data=0xffffffffffffffff',
  );
  assert.is(lines[1], '0000: 16 00 00 00 03 00 00 00 ff ff ff ff ff ff ff ff');
  assert.is(lines.length, 5);
  const d = run('decode', lines.slice(1).join('\n'));
  assert.is(d.status, 0, d.stderr);
  assert.is(d.stdout.split('\n')[0], lines[0]);
  assert.match(d.stdout, /nbytes = 4096/);
  assert.match(d.stdout, /^ {2}buf = 0x7f0000001000n$/m, 'an address as a hex literal');
});

test('addresses always in hex, modes in octal: octal typed comes back octal', () => {
  const r = run('encode', 'read', 'fd=3', 'buf=4096', 'nbytes=16', 'offset=0');
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout.split('\n')[0], 'read fd=3 buf=0x1000 nbytes=16 offset=0 user_data=0', 'a small address in hex');
  const e = run('encode', 'openat', 'dfd=-100', 'path=16', 'openFlags=0x241', 'mode=0o644');
  assert.is(e.status, 0, e.stderr);
  const lines = e.stdout.trim().split('\n');
  assert.is(lines[0], 'openat dfd=-100 path=0x10 openFlags=577 mode=0o644 user_data=0');
  assert.is(lines[2], '0010: 10 00 00 00 00 00 00 00 a4 01 00 00 41 02 00 00'); // path 16, mode 0644 = 420, flags
  const d = run('decode', lines.slice(1).join('\n'));
  assert.is(d.status, 0, d.stderr);
  assert.is(d.stdout.split('\n')[0], lines[0]);
  assert.match(d.stdout, /^ {2}path = 0x10n$/m);
  assert.match(d.stdout, /^ {2}mode = 0o644$/m);
  assert.match(d.stdout, /^ {2}dfd = -100$/m);
  const b = run('encode', 'mkdir', 'path=0x20', 'mode=0b111101101');
  assert.is(b.status, 0, b.stderr);
  assert.match(b.stdout, /^mkdir path=0x20 mode=0o755 /);
});

test('the seed bug fixes show on the command line: listen puts the backlog in len', () => {
  const e = run('encode', 'listen', 'fd=5', 'backlog=128');
  assert.is(e.status, 0, e.stderr);
  assert.match(e.stdout, /^0010: 00 00 00 00 00 00 00 00 80 00 00 00/m); // addr 0, len = 128
});

test('bad input: a clear message and exit 2; stray bytes: exit 1', () => {
  const a = run('encode', 'read', 'fd=3', 'buf=0', 'nbytes=-1', 'offset=0');
  assert.is(a.status, 2);
  assert.match(a.stderr, /uring encode: read: nbytes must be an integer in 0\.\.4294967295, got -1/);
  const b = run('encode', 'nosuchop');
  assert.is(b.status, 2);
  assert.match(b.stderr, /unknown op "nosuchop"/);
  const c = run('decode', '00 11');
  assert.is(c.status, 2);
  assert.match(c.stderr, /64 or 128 bytes/);
  const stray = `${'00'.repeat(4)}ffffffff${'00'.repeat(8)}01${'00'.repeat(47)}`; // a NOP with a byte at 16
  const s = run('decode', stray);
  assert.is(s.status, 1);
  assert.match(s.stdout, /stray@16/);
});

test.run();
