// `uring encode <op> name=value ...` and `uring decode <hex>`: the SQE encoder and disassembler on the
// command line, through the same WASM core as everything else.
import { loadCore } from '../ts/core/load-node.ts';
import { SqeEncoder } from '../ts/sqe/encoder.ts';
import { BUILDERS } from '../ts/ops/index.ts';
import { formatValue } from '../ts/sqe/decode.ts';
import { parseHex } from '../ts/fuzz/hex.ts';

let enc: SqeEncoder | undefined;
const encoder = () => (enc ??= new SqeEncoder(loadCore()));

function hexRows(b: Uint8Array): string[] {
  const rows: string[] = [];
  for (let i = 0; i < b.length; i += 16)
    rows.push(
      `${i.toString(16).padStart(4, '0')}: ${Array.from(b.subarray(i, i + 16), (x) => x.toString(16).padStart(2, '0')).join(' ')}`,
    );
  return rows;
}

/** "123", "0x7f00", "0o644", "0b101", "-1", "18446744073709551615" → number, or bigint when past 2^53. */
function parseValue(name: string, s: string): number | bigint {
  if (!/^-?(0x[0-9a-f]+|0o[0-7]+|0b[01]+|\d+)$/i.test(s))
    throw new TypeError(`${name}: "${s}" is not an integer (decimal, 0x hex, 0o octal or 0b binary)`);
  const neg = s.startsWith('-');
  const b = BigInt(neg ? s.slice(1) : s) * (neg ? -1n : 1n);
  return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
}

export function encodeCommand(args: string[], out: (s: string) => void): number {
  const [op, ...pairs] = args;
  if (!op) {
    out(`ops: ${[...BUILDERS.keys()].sort().join(' ')}`);
    return 2;
  }
  const spec = BUILDERS.get(op);
  if (!spec) throw new RangeError(`unknown op ${JSON.stringify(op)}; \`uring encode\` lists them`);
  const opts: Record<string, number | bigint> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0)
      throw new TypeError(
        `expected name=value, got ${JSON.stringify(p)}; ${op} takes ${Object.keys(spec.args).join(', ')}`,
      );
    opts[p.slice(0, eq)] = parseValue(p.slice(0, eq), p.slice(eq + 1));
  }
  const bytes = encoder().encode(spec, opts);
  out(encoder().decode(bytes).text);
  for (const r of hexRows(bytes)) out(r);
  return 0;
}

export function decodeCommand(args: string[], out: (s: string) => void): number {
  const bytes = parseHex(args.join(' '));
  const d = encoder().decode(bytes);
  out(d.text);
  // As JS literals a builder takes again: addresses in hex, modes in octal (as in the line above), else decimal.
  const spec = d.name ? BUILDERS.get(d.name) : undefined;
  for (const [name, v] of Object.entries(d.args)) {
    const kind = (spec?.args[name] ?? spec?.extra?.[name])?.kind;
    const text = kind?.radix ? formatValue(v, kind) : String(v);
    out(`  ${name} = ${text}${typeof v === 'bigint' ? 'n' : ''}`);
  }
  return d.stray.length ? 1 : 0;
}
