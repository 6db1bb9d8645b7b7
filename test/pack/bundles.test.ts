// The WASM core found from bundles of the installed package (esbuild, as an app would bundle it):
// - for Node, one file with koffi left external: the core comes from 'uring/wasm-inline' (base64 in the bundle)
//   or from uring.wasm copied beside the bundle and named with useWasm(url); without either, a clear error;
// - for the browser, uring/sqe with the inlined core, and with esbuild's binary loader on 'uring/uring.wasm',
//   encoding and decoding in Chromium. Sizes and the inline module's load cost are printed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { build, type BuildOptions } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { TMP, app, run, write } from './_pack.ts';

const dir = app('esm-app', 'module'); // shared with node-app.test.ts: one install per type
const out = join(TMP, 'bundled'); // no uring here: only the bundles and koffi (external)
mkdirSync(join(out, 'node_modules'), { recursive: true });
symlinkSync(join(dir, 'node_modules/koffi'), join(out, 'node_modules/koffi'));

async function bundle(
  name: string,
  source: string,
  opts: BuildOptions,
): Promise<{ file: string; bytes: number; inputs: string[] }> {
  const entry = write(dir, `src/${name}.mjs`, source);
  const file = join(out, `${name}.mjs`);
  const r = await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    format: 'esm',
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: dir,
    ...opts,
  });
  return { file, bytes: statSync(file).size, inputs: Object.keys(r.metafile?.inputs ?? {}) };
}

const NODE: BuildOptions = { platform: 'node', target: 'node20', external: ['koffi'] };

const FILE_ROUND_TRIP = `
const ring = await IoUring.create({ entries: 8 });
const path = process.argv[2];
const fd = await ring.open(path, 'w+');
await ring.write(fd, 'bundled', 0);
const buf = new Uint8Array(16);
const n = await ring.read(fd, buf, 0);
await ring.closeFd(fd);
await ring.close();
console.log(new TextDecoder().decode(buf.subarray(0, n)));
`;

test('Node bundle with the inlined core: runs where no uring package is installed', async () => {
  const b = await bundle(
    'node-inline',
    `
import { IoUring, useWasm } from 'uring';
import { wasmBytes } from 'uring/wasm-inline';
const t0 = performance.now();
useWasm(wasmBytes());
const loadMs = performance.now() - t0;
${FILE_ROUND_TRIP}
console.error('load ' + loadMs.toFixed(2));
`,
    NODE,
  );
  assert.ok(
    b.inputs.some((p) => p.includes('node_modules/uring/dist/wasm/inline.js')),
    'bundled from the installed package',
  );
  const target = join(out, 'a.txt');
  const r = run(process.execPath, [b.file, target], { cwd: out });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, 'bundled\n');
  assert.is(readFileSync(target, 'utf8'), 'bundled');
  const plain = await bundle(
    'node-plain',
    `import { IoUring, useWasm } from 'uring';\nvoid useWasm;\n${FILE_ROUND_TRIP}`,
    NODE,
  );
  const wasmBytes = statSync(join(dir, 'node_modules/uring/dist/wasm/uring.wasm')).size;
  console.log(
    `  node bundle: ${b.bytes} bytes with the inlined core, ${plain.bytes} without (+${b.bytes - plain.bytes} for a ${wasmBytes}-byte wasm); decode + compile ${r.stderr.trim().split(' ')[1]} ms`,
  );
});

test('Node bundle without the core: a clear error naming the way out; with uring.wasm beside it and useWasm(url): runs', async () => {
  const plain = await bundle(
    'node-plain',
    `import { IoUring, useWasm } from 'uring';\nvoid useWasm;\n${FILE_ROUND_TRIP}`,
    NODE,
  );
  const r = run(process.execPath, [plain.file, join(out, 'b.txt')], { cwd: out });
  assert.is(r.status, 1);
  assert.match(r.stderr, /uring: cannot read the WASM core \S+uring\.wasm \(ENOENT\)/);
  assert.match(r.stderr, /useWasm\(wasmBytes\(\)\)/);
  assert.not.ok(existsSync(join(out, 'b.txt')), 'nothing was opened');

  const beside = await bundle(
    'node-beside',
    `
import { IoUring, useWasm } from 'uring';
useWasm(new URL('./uring.wasm', import.meta.url));
${FILE_ROUND_TRIP}`,
    NODE,
  );
  copyFileSync(join(dir, 'node_modules/uring/dist/wasm/uring.wasm'), join(out, 'uring.wasm'));
  const ok = run(process.execPath, [beside.file, join(out, 'c.txt')], { cwd: out });
  assert.is(ok.status, 0, ok.stderr);
  assert.is(ok.stdout, 'bundled\n');
});

test('browser bundles of uring/sqe encode and decode in Chromium (inlined core; binary loader)', async () => {
  const SQE_DEMO = (load: string) => `
import { createEncoder, IOSQE } from 'uring/sqe';
${load}
const enc = await createEncoder(bytes);
const sqe = enc.op.read({ fd: 3, buf: 0x7f0000001000, nbytes: 4096, offset: 0n, flags: IOSQE.IO_LINK, userData: 1 });
globalThis.__results = [...(globalThis.__results ?? []), { len: sqe.length, op: sqe[0], fd: sqe[4], text: enc.decode(sqe).text }];
`;
  const BROWSER: BuildOptions = { platform: 'browser', target: ['es2022', 'chrome100'] };
  const inline = await bundle(
    'web-inline',
    SQE_DEMO(`import { wasmBytes } from 'uring/wasm-inline';\nconst bytes = wasmBytes();`),
    BROWSER,
  );
  const binary = await bundle('web-binary', SQE_DEMO(`import bytes from 'uring/uring.wasm';`), {
    ...BROWSER,
    loader: { '.wasm': 'binary' },
  });
  for (const b of [inline, binary]) {
    assert.not.ok(
      b.inputs.some((p) => /node_modules\/koffi|\/shim\/|load-node/.test(p)),
      `Node code in ${b.file}: ${b.inputs.join(', ')}`,
    );
    assert.not.match(readFileSync(b.file, 'utf8'), /["']node:/, 'a node: import in the browser bundle');
  }
  console.log(
    `  browser bundle of uring/sqe: ${inline.bytes} bytes (inlined core), ${binary.bytes} bytes (binary loader)`,
  );
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setContent('<!doctype html><title>uring/sqe</title>');
    for (const b of [inline, binary])
      await page.addScriptTag({ type: 'module', content: readFileSync(b.file, 'utf8') });
    await page.waitForFunction(() => (globalThis as { __results?: unknown[] }).__results?.length === 2, undefined, {
      timeout: 15_000,
    });
    const results = await page.evaluate(() => (globalThis as { __results?: unknown[] }).__results);
    assert.equal(errors, []);
    const expected = {
      len: 64,
      op: 22,
      fd: 3,
      text: 'read fd=3 buf=0x7f0000001000 nbytes=4096 offset=0 flags=IO_LINK user_data=1',
    };
    assert.equal(results, [expected, expected]);
  } finally {
    await browser.close();
  }
});

test.run();
