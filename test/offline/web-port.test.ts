// `make web` when its port is taken: one line naming the port and how to choose another, no stack trace.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
// As typed in a shell: no make variables inherited from an enclosing `make test` (they add "Entering directory").
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(MAKEFLAGS|MFLAGS|MAKELEVEL|MAKEOVERRIDES)$/.test(k)),
);

let blocker: Server;
let port = 0;

test.before(async () => {
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  port = (blocker.address() as { port: number }).port;
});
test.after(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

test('make web PORT=<taken>: one line naming the port and the way to pick another', () => {
  const r = spawnSync('make', ['web', `PORT=${port}`], { cwd: root, encoding: 'utf8', env, timeout: 120_000 });
  const lines = (r.stdout + r.stderr).split('\n').filter((l) => l.trim() !== '');
  assert.equal(lines, [
    `uring web: port ${port} on 127.0.0.1 is already in use; choose another with make web PORT=${port + 1} (0 picks a free one)`,
  ]);
  assert.is(r.status, 0, 'handled: make adds no error line');
});

test('node web/serve.mjs on a taken port: the same line on stderr, exit 3', () => {
  const r = spawnSync(process.execPath, ['web/serve.mjs', '--no-build', '--port', String(port)], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.is(r.status, 3);
  assert.is(r.stdout, '');
  assert.is(
    r.stderr,
    `uring web: port ${port} on 127.0.0.1 is already in use; choose another with make web PORT=${port + 1} (0 picks a free one)\n`,
  );
});

test('a port that is not a number: one line, exit 2', () => {
  const r = spawnSync(process.execPath, ['web/serve.mjs', '--no-build', '--port', 'http'], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.is(r.status, 2);
  assert.is(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /port must be an integer 0-65535, got "http"; e\.g\. make web PORT=8081/);
});

test.run();
