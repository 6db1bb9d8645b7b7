// Every op spec, by builder name. Each group file declares its ops once; this is the registry the
// encoder, decoder, tests and explorer iterate.
import type { OpSpec } from '../sqe/spec.ts';
import * as rw from './rw.ts';
import * as fs from './fs.ts';
import * as net from './net.ts';
import * as cmd from './cmd.ts';
import * as poll from './poll.ts';
import * as timeout from './timeout.ts';
import * as cancel from './cancel.ts';
import * as msg from './msg.ts';
import * as buffers from './buffers.ts';
import * as wait from './wait.ts';

/** Every op spec by builder name (aliases are in {@link BUILDERS}). */
export const OPS = {
  ...rw,
  ...fs,
  ...net,
  ...cmd,
  ...poll,
  ...timeout,
  ...cancel,
  ...msg,
  ...buffers,
  ...wait,
} as const;
/** The type of {@link OPS}: each builder name to its spec's exact type (argument names and kinds). */
export type OpsTable = typeof OPS;
/** A builder name (without aliases), e.g. 'read'. */
export type BuilderName = keyof OpsTable;

/** Each spec once (the registry keys are builder names). */
export const ALL_OPS: readonly OpSpec[] = Object.values(OPS);

/** Builder names including aliases (seed and liburing names), each to its spec. */
export const BUILDERS: ReadonlyMap<string, OpSpec> = (() => {
  const m = new Map<string, OpSpec>();
  for (const s of ALL_OPS) {
    for (const n of [s.name, ...(s.aliases ?? [])]) {
      if (m.has(n)) throw new Error(`builder name ${n} declared twice`);
      m.set(n, s);
    }
  }
  return m;
})();

/** Specs grouped by opcode: the decoder picks the variant among them. */
export const OPS_BY_OPCODE: ReadonlyMap<number, readonly OpSpec[]> = (() => {
  const m = new Map<number, OpSpec[]>();
  for (const s of ALL_OPS) {
    const l = m.get(s.opcode) ?? [];
    l.push(s);
    m.set(s.opcode, l);
  }
  return m;
})();
