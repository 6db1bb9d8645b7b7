// Hex text for SQE bytes: one-line hex, a 16-bytes-a-row dump, and a forgiving parser for pasted text
// (spaces, newlines, colons, commas, 0x prefixes and `offset:` row labels of a dump are all accepted).

export function toHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

/** Rows of 16 bytes: "0000: 16 00 00 00 03 00 00 00  00 00 00 00 00 00 00 00". */
export function hexDump(b: Uint8Array): string {
  const rows: string[] = [];
  for (let at = 0; at < b.length; at += 16) {
    const cells = Array.from(b.subarray(at, at + 16), (x) => x.toString(16).padStart(2, '0'));
    rows.push(
      `${at.toString(16).padStart(4, '0')}: ${cells.slice(0, 8).join(' ')}  ${cells.slice(8).join(' ')}`.trimEnd(),
    );
  }
  return rows.join('\n');
}

/** Bytes from pasted hex. Throws RangeError naming what is wrong (bad character and where, odd digit
 *  count, or a length that is not one of `sizes`). */
export function parseHex(text: string, sizes: readonly number[] = [64, 128]): Uint8Array {
  if (typeof text !== 'string') throw new TypeError('hex must be a string');
  // Drop dump row labels ("0010:" at a line start), then 0x prefixes and separators.
  const body = text
    .replace(/^\s*[0-9a-f]{4,8}:(?=\s)/gim, '')
    .replace(/0x/gi, '')
    .replace(/[\s,:_-]+/g, '');
  if (body.length === 0)
    throw new RangeError('no hex digits: paste the SQE bytes as hex, e.g. 16 00 00 00 03 00 00 00 …');
  const bad = body.search(/[^0-9a-f]/i);
  if (bad >= 0) throw new RangeError(`not a hex digit: ${JSON.stringify(body[bad])} (hex digit ${bad + 1})`);
  if (body.length % 2) throw new RangeError(`odd number of hex digits (${body.length}): every byte needs two`);
  const n = body.length / 2;
  if (!sizes.includes(n)) throw new RangeError(`an SQE is ${sizes.join(' or ')} bytes, got ${n}`);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = parseInt(body.slice(2 * i, 2 * i + 2), 16);
  return out;
}
