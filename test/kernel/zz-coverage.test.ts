// Loaded last: every builder (op spec) has at least one kernel test registered through opTest.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TESTED } from './_ops.ts';
import { ALL_OPS } from '../../ts/ops/index.ts';

test('every builder has a kernel test', () => {
  const missing = ALL_OPS.map((s) => s.name).filter((n) => !TESTED.has(n));
  assert.equal(missing, [], `builders without a kernel test (${missing.length}): ${missing.join(' ')}`);
});

test.run();
