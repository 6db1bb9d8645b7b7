// Node only: struct layouts of the register structs, from the core's table (core-c/layout.c) — one source of
// offsets for every struct the shim builds for io_uring_register.
import { layoutTables, type LayoutTables, type StructLayout } from '../../ts/layout.ts';
import { loadCore } from '../../ts/core/load-node.ts';

let tables: LayoutTables | undefined;

/** A struct of the core's layout table (rsrc_register, buf_reg, params, ...). */
export function struct(name: string): StructLayout {
  tables ??= layoutTables(loadCore());
  const s = tables[name];
  if (!s) throw new Error(`uring: the core has no layout for struct ${name}`);
  return s;
}

/** Byte offset of `field` in `name`. */
export function off(name: string, field: string): number {
  const f = struct(name).fields[field];
  if (!f) throw new Error(`uring: the core's struct ${name} has no field ${field}`);
  return f.offset;
}
