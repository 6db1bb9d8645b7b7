// What `npm pack` puts in the tarball: the compiled package (dist/: JS, .d.ts, both maps, the WASM core and its
// inlined form), the TypeScript sources those maps point at, the README, the LICENSE and package.json; nothing else.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, pack } from './_pack.ts';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

test('the tarball holds dist/, the sources the maps name, README, LICENSE and package.json, and nothing else', () => {
  const p = pack();
  const paths = p.files.map((f) => f.path).sort();
  console.log(
    `  tarball: ${p.size} bytes, ${paths.length} files, ${p.unpackedSize} bytes unpacked (npm pack: ${p.packMs} ms)`,
  );
  const allowed =
    /^(dist\/.+\.(js|d\.ts|js\.map|d\.ts\.map|wasm)|(ts|shim|bin)\/.+\.ts|README\.md|LICENSE|package\.json)$/;
  for (const f of paths) assert.ok(allowed.test(f), `unexpected file in the tarball: ${f}`);
  for (const dir of ['test/', 'bench/', 'core-c/', '.ci/', 'scripts/', 'web/', 'examples/', 'node_modules/', 'build/'])
    assert.not.ok(
      paths.some((f) => f.startsWith(dir)),
      `${dir} shipped`,
    );
  const has = new Set(paths);
  // every compiled module comes with its declarations and both maps, and every map's source is shipped
  const js = paths.filter((f) => f.startsWith('dist/') && f.endsWith('.js') && f !== 'dist/wasm/inline.js');
  assert.ok(js.length > 30, `${js.length} compiled modules`);
  for (const f of js) {
    const base = f.slice(0, -3);
    for (const ext of ['.d.ts', '.js.map', '.d.ts.map']) assert.ok(has.has(base + ext), `${base + ext} missing`);
    const src = `${base.replace(/^dist\//, '')}.ts`;
    assert.ok(has.has(src), `the source ${src} of ${f} is not shipped (its maps point at it)`);
  }
  for (const f of [
    'dist/wasm/uring.wasm',
    'dist/wasm/inline.js',
    'dist/wasm/inline.d.ts',
    'dist/bin/cli.js',
    'dist/shim/fs/index.js',
    'dist/shim/fs/index.d.ts',
    'README.md',
    'LICENSE',
    'package.json',
  ])
    assert.ok(has.has(f), `${f} missing`);
  // the shipped wasm is the committed one
  const wasm = p.files.find((f) => f.path === 'dist/wasm/uring.wasm')!;
  assert.is(wasm.size, readFileSync(join(ROOT, 'wasm/uring.wasm')).length);
});

test('every export and the bin point at files in the tarball; runtime dependency: koffi only', () => {
  const has = new Set(pack().files.map((f) => f.path));
  const targets: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === 'string') targets.push(v.replace(/^\.\//, ''));
    else if (v && typeof v === 'object') for (const x of Object.values(v)) collect(x);
  };
  collect(pkg.exports);
  collect(pkg.bin);
  collect(pkg.main);
  collect(pkg.types);
  for (const t of targets) assert.ok(has.has(t), `${t} (from package.json) is not in the tarball`);
  for (const entry of ['.', './sqe', './ring', './register', './fs', './wasm-inline'])
    assert.equal(Object.keys(pkg.exports[entry]), ['types', 'import', 'require'], `exports["${entry}"]`);
  assert.equal(Object.keys(pkg.dependencies), ['koffi']);
  for (const dev of ['tsx', 'esbuild', 'typescript']) assert.ok(pkg.devDependencies[dev], `${dev} is a dev dependency`);
  assert.match(pkg.scripts.prepack, /scripts\/build\.mjs/);
});

test('the bin starts with a node shebang', () => {
  const text = execFileSync('tar', ['-xzOf', pack().tarball, 'package/dist/bin/cli.js'], { encoding: 'utf8' });
  assert.ok(text.startsWith('#!/usr/bin/env node\n'), text.slice(0, 40));
});

test.run();
