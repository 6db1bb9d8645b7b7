// The documentation explains the repository from inside it: the generated op catalogue in docs/ops.md matches
// the op specs, every relative Markdown link resolves, and no tracked file points at a file outside the
// repository (a parent-folder path, or a *.md that the repository does not have).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OPS_DOC, generate, splice } from '../../scripts/ops-doc.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  .filter(Boolean);
const TEXT = /\.(md|ts|mts|mjs|js|c|h|json|html|css|sh|py)$|^Makefile$|^\.ci\/run$/;
const texts = tracked.filter((f) => TEXT.test(f) && f !== 'package-lock.json' && existsSync(join(root, f)));
const mdFiles = new Set(tracked.filter((f) => f.endsWith('.md')));

test('docs/ops.md: the generated catalogue matches the op specs (npx tsx scripts/ops-doc.ts)', async () => {
  const doc = readFileSync(OPS_DOC, 'utf8');
  assert.ok(doc === splice(doc, await generate()), 'docs/ops.md is out of date: run npx tsx scripts/ops-doc.ts');
});

test('docs/ops.md: the check can fail (a changed spec would show)', async () => {
  const doc = readFileSync(OPS_DOC, 'utf8');
  const gen = await generate();
  assert.ok(gen.includes('| `read` | `uring_prep_read` | READ (22) | 5.6 |'), 'the read row');
  assert.is.not(splice(doc, gen.replace('READ (22)', 'READ (23)')), doc);
});

test('every relative link in the Markdown files resolves inside the repository', () => {
  const bad: string[] = [];
  for (const f of mdFiles) {
    const text = readFileSync(join(root, f), 'utf8');
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1]!.split('#')[0]!;
      if (!target || /^[a-z]+:/.test(target)) continue;
      const p = normalize(join(dirname(f), target));
      if (p.startsWith('..') || !existsSync(join(root, p))) bad.push(`${f}: ${m[1]}`);
    }
  }
  assert.equal(bad, []);
});

test('no tracked file refers to a file outside the repository', () => {
  const parent = new RegExp(['\\.\\.', '/shared'].join(''));
  const bad: string[] = [];
  for (const f of texts) {
    const lines = readFileSync(join(root, f), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (parent.test(line)) bad.push(`${f}:${i + 1}: ${line.trim()}`);
      // A mention of a Markdown file must name one the repository has (by path or by name).
      for (const m of line.matchAll(/([\w./-]*\b[A-Za-z][\w-]*\.md)\b/g)) {
        const name = m[1]!;
        const hit =
          mdFiles.has(name) ||
          mdFiles.has(normalize(join(dirname(f), name))) ||
          [...mdFiles].some((p) => p.endsWith(`/${name}`) || p === name.replace(/^\.\//, ''));
        if (!hit) bad.push(`${f}:${i + 1}: ${name}`);
      }
    });
  }
  assert.equal(bad, []);
});

test("README: the encoder example's decode comments are what the encoder gives (buf 0x7f0000001000)", async () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const comment = (expr: string) => {
    const m = readme.match(new RegExp(`^${expr.replace('.', '\\.')};\\s+// (.*)$`, 'm'));
    assert.ok(m, `README has a line "${expr}; // ..."`);
    return m![1]!;
  };
  const { createEncoder, IOSQE } = await import('../../ts/sqe.ts');
  const enc = await createEncoder(readFileSync(join(root, 'wasm/uring.wasm')));
  const bytes = enc.op.read({ fd: 3, buf: 0x7f0000001000, nbytes: 4096, offset: 0, userData: 1, flags: IOSQE.IO_LINK });
  const d = enc.decode(bytes);
  const shown = (v: unknown) => (typeof v === 'bigint' ? `${v}n` : String(v));
  const args = `{ ${Object.entries(d.args)
    .map(([k, v]) => `${k}: ${shown(v)}`)
    .join(', ')} }`;
  assert.is(comment('d.args'), args);
  assert.is(comment('d.name'), `'${d.name}'`);
  assert.is(comment('d.text'), `'${d.text}'`);
  assert.match(args, `buf: ${0x7f0000001000}n`);
});

test.run();
