// The `uring` command line. `uring probe`: kernel, io_uring availability, features, setup flags and opcodes.
import { FEATURES, compareVersions, flagNames } from '../shim/sys/abi.ts';
import { ioUringAvailability } from '../shim/kernel/availability.ts';
import { ioUringSetup, setupFlagsAccepted } from '../shim/kernel/setup.ts';
import { probe } from '../shim/register/probe.ts';
import { close, uname } from '../shim/sys/libc.ts';
import { engineChoice } from '../shim/async/engines.ts';
import { decodeCommand, encodeCommand } from './sqe-cli.ts';

const HELP = `usage: uring <command> [options]

commands:
  probe [--json]   what this kernel's io_uring offers: version, features, setup flags, opcodes by name
  encode <op> name=value ...
                   the SQE bytes of an op (e.g. uring encode read fd=3 buf=0x1000 nbytes=4096 offset=0);
                   without an op, the list of ops
  decode <hex>     the op an SQE's 64 or 128 bytes encode (the disassembler); exit 1 if bytes are stray
  help             this text
`;

interface ProbeReport {
  kernel: { sysname: string; release: string; version: string; machine: string };
  available: boolean;
  reason?: string;
  /** The completion engine IoUring uses here, and why the fallback where it is. */
  engine?: { name: string; reason?: string };
  features?: { value: number; names: string[]; missing: { name: string; since: string }[] };
  setupFlags?: { name: string; bit: number; since: string; accepted: boolean; errno?: string }[];
  ops?: { opcode: number; name: string; since: string | null; supported: boolean }[];
}

function probeReport(): ProbeReport {
  const u = uname();
  const report: ProbeReport = {
    kernel: { sysname: u.sysname, release: u.release, version: u.version, machine: u.machine },
    available: false,
  };
  const avail = ioUringAvailability();
  if (!avail.ok) {
    report.reason = avail.reason;
    return report;
  }
  report.available = true;
  report.engine = engineChoice();
  const { fd, params } = ioUringSetup({ entries: 1 });
  try {
    const features = params.getUint32(20, true);
    report.features = {
      value: features,
      names: flagNames(features, FEATURES),
      missing: FEATURES.filter((f) => !(features & f.value)).map((f) => ({ name: f.name, since: f.since })),
    };
    const p = probe(fd);
    report.ops = p.ops.map((o) => ({ opcode: o.opcode, name: o.name, since: o.since ?? null, supported: o.supported }));
  } finally {
    close(fd);
  }
  report.setupFlags = setupFlagsAccepted().map((r) => {
    const row: { name: string; bit: number; since: string; accepted: boolean; errno?: string } = {
      name: r.flag.name,
      bit: r.flag.bit,
      since: r.flag.since,
      accepted: r.accepted,
    };
    if (r.errno) row.errno = r.errno;
    return row;
  });
  return report;
}

function printProbe(r: ProbeReport, out: (s: string) => void): void {
  out(`kernel: ${r.kernel.sysname} ${r.kernel.release} (${r.kernel.machine})`);
  if (!r.available) {
    out(`io_uring: unavailable`);
    out(`  ${r.reason}`);
    return;
  }
  out('io_uring: available');
  const e = r.engine!;
  out(
    `engine: ${e.name} ${e.reason ? `(${e.reason})` : e.name === 'uvpoll' ? "(completions polled on the thread's own event loop)" : ''}`,
  );
  const f = r.features!;
  out(`features: 0x${f.value.toString(16)} (${f.names.length})`);
  for (const n of f.names) out(`  ${n}`);
  for (const m of f.missing) out(`  ${m.name}: absent (Linux ${m.since})`);
  const flags = r.setupFlags!;
  out(`setup flags: ${flags.filter((x) => x.accepted).length} of ${flags.length} accepted`);
  for (const x of flags)
    out(
      `  ${x.name.padEnd(20)} 1<<${String(x.bit).padEnd(3)} ${x.accepted ? 'accepted' : `refused (${x.errno}; Linux ${x.since})`}`,
    );
  const ops = r.ops!;
  out(`opcodes: ${ops.filter((o) => o.supported).length} of ${ops.length} supported`);
  const release = r.kernel.release;
  for (const o of ops) {
    let state = o.supported ? 'supported' : 'unsupported';
    if (!o.supported && o.since && compareVersions(release, o.since) < 0) state += ` (needs Linux ${o.since})`;
    out(`  ${String(o.opcode).padStart(3)} ${o.name.padEnd(18)} ${(o.since ?? '?').padEnd(5)} ${state}`);
  }
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  const out = (s: string) => process.stdout.write(`${s}\n`);
  switch (cmd) {
    case 'probe': {
      const json = rest.includes('--json');
      const unknown = rest.filter((a) => a !== '--json');
      if (unknown.length) {
        process.stderr.write(`uring probe: unknown option ${unknown[0]}\n${HELP}`);
        return 2;
      }
      let r: ProbeReport;
      try {
        r = probeReport();
      } catch (e) {
        process.stderr.write(`uring probe: ${(e as Error).message}\n`);
        return 1;
      }
      if (json) out(JSON.stringify(r, null, 2));
      else printProbe(r, out);
      if (!r.available && !json) process.stderr.write(`uring: io_uring is unavailable: ${r.reason}\n`);
      return r.available ? 0 : 1;
    }
    case 'encode':
    case 'decode':
      try {
        return cmd === 'encode' ? encodeCommand(rest, out) : decodeCommand(rest, out);
      } catch (e) {
        process.stderr.write(`uring ${cmd}: ${(e as Error).message}\n`);
        return 2;
      }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      out(HELP.trimEnd());
      return cmd === undefined ? 2 : 0;
    default:
      process.stderr.write(`uring: unknown command ${cmd}\n${HELP}`);
      return 2;
  }
}
