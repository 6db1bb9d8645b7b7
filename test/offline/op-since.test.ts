// An op's kernel version is written once: a spec's `since` defaults to its opcode's (OP_SINCE), and a group file
// states one only for a variant newer than its opcode. Checked on the specs and on the declarations' text.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_OPS, BUILDERS } from '../../ts/ops/index.ts';
import { OP_NAMES, OP_SINCE } from '../../ts/constants.ts';
import { compareVersions } from '../../shim/sys/abi.ts';

const opsDir = fileURLToPath(new URL('../../ts/ops/', import.meta.url));
const opSince = (opcode: number) => OP_SINCE[OP_NAMES[opcode]!];

test('every spec has a version, never older than its opcode', () => {
  for (const s of ALL_OPS) {
    assert.match(s.since, /^\d+\.\d+$/, s.name);
    assert.ok(
      compareVersions(s.since, opSince(s.opcode)) >= 0,
      `${s.name}: since ${s.since} is older than IORING_OP_${OP_NAMES[s.opcode]} (${opSince(s.opcode)})`,
    );
  }
});

test('a stated since is newer than the opcode (otherwise it is left out)', () => {
  let stated = 0;
  for (const f of readdirSync(opsDir).filter((n) => n.endsWith('.ts') && n !== 'index.ts')) {
    const text = readFileSync(join(opsDir, f), 'utf8');
    for (const m of text.matchAll(/defineOp\(\{\s*name: '(\w+)'[\s\S]*?\n\}\);/g)) {
      const since = m[0].match(/\bsince: '([\d.]+)'/);
      if (!since) continue;
      stated++;
      const s = BUILDERS.get(m[1]!)!;
      assert.ok(s, `${f}: ${m[1]} is not a builder`);
      assert.ok(
        compareVersions(since[1]!, opSince(s.opcode)) > 0,
        `${f}: ${s.name} states since '${since[1]}', the version of IORING_OP_${OP_NAMES[s.opcode]} itself: leave it out`,
      );
    }
  }
  assert.ok(stated > 10, `found only ${stated} stated versions: the declaration pattern no longer matches`);
});

test('the default is the opcode version, e.g. read and nop128', () => {
  assert.is(BUILDERS.get('read')!.since, '5.6');
  assert.is(BUILDERS.get('nop128')!.since, '6.19');
  assert.is(BUILDERS.get('multishotAccept')!.since, '5.19', 'a stated version wins');
});

test.run();
