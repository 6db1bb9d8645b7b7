// Random valid builder options for any op spec, from its argument kinds (seeded, replayable). Browser-safe.
import { IOSQE } from '../constants.ts';
import type { OpSpec } from '../sqe/spec.ts';
import { formatValue } from '../sqe/decode.ts';

export type Opts = Record<string, number | bigint>;

/** Does the op put one of its own arguments in buf_index (so buf_group, which shares it, is not free)? */
export function usesBufIndex(spec: OpSpec): boolean {
  return [...Object.values(spec.args), ...Object.values(spec.extra ?? {})].some((a) => a.slot === 'buf_index');
}

export function sampleOptions(spec: OpSpec, r: () => number): Opts {
  const o: Opts = {};
  for (const [name, a] of Object.entries(spec.args)) {
    if (a.optional && r() < 0.3) continue;
    o[name] = a.kind.sample(r);
  }
  for (const [name, a] of Object.entries(spec.extra ?? {})) if (r() < 0.5) o[name] = a.kind.sample(r);
  if (r() < 0.8)
    o.userData = r() < 0.5 ? Math.floor(r() * 2 ** 53) : BigInt.asUintN(64, BigInt(Math.floor(r() * 2 ** 53)) << 11n);
  if (r() < 0.5) o.flags = Math.floor(r() * 128) & ~IOSQE.BUFFER_SELECT;
  if (r() < 0.3) o.personality = 1 + Math.floor(r() * 0xfffe);
  if (!usesBufIndex(spec) && r() < 0.3) {
    o.bufGroup = 1 + Math.floor(r() * 0xfffe);
    o.flags = Number(o.flags ?? 0) | IOSQE.BUFFER_SELECT;
  }
  return o;
}

/** Options as text a person can read and paste back into the explorer: bigints in hex; with the spec, addresses
 *  always in hex and modes in octal, as the decoder writes them. */
export function optsText(o: Readonly<Opts>, spec?: OpSpec): string {
  return Object.entries(o)
    .map(([k, v]) => {
      const radix = (spec?.args[k] ?? spec?.extra?.[k])?.kind.radix;
      const text = radix ? formatValue(v, { radix }) : typeof v === 'bigint' ? `0x${v.toString(16)}` : String(v);
      return `${k}: ${text}${typeof v === 'bigint' ? 'n' : ''}`;
    })
    .join(', ');
}
