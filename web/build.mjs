#!/usr/bin/env node
// Bundles the web page (web/main.ts and the browser-safe ts/ it imports) with esbuild into build/web/,
// beside a copy of index.html and style.css. platform 'browser': a node:* import fails the build.
// Usage: node web/build.mjs            (or import { buildWeb } from './build.mjs')
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const OUT = join(ROOT, 'build', 'web');

/** Build the page into `outdir`; returns esbuild's metafile (inputs and imports of the bundle). */
export async function buildWeb({ outdir = OUT, minify = false } = {}) {
  mkdirSync(outdir, { recursive: true });
  const r = await build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, 'web', 'main.ts')],
    outfile: join(outdir, 'main.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome100'],
    sourcemap: true,
    minify,
    metafile: true,
    logLevel: 'warning',
  });
  for (const f of ['index.html', 'style.css']) copyFileSync(join(ROOT, 'web', f), join(outdir, f));
  return r.metafile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const meta = await buildWeb();
  const out = meta.outputs[Object.keys(meta.outputs).find((k) => k.endsWith('main.js'))];
  console.log(`built ${join(OUT, 'main.js')} (${out.bytes} bytes, ${Object.keys(meta.inputs).length} modules)`);
}
