// The page's bundle holds only browser-safe code: built for the browser platform (where a node:* import
// cannot resolve), and its module graph has no node:* import, no koffi and nothing from shim/.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWeb, ROOT } from '../../web/build.mjs';

const out = mkdtempSync(join(tmpdir(), 'uring-web-'));

test('the web bundle has no node:* import, no koffi, no shim', async () => {
  const meta = await buildWeb({ outdir: out });
  const inputs = Object.keys(meta.inputs);
  assert.ok(
    inputs.some((p) => p.endsWith('ts/sqe.ts')),
    `bundle includes ts/sqe.ts: ${inputs.join(', ')}`,
  );
  assert.ok(
    inputs.some((p) => p.endsWith('ts/fuzz/campaign.ts')),
    'bundle includes the campaign',
  );
  for (const p of inputs) {
    assert.not.match(p, /(^|\/)node_modules\/koffi\//, `koffi in the bundle: ${p}`);
    assert.not.match(p, /(^|\/)shim\//, `shim in the bundle: ${p}`);
    assert.not.match(p, /load-node\.ts$/, `Node loader in the bundle: ${p}`);
    for (const imp of meta.inputs[p]!.imports) assert.not.match(imp.path, /^node:/, `${p} imports ${imp.path}`);
  }
  const js = readFileSync(join(out, 'main.js'), 'utf8');
  assert.not.match(js, /["']node:[a-z_/]+["']/, 'a node: specifier in main.js');
  assert.not.match(js, /\brequire\(/, 'require() in main.js');
  assert.not.match(js, /koffi/, 'koffi named in main.js');
});

test('the same build refuses a node:* import (the guard can fail)', async () => {
  const entry = join(out, 'bad.ts');
  writeFileSync(
    entry,
    `import { loadCore } from ${JSON.stringify(join(ROOT, 'ts/core/load-node.ts'))};\nconsole.log(loadCore);\n`,
  );
  let err: unknown;
  try {
    await build({
      entryPoints: [entry],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
  } catch (e) {
    err = e;
  }
  assert.ok(err, 'a bundle importing ts/core/load-node.ts must not build for the browser');
  assert.match(String((err as Error).message), /node:fs/);
});

test.after(() => rmSync(out, { recursive: true, force: true }));

test.run();
