// The installed package with plain `node` (no TypeScript loader): an ESM app and a CommonJS app (require of the
// ESM package, Node 20.19+) write a file through IoUring and read it back, check the kernel's bytes on disk,
// use the registration API; and the `uring` command runs from node_modules/.bin.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { app, installMs, run, write } from './_pack.ts';

const esm = app('esm-app', 'module');
const cjs = app('cjs-app', 'commonjs');
console.log(
  `  npm install --offline <tarball>: ESM app ${installMs.get('esm-app')} ms, CJS app ${installMs.get('cjs-app')} ms`,
);

test('nothing but uring and koffi is installed (no tsx, no esbuild)', () => {
  for (const dir of [esm, cjs]) {
    assert.ok(existsSync(join(dir, 'node_modules/uring/dist/shim/index.js')));
    assert.ok(existsSync(join(dir, 'node_modules/koffi/package.json')));
    for (const dev of ['tsx', 'esbuild', 'typescript', '@types'])
      assert.not.ok(existsSync(join(dir, 'node_modules', dev)), `${dev} installed`);
  }
});

const ESM_APP = `
import { IoUring, UringError } from 'uring';
import { probe, registerFiles, unregisterFiles, BufferRing } from 'uring/register';
import { readFileSync } from 'node:fs';
import { readFile as fsRead, writeFile as fsWrite, stat as fsStat } from 'uring/fs';
import * as nodeFs from 'node:fs/promises';
import * as uringFs from 'uring/fs';

const ring = await IoUring.create({ entries: 8 });
const path = new URL('./hello.txt', import.meta.url);
const fd = await ring.open(path, 'w+');
const wrote = await ring.write(fd, 'hello from an ESM app', 0);
const buf = new Uint8Array(64);
const got = await ring.read(fd, buf, 0);
registerFiles(ring, [fd]);
unregisterFiles(ring);
const br = BufferRing.setup(ring, { entries: 4, bgid: 7 });
const bufRingOk = br.registered && br.entries === 4;
br.unregister();
let refused = '';
try { await ring.read(9999, buf, 0); } catch (e) { refused = e instanceof UringError ? e.code : String(e); }
await ring.closeFd(fd);
console.log(JSON.stringify({ wrote, got, text: new TextDecoder().decode(buf.subarray(0, got)), disk: readFileSync(path, 'utf8'),
  readSupported: probe(ring).supported('READ'), refused, bufRingOk }));
await ring.close();
const fsPath = new URL('./via-uring-fs.txt', import.meta.url);
await fsWrite(fsPath, 'written through uring/fs');
const fsText = await fsRead(fsPath, 'utf8');
const fsSize = (await fsStat(fsPath)).size;
const fsKeysMatch = JSON.stringify(Object.keys(uringFs).filter((k) => !['createFs', 'fallbackReason', 'FileHandle'].includes(k)).sort()) === JSON.stringify(Object.keys(nodeFs).sort());
console.log(JSON.stringify({ fsText, fsDisk: readFileSync(fsPath, 'utf8'), fsSize, fsKeysMatch }));
`;

test('ESM app (plain node): write and read a file through IoUring, registration API', () => {
  write(esm, 'app.mjs', ESM_APP);
  const r = run(process.execPath, ['app.mjs'], { cwd: esm });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stderr, '', 'nothing on stderr (no warning)');
  const [line, fsLine] = r.stdout.trim().split('\n');
  assert.equal(JSON.parse(fsLine!), {
    fsText: 'written through uring/fs',
    fsDisk: 'written through uring/fs',
    fsSize: 24,
    fsKeysMatch: true,
  });
  const j = JSON.parse(line!);
  assert.equal(j, {
    wrote: 21,
    got: 21,
    text: 'hello from an ESM app',
    disk: 'hello from an ESM app',
    readSupported: true,
    refused: 'EBADF',
    bufRingOk: true,
  });
  assert.is(readFileSync(join(esm, 'hello.txt'), 'utf8'), 'hello from an ESM app');
});

const CJS_APP = `
const { IoUring, createRing } = require('uring');
const { probeKernel } = require('uring/register');
const { createEncoder } = require('uring/sqe');
const { wasmBytes } = require('uring/wasm-inline');
const fs = require('node:fs');
const ufs = require('uring/fs');

(async () => {
  await ufs.writeFile(__dirname + '/via-uring-fs.txt', 'from CJS through uring/fs');
  const viaFs = await ufs.readFile(__dirname + '/via-uring-fs.txt', 'utf8');
  const viaFsDisk = fs.readFileSync(__dirname + '/via-uring-fs.txt', 'utf8');
  const ring = await IoUring.create({ entries: 8 });
  const fd = await ring.open(__dirname + '/hello.txt', 'w+');
  const wrote = await ring.write(fd, 'hello from a CJS app', 0);
  const buf = Buffer.alloc(64);
  const got = await ring.read(fd, buf, 0);
  await ring.closeFd(fd);
  await ring.close();
  const sync = createRing({ entries: 4 });
  sync.close();
  const enc = await createEncoder(wasmBytes());
  console.log(JSON.stringify({ wrote, got, text: buf.toString('utf8', 0, got), disk: fs.readFileSync(__dirname + '/hello.txt', 'utf8'),
    nop: probeKernel().supported('NOP'), decoded: enc.decode(enc.op.nop({ userData: 9 })).text, viaFs, viaFsDisk }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

test('CommonJS app (plain node, require): the same through require("uring")', () => {
  write(cjs, 'app.js', CJS_APP);
  const r = run(process.execPath, ['app.js'], { cwd: cjs });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stderr, '', 'nothing on stderr (no ExperimentalWarning)');
  const j = JSON.parse(r.stdout);
  assert.equal(j, {
    wrote: 20,
    got: 20,
    text: 'hello from a CJS app',
    disk: 'hello from a CJS app',
    nop: true,
    decoded: 'nop user_data=9',
    viaFs: 'from CJS through uring/fs',
    viaFsDisk: 'from CJS through uring/fs',
  });
});

test('npx uring probe runs the installed bin with plain node', () => {
  const r = run('npx', ['--offline', '--no-install', 'uring', 'probe'], { cwd: esm });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /^kernel: Linux /);
  assert.match(r.stdout, /^io_uring: available$/m);
  assert.match(r.stdout, /^ +22 READ +5\.6 +supported$/m);
  const j = run(join(esm, 'node_modules/.bin/uring'), ['probe', '--json'], { cwd: esm });
  assert.is(j.status, 0, j.stderr);
  assert.is(JSON.parse(j.stdout).available, true);
});

test('uring probe | head -1: the first line, then a quiet exit (no EPIPE stack)', () => {
  const r = run('bash', ['-o', 'pipefail', '-c', 'node_modules/.bin/uring probe | head -1'], { cwd: esm });
  assert.is(r.stderr, '', 'nothing on stderr');
  assert.is(r.status, 0, 'uring exits 0 when the reader stops early');
  assert.match(r.stdout, /^kernel: Linux \S+ \(\S+\)\n$/);
});

test('uring probe into a pipe closed before it writes: exit 0, nothing on stderr', async () => {
  // Deterministic form of the above: the read end is closed while node is still starting.
  const child = spawn(join(esm, 'node_modules/.bin/uring'), ['probe'], { cwd: esm, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  assert.is(stderr, '');
  assert.is(code, 0);
});

test.run();
