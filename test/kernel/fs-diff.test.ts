// The differential suite of uring/fs: every scenario (test/kernel/fs-diff/scenarios-*.ts) runs on node:fs/promises
// and on uring/fs, each in a fresh temp dir set up the same way; the returned value or thrown error and the tree
// left behind must be the same (harness.ts says how they are normalized). A sample also runs through
// createFs(ring) on a ring of our own. Mismatches print as `at <where>: node <x> | uring <y>` lines.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as nfs from 'node:fs/promises';
import * as ufs from '../../shim/fs/index.ts';
import { IoUring } from '../../shim/async/io-uring.ts';
import { unavailable } from './_env.ts';
import { join } from 'node:path';
import { differences, runOn, s, type Fs, type Scenario } from './fs-diff/harness.ts';
import { argScenarios, concurrentScenarios, delegatedScenarios, errnoScenarios } from './fs-diff/scenarios-args.ts';
import { edgeScenarios } from './fs-diff/scenarios-edges.ts';
import { handleScenarios } from './fs-diff/scenarios-handle.ts';
import { openScenarios } from './fs-diff/scenarios-open.ts';
import { pathScenarios } from './fs-diff/scenarios-paths.ts';
import { readFileScenarios } from './fs-diff/scenarios-readfile.ts';
import { writeFileScenarios } from './fs-diff/scenarios-writefile.ts';

/**
 * Scenarios where uring/fs deliberately does not reproduce Node, by name, with the reason. Such a scenario must
 * still differ (an entry that has become identical fails, so the table cannot go stale); keep it empty or tiny.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  'open: /proc/self/status writable as root?':
    "a positioned write to a file with no write method: pwrite(2) checks 'can this file be written at a position' first " +
    "(ESPIPE), io_uring's write op checks 'can this file be written' first (EINVAL); the file is written by neither, " +
    'and telling the two cases apart would take another syscall on every failed write',
};

const SCENARIOS: Scenario[] = [
  ...readFileScenarios,
  ...writeFileScenarios,
  ...openScenarios,
  ...handleScenarios,
  ...pathScenarios,
  ...argScenarios,
  ...errnoScenarios,
  ...concurrentScenarios,
  ...delegatedScenarios,
  ...edgeScenarios,
];

/** Every CREATE_FS_EVERY-th scenario runs a second time through createFs(ring) with a ring made here. */
const CREATE_FS_EVERY = 7;

const FILE = 'fs-diff.test.ts';
if (!unavailable(FILE)) {
  const tally = { runs: 0, identical: 0, known: 0, different: [] as string[] };
  let ownRing: IoUring | null = null;
  let ownFs: Fs | null = null;

  test('fs-diff: scenario names are unique, the table names real scenarios', () => {
    const names = SCENARIOS.map((sc) => sc.name);
    const dup = names.filter((n, i) => names.indexOf(n) !== i);
    assert.equal(dup, [], 'duplicate scenario names');
    const unknown = Object.keys(KNOWN_DIFFERENCES).filter((n) => !names.includes(n));
    assert.equal(unknown, [], 'KNOWN_DIFFERENCES names scenarios that do not exist');
    assert.ok(SCENARIOS.length >= 120, `only ${SCENARIOS.length} scenarios`);
  });

  test('fs-diff: the harness reports mismatches of result, tree and error', async () => {
    // A deliberately wrong implementation: readFile adds a byte, writeFile writes one more, unlink's message differs.
    const wrong = {
      ...nfs,
      readFile: async (...a: Parameters<Fs['readFile']>) => `${await nfs.readFile(...a)}!`,
      writeFile: (p: string, data: string) => nfs.writeFile(p, `${data}y`),
      unlink: async (p: string) => {
        throw Object.assign(new Error(`ENOENT: no such file, unlink '${p}'`), { code: 'ENOENT', errno: -2, path: p });
      },
    } as unknown as Fs;
    const sc = s('self-test', async (fs, d) => {
      await fs.writeFile(join(d, 'w'), 'x');
      return fs.readFile(join(d, 'a.txt'), 'utf8');
    });
    const diff = differences(await runOn(nfs, sc), await runOn(wrong, sc));
    assert.equal(diff.slice(0, 1), ['at $.result: node "hello world\\n" | uring "hello world\\n!"']);
    assert.ok(diff.includes('at $.tree: only node has   w file 0644 nlink=1 size=1 "x"'), diff.join('\n'));
    assert.ok(diff.includes('at $.tree: only uring has  w file 0644 nlink=1 size=2 "xy"'), diff.join('\n'));
    const sc2 = s('self-test error', (fs, d) => fs.unlink(join(d, 'missing')));
    const diff2 = differences(await runOn(nfs, sc2), await runOn(wrong, sc2));
    assert.equal(diff2, [
      `at $.error.message: node "ENOENT: no such file or directory, unlink '<dir>/missing'" | uring "ENOENT: no such file, unlink '<dir>/missing'"`,
      'at $.error.keys: node "code,errno,path,syscall" | uring "code,errno,path"',
      'at $.error.syscall: node "unlink" | uring (absent)',
    ]);
  });

  const compare = async (label: string, sc: Scenario, fs: () => Fs): Promise<void> => {
    const node = await runOn(nfs, sc);
    const uring = await runOn(fs(), sc);
    const diff = differences(node, uring);
    tally.runs++;
    const known = KNOWN_DIFFERENCES[sc.name];
    if (known !== undefined) {
      assert.ok(diff.length > 0, `${label}: listed in KNOWN_DIFFERENCES (${known}) but now identical; remove it`);
      tally.known++;
      return;
    }
    if (diff.length === 0) {
      tally.identical++;
      return;
    }
    tally.different.push(label);
    assert.unreachable(`${label}: uring/fs differs from node:fs/promises\n    ${diff.join('\n    ')}`);
  };

  SCENARIOS.forEach((sc, i) => {
    test(`fs-diff: ${sc.name}`, () => compare(sc.name, sc, () => ufs as unknown as Fs));
    if (i % CREATE_FS_EVERY === 0) {
      test(`fs-diff via createFs(ring): ${sc.name}`, () =>
        compare(`createFs: ${sc.name}`, sc, () => {
          ownRing ??= new IoUring();
          ownFs ??= ufs.createFs(ownRing) as unknown as Fs;
          return ownFs;
        }));
    }
  });

  test('fs-diff: summary', async () => {
    await ownRing?.close();
    const { runs, identical, known, different } = tally;
    console.log(
      `\n  fs-diff: ${SCENARIOS.length} scenarios (${runs} runs with the createFs sample), ${identical} identical, ` +
        `${known} known differences, ${different.length} different`,
    );
    assert.is(identical + known + different.length, runs);
  });
}

test.run();
