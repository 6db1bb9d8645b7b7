// An independent statement of the SQE layout (kernel uapi, spec/ABI.md §8.1), used to build the
// expected bytes of golden vectors without asking the core where anything goes.
export const SQE_LAYOUT: Record<string, [offset: number, size: number]> = {
  opcode: [0, 1], flags: [1, 1], ioprio: [2, 2], fd: [4, 4], off: [8, 8], addr2: [8, 8], cmd_op: [8, 4], __pad1: [12, 4],
  addr: [16, 8], splice_off_in: [16, 8], level: [16, 4], optname: [20, 4], len: [24, 4], op_flags: [28, 4],
  user_data: [32, 8], buf_index: [40, 2], buf_group: [40, 2], personality: [42, 2], splice_fd_in: [44, 4],
  file_index: [44, 4], optlen: [44, 4], addr_len: [44, 2], __pad3: [46, 2], addr3: [48, 8], optval: [48, 8], __pad2: [56, 8],
};

/** 64 (or 128) bytes with the named fields set little-endian; everything else zero. */
export function packSqe(fields: Record<string, number | bigint>, size = 64): Uint8Array {
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  for (const [name, v] of Object.entries(fields)) {
    const at = SQE_LAYOUT[name];
    if (!at) throw new Error(`packSqe: unknown field ${name}`);
    const [off, sz] = at;
    let b = BigInt(v);
    if (b < 0n) b += 1n << BigInt(sz * 8);
    for (let i = 0; i < sz; i++) dv.setUint8(off + i, Number((b >> BigInt(8 * i)) & 0xffn));
  }
  return out;
}

export function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
