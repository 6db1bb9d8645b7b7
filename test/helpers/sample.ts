// Random builder options for any op spec, from its argument kinds (seeded, replayable).
import { IOSQE } from '../../ts/constants.ts';
import type { OpSpec } from '../../ts/sqe/spec.ts';

export function sampleOptions(spec: OpSpec, r: () => number): Record<string, number | bigint> {
  const o: Record<string, number | bigint> = {};
  for (const [name, a] of Object.entries(spec.args)) {
    if (a.optional && r() < 0.3) continue;
    o[name] = a.kind.sample(r);
  }
  for (const [name, a] of Object.entries(spec.extra ?? {})) if (r() < 0.5) o[name] = a.kind.sample(r);
  if (r() < 0.8) o.userData = r() < 0.5 ? Math.floor(r() * 2 ** 53) : BigInt.asUintN(64, BigInt(Math.floor(r() * 2 ** 53)) << 11n);
  if (r() < 0.5) o.flags = Math.floor(r() * 128) & ~IOSQE.BUFFER_SELECT;
  if (r() < 0.3) o.personality = 1 + Math.floor(r() * 0xfffe);
  const usesBufIndex = Object.values(spec.args).some((a) => a.slot === 'buf_index');
  if (!usesBufIndex && r() < 0.3) {
    o.bufGroup = 1 + Math.floor(r() * 0xfffe);
    o.flags = Number(o.flags ?? 0) | IOSQE.BUFFER_SELECT;
  }
  return o;
}
