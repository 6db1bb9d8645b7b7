// The core's struct layout table (ts/layout.ts, from core-c/layout.c) checked against the hand-written
// ABI table (ts/sqe/abi-table.ts, from the kernel uapi): sizes, and each field the ABI table states.
// Plus a consistency check of the table itself: every field lies inside its struct. Browser-safe.
import { ABI_STRUCTS } from '../sqe/abi-table.ts';
import type { LayoutTables } from '../layout.ts';

export type Verdict = 'ok' | 'bad' | 'unchecked';

export interface FieldCheck {
  name: string;
  offset: number;
  size: number;
  want?: readonly [number, number];
  verdict: Verdict;
  note?: string;
}
export interface StructCheck {
  name: string;
  size: number;
  wantSize?: number;
  verdict: Verdict;
  fields: FieldCheck[];
  missing: string[];
}

export function checkLayouts(tables: LayoutTables): StructCheck[] {
  const out: StructCheck[] = [];
  for (const [name, s] of Object.entries(tables)) {
    const abi = ABI_STRUCTS[name];
    const fields: FieldCheck[] = [];
    for (const [fname, f] of Object.entries(s.fields)) {
      const want = abi?.fields[fname];
      const inside = f.size === 0 ? f.offset <= s.size : f.offset + f.size <= s.size;
      let verdict: Verdict = want ? (want[0] === f.offset && want[1] === f.size ? 'ok' : 'bad') : 'unchecked';
      let note: string | undefined;
      if (!inside) {
        verdict = 'bad';
        note = `ends at ${f.offset + f.size}, past the struct's ${s.size} bytes`;
      }
      const row: FieldCheck = { name: fname, offset: f.offset, size: f.size, verdict };
      if (want) row.want = want;
      if (note) row.note = note;
      fields.push(row);
    }
    const missing = abi ? Object.keys(abi.fields).filter((f) => !(f in s.fields)) : [];
    const sizeOk = abi ? abi.size === s.size : undefined;
    const verdict: Verdict =
      sizeOk === false || missing.length || fields.some((f) => f.verdict === 'bad') ? 'bad' : abi ? 'ok' : 'unchecked';
    const c: StructCheck = { name, size: s.size, verdict, fields, missing };
    if (abi) c.wantSize = abi.size;
    out.push(c);
  }
  return out;
}
