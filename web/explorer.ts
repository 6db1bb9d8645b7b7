// The SQE explorer: pick any builder, fill its arguments (inputs generated from each argument's kind),
// see the 64 or 128 bytes with every field named; paste hex to decode it back. Everything here is
// generated from the op specs (BUILDERS): there is no per-op code.
import type { SqeEncoder, OpSpec, ArgSpec, Decoded } from '../ts/sqe.ts';
import { IOSQE, OP_NAMES } from '../ts/sqe.ts';
import { BUILDERS } from '../ts/ops/index.ts';
import { sqeFields } from '../ts/sqe/fields.ts';
import { formatValue } from '../ts/sqe/decode.ts';
import { parseHex, toHex, hexDump } from '../ts/fuzz/hex.ts';
import { h, $, clear } from './dom.ts';
import { bytesView, regionsFor } from './bytes.ts';

const IOSQE_FLAGS = Object.entries(IOSQE).filter(([k]) => k !== 'ALL') as [string, number][];

/** A value typed by a person: decimal, 0x/0o/0b, a leading '-', '_' separators, an optional trailing n.
 *  Returns a number when it is a safe integer, else a bigint; undefined for an empty field. */
export function parseValue(text: string): number | bigint | undefined {
  const t = text.trim().replace(/_/g, '').replace(/n$/, '');
  if (t === '') return undefined;
  const m = /^(-?)(0x[0-9a-f]+|0o[0-7]+|0b[01]+|\d+)$/i.exec(t);
  if (!m) throw new RangeError(`not an integer: ${JSON.stringify(text.trim())} (decimal, 0x…, 0o…, 0b…)`);
  let b = BigInt(m[2]!);
  if (m[1]) b = -b;
  return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
}

interface Field {
  name: string;
  arg?: ArgSpec;
  role: 'arg' | 'extra' | 'common';
  what: string;
  doc: string;
}

const COMMON_FIELDS: Field[] = [
  { name: 'userData', role: 'common', what: 'an integer in 0..2^64-1', doc: 'echoed in the CQE' },
  { name: 'personality', role: 'common', what: 'an integer in 0..65535', doc: 'registered credentials id' },
  {
    name: 'bufGroup',
    role: 'common',
    what: 'an integer in 0..65535',
    doc: 'provided-buffer group (with BUFFER_SELECT)',
  },
];

function fieldsOf(spec: OpSpec): Field[] {
  const out: Field[] = [];
  for (const [name, a] of Object.entries(spec.args))
    out.push({
      name,
      arg: a,
      role: 'arg',
      what: a.kind.what,
      doc: [a.optional ? 'optional' : '', a.slotPlusOne ? 'stored as slot+1' : '', a.doc ?? '']
        .filter(Boolean)
        .join('; '),
    });
  for (const [name, a] of Object.entries(spec.extra ?? {}))
    out.push({
      name,
      arg: a,
      role: 'extra',
      what: a.kind.what,
      doc: ['optional, written after the prep', a.doc ?? ''].filter(Boolean).join('; '),
    });
  return [...out, ...COMMON_FIELDS];
}

/** liburing's man page of the op's prep helper, and the kernel's io_uring_enter(2) (which lists every IORING_OP_*). */
export function docLinks(spec: OpSpec): { label: string; href: string }[] {
  const c = spec.prep.replace(/^prep_/, '');
  return [
    { label: `io_uring_prep_${c}(3)`, href: `https://man7.org/linux/man-pages/man3/io_uring_prep_${c}.3.html` },
    {
      label: `io_uring_enter(2): IORING_OP_${OP_NAMES[spec.opcode] ?? spec.opcode}`,
      href: 'https://man7.org/linux/man-pages/man2/io_uring_enter.2.html',
    },
    { label: 'liburing source', href: `https://github.com/axboe/liburing/blob/master/src/include/liburing.h` },
  ];
}

/** A value put into the form: as the decoder writes it (addresses in hex, modes in octal), so it reads the same. */
function formText(spec: OpSpec, name: string, v: number | bigint): string {
  return formatValue(v, (spec.args[name] ?? spec.extra?.[name])?.kind);
}

export class Explorer {
  private readonly values = new Map<string, string>([
    ['fd', '3'],
    ['buf', '0x7f0000001000'],
    ['nbytes', '4096'],
    ['offset', '0'],
    ['userData', '1'],
  ]);
  private flags = 0;
  private spec!: OpSpec;
  private builder = 'read';

  constructor(
    private readonly enc: SqeEncoder,
    private readonly root: HTMLElement,
  ) {
    this.render();
  }

  private render(): void {
    const groups = new Map<number, [string, OpSpec][]>();
    for (const [name, spec] of BUILDERS) {
      const g = groups.get(spec.opcode) ?? [];
      g.push([name, spec]);
      groups.set(spec.opcode, g);
    }
    const select = h(
      'select',
      { id: 'op-select', onchange: () => this.select(select.value) },
      [...groups.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([opcode, list]) =>
          h(
            'optgroup',
            { label: `${OP_NAMES[opcode] ?? 'OP'} (${opcode})` },
            list.map(([name, spec]) =>
              h('option', { value: name }, name === spec.name ? name : `${name} (alias of ${spec.name})`),
            ),
          ),
        ),
    );
    clear(
      this.root,
      h(
        'div',
        { class: 'cols' },
        h(
          'section',
          { class: 'panel' },
          h('h2', {}, 'Encode'),
          h('label', { class: 'row' }, 'op ', select, h('span', { class: 'muted' }, ` ${BUILDERS.size} builders`)),
          h('div', { id: 'op-info' }),
          h('table', { id: 'op-fields', class: 'fields' }),
          h('div', { id: 'iosqe', class: 'flags' }),
          h('div', { id: 'encode-error', class: 'error', role: 'alert', hidden: true }),
        ),
        h(
          'section',
          { class: 'panel' },
          h('h2', {}, 'Bytes'),
          h('div', { id: 'encoded-text', class: 'text' }),
          h('div', { id: 'encoded-view' }),
          h(
            'label',
            { class: 'block' },
            'hex ',
            h('textarea', { id: 'hex-out', readonly: true, rows: 3, spellcheck: 'false' }),
          ),
        ),
      ),
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, 'Decode'),
        h('p', { class: 'muted' }, 'Paste 64 or 128 bytes of hex (spaces, 0x, commas and dump offsets are fine).'),
        h('textarea', {
          id: 'hex-in',
          rows: 4,
          spellcheck: 'false',
          placeholder: '16 00 00 00 03 00 00 00 …',
          oninput: () => this.decodePasted(),
        }),
        h(
          'div',
          { class: 'row' },
          h('button', { id: 'decode-btn', onclick: () => this.decodePasted() }, 'Decode'),
          h('button', { id: 'to-builder', disabled: true, onclick: () => this.editDecoded() }, 'Edit in the encoder'),
        ),
        h('div', { id: 'stray-confirm', class: 'warn', role: 'alert', hidden: true }),
        h('div', { id: 'decode-error', class: 'error', role: 'alert', hidden: true }),
        h('div', { id: 'decoded-text', class: 'text' }),
        h('div', { id: 'decoded-view' }),
      ),
    );
    this.select(this.builder);
  }

  /** Switch to builder `name`, keeping values typed for arguments of the same name. */
  select(name: string): void {
    const spec = BUILDERS.get(name);
    if (!spec) return;
    this.builder = name;
    this.spec = spec;
    ($('#op-select', this.root) as HTMLSelectElement).value = name;
    const table = sqeFields(this.enc.core);
    const links = docLinks(spec);
    clear(
      $('#op-info', this.root),
      h(
        'div',
        { class: 'info' },
        h('span', { class: 'badge' }, `IORING_OP_${OP_NAMES[spec.opcode] ?? '?'} = ${spec.opcode}`),
        ' ',
        h(
          'span',
          { class: 'badge since', id: 'op-since', title: 'first Linux kernel with this op or variant' },
          `needs Linux ${spec.since}+`,
        ),
        ' ',
        spec.sqe128 ? h('span', { class: 'badge' }, '128-byte SQE') : null,
        h('div', {}, spec.doc),
        spec.aliases?.length ? h('div', { class: 'muted' }, `also named: ${spec.aliases.join(', ')}`) : null,
        h(
          'div',
          { class: 'links' },
          links.map((l) => h('a', { href: l.href, target: '_blank', rel: 'noopener' }, l.label)),
        ),
      ),
    );
    const rows = fieldsOf(spec).map((f) => {
      if (f.arg && !f.arg.optional && f.role === 'arg' && !this.values.has(f.name)) this.values.set(f.name, '0');
      const slot = f.arg ? table.get(f.arg.slot) : undefined;
      return h(
        'tr',
        { class: f.role },
        h(
          'td',
          {},
          h('label', { for: `arg-${f.name}` }, f.name),
          f.arg && !f.arg.optional && f.role === 'arg' ? h('span', { class: 'req', title: 'required' }, '*') : null,
        ),
        h(
          'td',
          {},
          h('input', {
            id: `arg-${f.name}`,
            'data-arg': f.name,
            value: this.values.get(f.name) ?? '',
            placeholder: f.role === 'arg' ? '' : '0',
            spellcheck: 'false',
            oninput: (e: Event) => {
              this.values.set(f.name, (e.target as HTMLInputElement).value);
              this.update();
            },
          }),
        ),
        h('td', { class: 'what' }, f.what, f.doc ? h('div', { class: 'muted' }, f.doc) : null),
        h(
          'td',
          {},
          slot
            ? h(
                'code',
                { title: `bytes ${slot.offset}..${slot.offset + slot.size - 1}` },
                `${f.arg!.slot} @${slot.offset}`,
              )
            : f.name === 'userData'
              ? h('code', {}, 'user_data')
              : f.name === 'personality'
                ? h('code', {}, 'personality')
                : h('code', {}, 'buf_group'),
        ),
      );
    });
    clear(
      $('#op-fields', this.root),
      h('tr', {}, h('th', {}, 'argument'), h('th', {}, 'value'), h('th', {}, 'kind'), h('th', {}, 'SQE field')),
      rows,
    );
    clear(
      $('#iosqe', this.root),
      'flags (IOSQE_*): ',
      IOSQE_FLAGS.map(([k, v]) =>
        h(
          'label',
          { class: 'flag' },
          h('input', {
            type: 'checkbox',
            'data-flag': k,
            checked: (this.flags & v) !== 0,
            onchange: (e: Event) => {
              this.flags = (e.target as HTMLInputElement).checked ? this.flags | v : this.flags & ~v;
              this.update();
            },
          }),
          k,
        ),
      ),
    );
    this.update();
  }

  private showError(id: string, msg: string | undefined): void {
    const el = $(id, this.root);
    el.hidden = !msg;
    el.textContent = msg ?? '';
  }

  /** Encode what the form says; a bad value shows a message and marks its input. */
  update(): void {
    const opts: Record<string, unknown> = {};
    this.root.querySelectorAll('#op-fields input').forEach((e) => {
      e.classList.remove('bad');
    });
    const mark = (name: string) =>
      this.root.querySelector(`#op-fields input[data-arg="${name}"]`)?.classList.add('bad');
    try {
      for (const f of fieldsOf(this.spec)) {
        try {
          const v = parseValue(this.values.get(f.name) ?? '');
          if (v !== undefined) opts[f.name] = v;
        } catch (e) {
          mark(f.name);
          throw new RangeError(`${this.spec.name}: ${f.name}: ${(e as Error).message}`);
        }
      }
      if (this.flags) opts.flags = this.flags;
      const bytes = this.enc.encode(this.spec, opts as never);
      const d = this.enc.decode(bytes);
      this.showError('#encode-error', undefined);
      clear($('#encoded-text', this.root), d.text);
      clear($('#encoded-view', this.root), bytesView(bytes, regionsFor(this.enc.core, d, bytes.length), 'enc'));
      ($('#hex-out', this.root) as HTMLTextAreaElement).value = toHex(bytes);
      this.root.dataset.encoded = toHex(bytes);
    } catch (e) {
      const msg = `${(e as Error).name}: ${(e as Error).message}`;
      for (const f of fieldsOf(this.spec)) if (new RegExp(`\\b${f.name}\\b`).test((e as Error).message)) mark(f.name);
      this.showError('#encode-error', msg);
      clear($('#encoded-text', this.root));
      clear($('#encoded-view', this.root));
      ($('#hex-out', this.root) as HTMLTextAreaElement).value = '';
      delete this.root.dataset.encoded;
    }
  }

  private decoded: Decoded | undefined;

  /** Decode the pasted hex; bad hex or a wrong length shows a message. */
  decodePasted(): void {
    const text = ($('#hex-in', this.root) as HTMLTextAreaElement).value;
    const btn = $('#to-builder', this.root) as HTMLButtonElement;
    this.decoded = undefined;
    btn.disabled = true;
    this.strayConfirm(undefined);
    clear($('#decoded-text', this.root));
    clear($('#decoded-view', this.root));
    if (!text.trim()) {
      this.showError('#decode-error', undefined);
      return;
    }
    try {
      const bytes = parseHex(text);
      const d = this.enc.decode(bytes);
      this.decoded = d;
      btn.disabled = !d.name;
      this.showError('#decode-error', d.name ? undefined : `unknown opcode ${d.opcode}: shown by raw field`);
      clear($('#decoded-text', this.root), d.text);
      clear(
        $('#decoded-view', this.root),
        d.stray.length
          ? h(
              'div',
              { class: 'warn' },
              `${d.stray.length} byte(s) set outside the fields of ${d.name}: ${d.stray.join(', ')}`,
            )
          : null,
        bytesView(bytes, regionsFor(this.enc.core, d, bytes.length), 'dec'),
        h('pre', { class: 'dump' }, hexDump(bytes)),
      );
    } catch (e) {
      this.showError('#decode-error', `${(e as Error).name}: ${(e as Error).message}`);
    }
  }

  /** Show (or hide) the warning that editing drops stray bytes, with its two answers. */
  private strayConfirm(d: Decoded | undefined): void {
    const box = $('#stray-confirm', this.root);
    box.hidden = !d;
    if (!d) {
      clear(box);
      return;
    }
    const n = d.stray.length;
    clear(
      box,
      h(
        'div',
        {},
        `${n} stray byte${n === 1 ? '' : 's'} (offset${n === 1 ? '' : 's'} ${d.stray.join(', ')}) ${n === 1 ? 'is' : 'are'} set outside the fields of ${d.name}. `,
        `The encoder writes only ${d.name}'s fields, so ${n === 1 ? 'it' : 'they'} will not be in its bytes.`,
      ),
      h(
        'div',
        { class: 'row' },
        h('button', { id: 'stray-edit', onclick: () => this.loadDecoded() }, 'Edit without them'),
        h('button', { id: 'stray-cancel', onclick: () => this.strayConfirm(undefined) }, 'Cancel'),
      ),
    );
  }

  /** "Edit in the encoder": asks first when the pasted bytes have stray bytes the form cannot hold. */
  editDecoded(): void {
    const d = this.decoded;
    if (!d?.name) return;
    if (d.stray.length) this.strayConfirm(d);
    else this.loadDecoded();
  }

  /** Put the decoded op into the encoder form. */
  loadDecoded(): void {
    const d = this.decoded;
    if (!d?.name) return;
    this.strayConfirm(undefined);
    const spec = BUILDERS.get(d.name)!;
    for (const [k, v] of Object.entries(d.args)) this.values.set(k, formText(spec, k, v));
    this.values.set('userData', formatValue(d.userData));
    this.values.set('personality', d.personality ? String(d.personality) : '');
    this.values.set('bufGroup', d.bufGroup ? String(d.bufGroup) : '');
    this.flags = d.flags & ~Number(spec.fixed?.flags ?? 0);
    const shown = new Set(Object.keys(d.args));
    for (const k of Object.keys(spec.extra ?? {})) if (!shown.has(k)) this.values.set(k, '');
    this.select(d.name);
  }

  /** Load a builder with given options (the fuzzer's "open in explorer"). */
  load(name: string, opts: Record<string, number | bigint>): void {
    const spec = BUILDERS.get(name);
    if (!spec) return;
    for (const f of fieldsOf(spec)) this.values.set(f.name, '');
    for (const [k, v] of Object.entries(opts)) if (k !== 'flags') this.values.set(k, formText(spec, k, v));
    this.flags = Number(opts.flags ?? 0);
    this.select(name);
  }
}
