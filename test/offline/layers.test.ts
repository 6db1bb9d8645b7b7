// The layers stay clean: browser-safe TypeScript (ts/, but for the Node loader) imports no node:* module,
// no koffi and nothing from shim/; the C core includes no system header (it is freestanding).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const NODE_ONLY = new Set(['ts/core/load-node.ts']);

function walk(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...walk(p, ext));
    else if (ext.test(e)) out.push(p);
  }
  return out;
}

function imports(src: string): string[] {
  return [
    ...src.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1] ?? m[2]!);
}

test('browser-safe ts/ imports no node:*, koffi or shim/', () => {
  const bad: string[] = [];
  const files = walk(join(root, 'ts'), /\.ts$/)
    .map((f) => relative(root, f))
    .filter((f) => !NODE_ONLY.has(f));
  assert.ok(files.length > 20, `found ${files.length} files`);
  for (const f of files) {
    for (const spec of imports(readFileSync(join(root, f), 'utf8'))) {
      if (
        spec.startsWith('node:') ||
        spec === 'koffi' ||
        /(^|\/)shim\//.test(spec) ||
        /^(fs|path|os|child_process|crypto)$/.test(spec)
      )
        bad.push(`${f}: ${spec}`);
    }
  }
  assert.equal(bad, []);
});

test('the import check sees imports (it can fail)', () => {
  assert.equal(
    imports(`import { a } from 'node:fs';\nexport * from "../shim/x.ts";\nconst m = await import('koffi');`),
    ['node:fs', '../shim/x.ts', 'koffi'],
  );
});

test('core-c is freestanding: no #include of a system header', () => {
  const bad: string[] = [];
  for (const f of walk(join(root, 'core-c'), /\.[ch]$/)) {
    for (const m of readFileSync(f, 'utf8').matchAll(/#include\s*<([^>]+)>/g))
      bad.push(`${relative(root, f)}: <${m[1]}>`);
  }
  assert.equal(bad, []);
});

test.run();
