// io_uring_register (its positive result), the opcode probe by name, which setup flags this kernel takes, and
// errors that name the refused flag.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { unavailable } from './_env.ts';
import { KernelBackend } from '../../shim/kernel/backend.ts';
import { explainSetupFailure, ioUringAvailability } from '../../shim/kernel/availability.ts';
import { setupFlagsAccepted } from '../../shim/kernel/setup.ts';
import { ioUringRegister } from '../../shim/register/call.ts';
import { probe, probeKernel } from '../../shim/register/probe.ts';
import { REGISTER, SETUP, SETUP_FLAGS, compareVersions } from '../../shim/sys/abi.ts';
import { kernelVersion } from '../../shim/sys/libc.ts';
import { OP, OP_NAMES, OP_SINCE } from '../../ts/constants.ts';
import { UringError } from '../../ts/errors.ts';

if (!unavailable('probe')) {
  const release = kernelVersion();

  test('io_uring is available on this machine (a kernel test that skips here is a bug)', () => {
    assert.equal(ioUringAvailability(), { ok: true, reason: '' });
  });

  test('probe: every opcode the running kernel is new enough for is supported, and no other', () => {
    const p = probeKernel();
    assert.ok(p.lastOp >= 1);
    for (const o of p.ops) {
      if (o.opcode >= OP_NAMES.length) continue; // newer than this library: nothing to compare with
      assert.is(o.name, OP_NAMES[o.opcode]);
      assert.is(o.since, OP_SINCE[o.name as keyof typeof OP_SINCE]);
      const expect = compareVersions(release, o.since!) >= 0;
      assert.is(o.supported, expect, `${o.name} (since ${o.since}) on ${release}`);
    }
    assert.ok(p.supported('NOP') && p.supported('read') && p.supported('IORING_OP_WRITE'));
    assert.throws(() => p.supported('NOT_AN_OP'), RangeError);
  });

  test('probe on 6.18: opcodes 0..62 supported, NOP128 and URING_CMD128 (6.19) not', () => {
    if (!/^6\.18\./.test(release)) {
      console.log(`  (kernel ${release}, not 6.18: checked by the version-driven probe test instead)`);
      return;
    }
    const p = probeKernel();
    assert.is(p.lastOp, 63);
    for (let op = 0; op <= 62; op++) assert.ok(p.ops[op]!.supported, `${OP_NAMES[op]} not supported`);
    assert.is(p.supported('NOP128'), false);
    assert.is(p.ops[OP.URING_CMD128]!.supported, false);
  });

  test('io_uring_register returns the positive result (REGISTER_PERSONALITY gives an id)', () => {
    const b = KernelBackend.setup({ entries: 4 });
    try {
      const id = ioUringRegister(b.fd, REGISTER.PERSONALITY, null, 0);
      assert.ok(id >= 1, `personality id ${id}`);
      const id2 = ioUringRegister(b.fd, REGISTER.PERSONALITY, null, 0);
      assert.is(id2, id + 1);
      assert.is(ioUringRegister(b.fd, REGISTER.UNREGISTER_PERSONALITY, null, id), 0);
      assert.is(ioUringRegister(b.fd, REGISTER.UNREGISTER_PERSONALITY, null, id2), 0);
      assert.throws(
        () => ioUringRegister(b.fd, REGISTER.UNREGISTER_PERSONALITY, null, id),
        (e: UringError) =>
          e.code === 'EINVAL' && e.syscall === 'io_uring_register' && /UNREGISTER_PERSONALITY/.test(e.message),
      );
      // The probe through the ring's own fd agrees with the throwaway one.
      assert.equal(probe(b.fd).ops, probeKernel().ops);
    } finally {
      b.close();
    }
  });

  test('io_uring_register on a non-ring fd: EOPNOTSUPP', () => {
    assert.throws(
      () => ioUringRegister(0, REGISTER.PROBE, new Uint8Array(16 + 8 * 256), 256),
      (e: UringError) => e.code === 'EOPNOTSUPP' && /IORING_REGISTER_PROBE/.test(e.message),
    );
  });

  test('setup flags: the kernel accepts exactly those it is new enough for (bits 0..18 on 6.18)', () => {
    const rows = setupFlagsAccepted();
    assert.is(rows.length, SETUP_FLAGS.length);
    for (const r of rows)
      assert.is(
        r.accepted,
        compareVersions(release, r.flag.since) >= 0,
        `${r.flag.name} (since ${r.flag.since}) on ${release}: ${r.errno ?? 'ok'}`,
      );
    if (/^6\.18\./.test(release))
      assert.equal(
        rows.filter((r) => r.accepted).map((r) => r.flag.bit),
        Array.from({ length: 19 }, (_, i) => i),
      );
  });

  const refuses = (flags: number, re: RegExp) => () =>
    assert.throws(
      () => KernelBackend.setup({ entries: 4, flags }),
      (e: UringError) =>
        e instanceof UringError &&
        e.code === 'EINVAL' &&
        e.errno === -22 &&
        e.syscall === 'io_uring_setup' &&
        re.test(e.message),
    );

  test(
    'an unknown setup flag bit: the error names the bit',
    refuses(1 << 25, /unknown setup flag bit 25 \(0x2000000\)/),
  );
  test('a flag newer than the kernel: the error names it and its version', () => {
    if (compareVersions(release, '6.19') >= 0) return;
    refuses(SETUP.SQE_MIXED | SETUP.SQE128, /refuses IORING_SETUP_SQE_MIXED \(1<<19, since Linux 6\.19\)/)();
  });
  test(
    'a flag without what it needs: the error names both',
    refuses(SETUP.DEFER_TASKRUN, /IORING_SETUP_DEFER_TASKRUN.*needs IORING_SETUP_SINGLE_ISSUER/),
  );
  test(
    'a flag refused among accepted ones is still found',
    refuses(
      SETUP.COOP_TASKRUN | SETUP.SQE128 | SETUP.TASKRUN_FLAG | SETUP.SQ_AFF,
      /IORING_SETUP_SQ_AFF.*needs IORING_SETUP_SQPOLL/,
    ),
  );
  test('too many entries: the error says the limit', () => {
    assert.throws(
      () => KernelBackend.setup({ entries: 65536 }),
      (e: UringError) => e.code === 'EINVAL' && /at most 32768/.test(e.message) && /CLAMP/.test(e.message),
    );
  });

  test('EPERM / ENOSYS explanations say why and what to do', () => {
    const eperm = explainSetupFailure(1);
    assert.match(eperm, /kernel\.io_uring_disabled/);
    const enosys = explainSetupFailure(38);
    assert.match(enosys, /CONFIG_IO_URING|seccomp/);
    assert.match(enosys, /5\.1|profile/);
  });
}

test.run();
