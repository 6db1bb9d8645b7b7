// The sync Ring (ts/ring/ring.ts) over the kernel backend: WASM ring math and CQE batch parsing on real rings.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { unavailable } from './_env.ts';
import { KernelBackend } from '../../shim/kernel/backend.ts';
import type { SetupOptions } from '../../shim/kernel/params.ts';
import { SETUP } from '../../shim/sys/abi.ts';
import { Ring } from '../../ts/ring/ring.ts';
import { loadCore } from '../../ts/core/load-node.ts';
import { close, pipe, write } from '../../shim/sys/libc.ts';

const flagSets: [string, SetupOptions][] = [
  ['default', { entries: 8 }],
  ['SQE128|CQE32', { entries: 8, flags: SETUP.SQE128 | SETUP.CQE32 }],
  ['NO_SQARRAY', { entries: 8, flags: SETUP.NO_SQARRAY }],
  ['SINGLE_ISSUER|DEFER_TASKRUN', { entries: 8, flags: SETUP.SINGLE_ISSUER | SETUP.DEFER_TASKRUN }],
  ['SQPOLL', { entries: 8, flags: SETUP.SQPOLL }],
];

if (!unavailable('ring')) {
  const core = loadCore();
  for (const [name, opts] of flagSets) {
    test(`Ring over KernelBackend (${name}): NOPs in rounds across the wrap, parsed by the core`, () => {
      const ring = new Ring(core, KernelBackend.setup(opts));
      try {
        let ud = 2 ** 40;
        for (let round = 0; round < 7; round++) {
          const want: number[] = [];
          for (let i = 0; i < 6; i++, ud += 3) {
            ring.prep.nop({ userData: ud });
            want.push(ud);
          }
          assert.is(ring.submitAndWait(6), 6);
          const b = ring.copyCqes(6);
          const got: number[] = [];
          for (let i = 0; i < b.count; i++) {
            got.push(b.userData(i));
            assert.is(b.res[i], 0);
          }
          assert.equal(got, want);
        }
      } finally {
        ring.close();
      }
      assert.ok(ring.backend.closed);
    });
  }

  test('Ring over KernelBackend: READ from a pipe lands in the buffer, res is the byte count', () => {
    const ring = new Ring(core, KernelBackend.setup({ entries: 4 }));
    const [r, w] = pipe();
    try {
      write(w, 'kernel ring');
      const buf = Buffer.alloc(32);
      ring.prep.read({ fd: r, buf, nbytes: buf.length, offset: -1, userData: 9 });
      ring.submitAndWait(1);
      const b = ring.copyCqes(1);
      assert.is(b.count, 1);
      assert.is(b.userData(0), 9);
      assert.is(b.res[0], 11);
      assert.is(buf.subarray(0, 11).toString(), 'kernel ring');
    } finally {
      close(r);
      close(w);
      ring.close();
    }
  });
}

test.run();
