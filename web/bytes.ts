// The SQE bytes as a grid of 16 a row, every byte coloured by the field it belongs to and named in a
// legend. Regions come from the decoder (decode().spans: the op's arguments under their names) and the
// core's field table (common and fixed fields), never from offsets written here.
import type { Core } from '../ts/core/core.ts';
import type { Decoded, OpSpec } from '../ts/sqe.ts';
import { BUILDERS } from '../ts/ops/index.ts';
import { sqeFields, type SqeField } from '../ts/sqe/fields.ts';
import { formatValue, iosqeText } from '../ts/sqe/decode.ts';
import type { Kind } from '../ts/sqe/kinds.ts';
import { h, fieldColor } from './dom.ts';

export interface Region {
  label: string;
  /** Kernel field name(s). */
  field: string;
  start: number;
  end: number;
  value: string;
  role: 'arg' | 'fixed' | 'common' | 'stray' | 'tail';
}

/** As the decoder's text writes it; a large plain number also in decimal. Addresses and modes stay as they are. */
function show(v: number | bigint | undefined, kind?: Kind): string {
  if (v === undefined) return '';
  const text = formatValue(v, kind);
  return kind?.radix || !text.startsWith('0x') ? text : `${text} (${v})`;
}

export function regionsFor(core: Core, d: Decoded, size: number): Region[] {
  const table = sqeFields(core);
  const spec: OpSpec | undefined = d.name ? BUILDERS.get(d.name) : undefined;
  const out: Region[] = [];
  const taken = new Set<string>();
  const field = (name: SqeField, label: string, role: Region['role'], value: string) => {
    const f = table.get(name);
    if (!f) return;
    out.push({ label, field: name, start: f.offset, end: f.offset + f.size, value, role });
    taken.add(`${f.offset}:${f.size}`);
  };
  field('opcode', 'opcode', 'common', `${d.opcode} (${d.opName})`);
  field('flags', 'flags', 'common', d.flags ? `0x${d.flags.toString(16)} ${iosqeText(d.flags)}` : '0');
  if (spec) {
    const all = { ...spec.args, ...(spec.extra ?? {}) };
    for (const [name, [start, end]] of Object.entries(d.spans)) {
      const a = all[name];
      out.push({ label: name, field: a ? a.slot : '?', start, end, value: show(d.args[name], a?.kind), role: 'arg' });
      taken.add(`${start}:${end - start}`);
    }
    for (const [f, v] of Object.entries(spec.fixed ?? {})) {
      const info = table.get(f as SqeField);
      if (!info || taken.has(`${info.offset}:${info.size}`) || f === 'flags') continue;
      field(f as SqeField, `${f} (fixed)`, 'fixed', show(d.raw[f as SqeField] ?? (v as number)));
    }
  }
  field('user_data', 'user_data', 'common', show(d.userData));
  if (d.personality) field('personality', 'personality', 'common', String(d.personality));
  if (d.bufGroup) field('buf_index', 'buf_group', 'common', String(d.bufGroup));
  for (const i of d.stray)
    out.push({
      label: `stray byte ${i}`,
      field: '',
      start: i,
      end: i + 1,
      value: 'not a field of this op',
      role: 'stray',
    });
  if (size > 64) out.push({ label: 'SQE128 tail', field: 'cmd[16..80)', start: 64, end: 128, value: '', role: 'tail' });
  return out.sort((a, b) => a.start - b.start || (a.role === 'stray' ? 1 : 0) - (b.role === 'stray' ? 1 : 0));
}

/** Grid and legend for `bytes`, with `regions` highlighted. `id` prefixes element ids for tests. */
export function bytesView(bytes: Uint8Array, regions: Region[], id: string): HTMLElement {
  const owner = new Array<number>(bytes.length).fill(-1);
  regions.forEach((r, i) => {
    for (let b = r.start; b < r.end && b < bytes.length; b++) if (owner[b] === -1 || r.role === 'stray') owner[b] = i;
  });
  const color = (i: number) =>
    i < 0 ? '' : regions[i]!.role === 'stray' ? '#ff6b6b' : regions[i]!.role === 'tail' ? '#eee' : fieldColor(i);
  const grid = h('div', { class: 'grid', id: `${id}-grid` });
  for (let row = 0; row < bytes.length; row += 16) {
    grid.append(h('span', { class: 'off' }, row.toString(16).padStart(4, '0')));
    for (let b = row; b < row + 16; b++) {
      const i = owner[b]!;
      const r = regions[i];
      grid.append(
        h(
          'span',
          {
            class: `byte${bytes[b] ? '' : ' zero'}${r ? '' : ' free'}${b % 8 === 7 ? ' gap' : ''}`,
            'data-off': b,
            'data-region': i,
            style: i >= 0 ? `background:${color(i)}` : undefined,
            title: r
              ? `${b}: ${r.label}${r.field ? ` (${r.field} @${r.start}..${r.end})` : ''}`
              : `${b}: not a field of this op`,
          },
          bytes[b]!.toString(16).padStart(2, '0'),
        ),
      );
    }
  }
  const legend = h(
    'table',
    { class: 'legend', id: `${id}-legend` },
    h(
      'tr',
      {},
      h('th', {}, ''),
      h('th', {}, 'name'),
      h('th', {}, 'SQE field'),
      h('th', {}, 'bytes'),
      h('th', {}, 'value'),
    ),
    regions.map((r, i) =>
      h(
        'tr',
        {
          'data-region': i,
          onmouseenter: () =>
            grid.querySelectorAll(`[data-region="${i}"]`).forEach((e) => {
              e.classList.add('hl');
            }),
          onmouseleave: () =>
            grid.querySelectorAll('.hl').forEach((e) => {
              e.classList.remove('hl');
            }),
        },
        h('td', {}, h('span', { class: 'chip', style: `background:${color(i)}` })),
        h('td', { class: r.role }, r.label),
        h('td', {}, h('code', {}, r.field)),
        h('td', {}, r.end - r.start === 1 ? `${r.start}` : `${r.start}..${r.end - 1}`),
        h('td', {}, h('code', {}, r.value)),
      ),
    ),
  );
  return h('div', { class: 'bytes-view' }, grid, legend);
}
