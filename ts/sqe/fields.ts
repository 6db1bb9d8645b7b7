// The SQE's named fields. Offsets and sizes come from the core's own table (core-c/sqe_fields.c); this
// list of names is the TypeScript view of it and a layout test checks the two agree.
import type { Core } from '../core/core.ts';

/** Every named SQE field, as the core's field table names them (kernel names; union members separately). */
export const SQE_FIELDS = [
  'opcode',
  'flags',
  'ioprio',
  'fd',
  'off',
  'cmd_op',
  '__pad1',
  'addr',
  'level',
  'optname',
  'len',
  'op_flags',
  'user_data',
  'buf_index',
  'personality',
  'file_index',
  'addr_len',
  '__pad3',
  'addr3',
  '__pad2',
] as const;
/** The name of an SQE field, e.g. 'addr' or 'op_flags'. */
export type SqeField = (typeof SQE_FIELDS)[number];

export interface FieldInfo {
  id: number;
  name: SqeField;
  offset: number;
  size: number;
  signed: boolean;
}

const cache = new WeakMap<Core, Map<SqeField, FieldInfo>>();

/** The field table as the loaded core reports it. */
export function sqeFields(core: Core): Map<SqeField, FieldInfo> {
  let m = cache.get(core);
  if (m) return m;
  m = new Map();
  const n = core.x.sqe_field_count();
  for (let i = 0; i < n; i++) {
    const name = core.cstring(core.x.sqe_field_name(i)) as SqeField;
    m.set(name, {
      id: i,
      name,
      offset: core.x.sqe_field_offset(i),
      size: core.x.sqe_field_size(i),
      signed: core.x.sqe_field_signed(i) === 1,
    });
  }
  cache.set(core, m);
  return m;
}

/** Read a field from SQE bytes: numbers for up to 4 bytes, bigint for 8. */
export function readField(bytes: Uint8Array, f: { offset: number; size: number; signed: boolean }): number | bigint {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (f.size) {
    case 1:
      return dv.getUint8(f.offset);
    case 2:
      return dv.getUint16(f.offset, true);
    case 4:
      return f.signed ? dv.getInt32(f.offset, true) : dv.getUint32(f.offset, true);
    default:
      return dv.getBigUint64(f.offset, true);
  }
}
