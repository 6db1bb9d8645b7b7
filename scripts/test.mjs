#!/usr/bin/env node
// Builds the package (dist/, scripts/build.mjs), then runs every test group with uvu (offline, kernel, browser,
// pack: test/<group>/**/*.test.ts), each in its own process so a crash in one cannot hide another's results, and
// the house checks (lint: Biome; docs: the TypeDoc API reference with zero warnings), each counted as one test.
// A failed build counts as a failure and the groups still run. Ends with the line CI reads:
// "N passed, N failed, N skipped". Usage: node scripts/test.mjs [group ...]   (default: all groups)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const GROUPS = ['lint', 'docs', 'offline', 'kernel', 'browser', 'pack'];
// The format check joins the lint once the sources have been formatted (make format, in a commit of its own).
const FORMAT_CHECK = true;
// Groups that run one tool: passed when it exits 0 (and, for docs, prints no warning).
const TOOLS = {
  lint: ['biome', ['ci', '--colors=off', '--error-on-warnings', `--formatter-enabled=${FORMAT_CHECK}`, '.']],
  docs: ['typedoc', ['--logLevel', 'Warn']],
};
const GROUP_TIMEOUT_MS = 20 * 60 * 1000;
const want = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const groups = want.length ? want : GROUPS;

function files(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (/\.test\.ts$/.test(e)) out.push(p);
  }
  return out;
}

let passed = 0,
  failed = 0,
  skipped = 0,
  ran = 0;
const problems = [];

console.log('== build');
const b = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, encoding: 'utf8' });
process.stdout.write((b.stdout ?? '') + (b.stderr ?? ''));
if (b.status !== 0) {
  failed += 1;
  problems.push(`build: exit ${b.status}, signal ${b.signal}`);
}
const built = b.status === 0 ? { URING_BUILT: '1' } : {}; // the pack tests then skip a second build
for (const g of groups) {
  if (TOOLS[g]) {
    const [bin, args] = TOOLS[g];
    console.log(`\n== ${g}: ${bin} ${args.join(' ')}`);
    const t0 = Date.now();
    const r = spawnSync(join(root, 'node_modules/.bin', bin), args, {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
      env: { ...process.env, NO_COLOR: '1' },
    });
    const out = (r.stdout ?? '') + (r.stderr ?? '');
    process.stdout.write(out);
    ran += 1;
    if (r.status === 0 && !/\[warning\]/.test(out)) {
      passed += 1;
      console.log(`${g}: ok (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } else {
      failed += 1;
      problems.push(`${g}: ${r.error ? r.error.message : `exit ${r.status}`}`);
    }
    continue;
  }
  const list = files(join(root, 'test', g));
  if (!list.length) continue;
  console.log(`\n== ${g}: ${list.length} files`);
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'scripts/uvu-run.mjs'), ...list.map((f) => relative(root, f))],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ...built, NO_COLOR: '1', FORCE_COLOR: '0' },
      maxBuffer: 256 << 20,
      timeout: GROUP_TIMEOUT_MS,
      killSignal: 'SIGKILL', // a hang (an op that never completes) fails the run
    },
  );
  const out = (r.stdout ?? '') + (r.stderr ?? '');
  process.stdout.write(out);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ANSI colour codes (ESC [ ... m) uvu may print
  const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
  const num = (re) => {
    const m = plain.match(re);
    return m ? Number(m[1]) : NaN;
  };
  const total = num(/Total:\s+(\d+)/),
    done = num(/Passed:\s+(\d+)/),
    skips = num(/Skipped:\s+(\d+)/);
  if (Number.isNaN(total)) {
    failed += 1;
    const why =
      r.error?.code === 'ETIMEDOUT'
        ? `timed out after ${GROUP_TIMEOUT_MS / 60000} min`
        : `exit ${r.status}, signal ${r.signal}`;
    problems.push(`${g}: runner ended without a summary (${why})`);
    continue;
  }
  ran += total;
  passed += done;
  skipped += skips;
  failed += total - done - skips;
  if (r.status !== 0 && total - done - skips === 0) {
    failed += 1;
    problems.push(`${g}: exit ${r.status} although every test passed`);
  }
}
for (const p of problems) console.log(`! ${p}`);
if (ran === 0) {
  console.log('no test ran');
  failed += 1;
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
