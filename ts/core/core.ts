// The instantiated WASM core: its exports, its linear memory and a bump allocator over it.
// Browser-safe: no node:* imports.

// The few parts of the WebAssembly JS API used here, declared by hand so that these types (and the package's
// .d.ts) need neither the DOM lib nor @types/node: a real WebAssembly.Module / Memory / Instance fits them.
/** A WebAssembly.Memory. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  /** Add `delta` 64 KiB pages; returns the previous size in pages. */
  grow(delta: number): number;
}
/** A compiled WebAssembly.Module (opaque). */
export type WasmModule = object;
/** A WebAssembly.Instance. */
export interface WasmInstance {
  readonly exports: object;
}
/** The bytes of wasm/uring.wasm. */
export type WasmBytes = ArrayBuffer | ArrayBufferView;

interface WasmApi {
  Module: { new (bytes: WasmBytes): WasmModule; prototype: WasmModule };
  Instance: new (module: WasmModule, imports: object) => WasmInstance;
  Memory: { new (descriptor: { initial: number; maximum?: number }): WasmMemory; prototype: WasmMemory };
  compile(bytes: WasmBytes): Promise<WasmModule>;
  instantiate(module: WasmModule, imports: object): Promise<WasmInstance>;
}

/** The global WebAssembly object, typed by the declarations above. */
export const WASM: WasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The raw exports of wasm/uring.wasm. Prep functions take the SQE pointer first, then their arguments,
 *  with every 64-bit value passed as two u32 halves (lo, hi). */
export interface CoreExports {
  memory: WasmMemory;
  /** The module's start-up (static data); the Core constructor calls it once. */
  _initialize(): void;
  /** First free byte after the static data: where the Core's allocator starts. */
  heap_base(): number;
  /** Write user_data, IOSQE flags, personality and buf_group into a prepared SQE. */
  sqe_finish(sqe: number, udLo: number, udHi: number, flags: number, personality: number, bufGroup: number): void;
  /** Make the SQE address registered file `slot` (fd = slot, IOSQE_FIXED_FILE). */
  sqe_fixed_file(sqe: number, slot: number): void;
  /** Number of entries in the SQE field table. */
  sqe_field_count(): number;
  /** Pointer to field i's NUL-terminated name. */
  sqe_field_name(i: number): number;
  /** Byte offset of field i in the SQE. */
  sqe_field_offset(i: number): number;
  /** Size of field i in bytes (1, 2, 4 or 8). */
  sqe_field_size(i: number): number;
  /** 1 if field i is signed. */
  sqe_field_signed(i: number): number;
  /** Store (lo, hi) into field i of the SQE; 0 on success. */
  sqe_set_field(sqe: number, i: number, lo: number, hi: number): number;
  [name: string]: unknown;
}

const PAGE = 65536;
/** wasm32's ceiling: 65536 pages of 64 KiB (the module is built with MAXIMUM_MEMORY=4GB). */
const MAX_BYTES = 4294967296;

/** The instantiated WASM core: its exports, its linear memory and an allocator over it. */
export class Core {
  readonly x: CoreExports;
  readonly memory: WasmMemory;
  // The allocator. Offsets are plain (unsigned) numbers up to 4 GiB: no 32-bit bitwise arithmetic, which would go
  // negative at 2 GiB. `top` is the end of the highest block ever handed out; below it, freed blocks are kept as
  // sorted, coalesced [start, end) ranges and reused first-fit, so rings opened and closed on one core leave its
  // size flat. A free block that reaches `top` lowers it instead. `sizes` records each live block's size (free
  // checks the pointer is one alloc returned and not yet freed). Setup and close only: never on the hot path.
  private top: number;
  private readonly freeStart: number[] = [];
  private readonly freeEnd: number[] = [];
  private readonly sizes = new Map<number, number>();
  private buf: ArrayBuffer;
  private u8view: Uint8Array;
  private dview: DataView;

  constructor(instance: WasmInstance) {
    this.x = instance.exports as unknown as CoreExports;
    this.memory = this.x.memory;
    this.x._initialize();
    this.top = this.x.heap_base() >>> 0;
    this.buf = this.memory.buffer;
    this.u8view = new Uint8Array(this.buf);
    this.dview = new DataView(this.buf);
  }

  /** Bytes of linear memory. Growth detaches the old buffer, so views are re-made when it changed. */
  get u8(): Uint8Array {
    if (this.memory.buffer !== this.buf) this.refresh();
    return this.u8view;
  }

  /** A DataView of linear memory (re-made after growth, like {@link Core.u8}). */
  get dv(): DataView {
    if (this.memory.buffer !== this.buf) this.refresh();
    return this.dview;
  }

  private refresh(): void {
    this.buf = this.memory.buffer;
    this.u8view = new Uint8Array(this.buf);
    this.dview = new DataView(this.buf);
  }

  /**
   * Reserve `size` bytes aligned to `align` (a power of two), zeroed; give them back with {@link Core.free}.
   * Freed blocks are reused first, else memory grows (up to wasm32's 4 GiB). Nothing changes when it throws: a
   * RangeError for bad arguments or when the block does not fit in 4 GiB.
   */
  alloc(size: number, align = 16): number {
    if (!Number.isInteger(size) || size < 0)
      throw new RangeError(`alloc: size must be a non-negative integer, got ${size}`);
    if (!Number.isInteger(align) || align <= 0 || align > PAGE || (align & (align - 1)) !== 0)
      throw new RangeError(`alloc: align must be a power of two up to ${PAGE}, got ${align}`);
    const n = Math.max(size, 1); // a zero-size block still gets its own address (free must find it)
    const fs = this.freeStart,
      fe = this.freeEnd;
    for (let i = 0; i < fs.length; i++) {
      const at = alignUp(fs[i]!, align);
      if (at + n > fe[i]!) continue;
      // Split: what is left before and after the block stays free.
      const start = fs[i]!,
        end = fe[i]!;
      const parts: number[] = [];
      if (at > start) parts.push(start, at);
      if (at + n < end) parts.push(at + n, end);
      if (parts.length === 4) {
        fe[i] = at;
        fs.splice(i + 1, 0, at + n);
        fe.splice(i + 1, 0, end);
      } else if (parts.length === 2) {
        fs[i] = parts[0]!;
        fe[i] = parts[1]!;
      } else {
        fs.splice(i, 1);
        fe.splice(i, 1);
      }
      this.sizes.set(at, n);
      this.u8.fill(0, at, at + n); // reused memory: zero it
      return at;
    }
    const at = alignUp(this.top, align);
    const end = at + n;
    if (end > MAX_BYTES)
      throw new RangeError(
        `alloc: ${size} bytes do not fit in the core's memory (${this.top} of wasm32's 4 GiB in use, ${this.freeBytes()} free in pieces); close rings or use another core`,
      );
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      try {
        this.memory.grow(Math.ceil((end - have) / PAGE));
      } catch (e) {
        throw new RangeError(
          `alloc: the core's memory cannot grow to ${end} bytes for ${size} more (${(e as Error).message})`,
          { cause: e },
        );
      }
    }
    if (at > this.top) this.insertFree(this.top, at); // the alignment gap
    this.top = end;
    this.sizes.set(at, n);
    // Memory added by grow is zero already; only what lay below the old size may hold old bytes.
    if (at < have) this.u8.fill(0, at, Math.min(end, have));
    return at;
  }

  /** Give back a block {@link Core.alloc} returned (each once; a RangeError otherwise). Its bytes may be handed
   *  out again at once: free only what nothing (the kernel included) still uses. */
  free(ptr: number): void {
    const n = this.sizes.get(ptr);
    if (n === undefined) throw new RangeError(`free: ${ptr} is not a block alloc returned (or it was freed already)`);
    this.sizes.delete(ptr);
    this.insertFree(ptr, ptr + n);
  }

  /** Bytes from the start of the allocator's area to the end of the highest live block (its high-water mark
   *  since the last frees at the top); memory.buffer.byteLength is what is reserved. */
  get used(): number {
    return this.top;
  }

  /** Bytes in freed pieces below the top, reusable by later allocations. */
  freeBytes(): number {
    let t = 0;
    for (let i = 0; i < this.freeStart.length; i++) t += this.freeEnd[i]! - this.freeStart[i]!;
    return t;
  }

  /** Add [start, end) to the free ranges, merged with its neighbours; a range reaching the top lowers it. */
  private insertFree(start: number, end: number): void {
    const fs = this.freeStart,
      fe = this.freeEnd;
    let lo = 0,
      hi = fs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (fs[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0 && fe[lo - 1]! === start) {
      lo--;
      start = fs[lo]!;
      fs.splice(lo, 1);
      fe.splice(lo, 1);
    }
    if (lo < fs.length && fs[lo]! === end) {
      end = fe[lo]!;
      fs.splice(lo, 1);
      fe.splice(lo, 1);
    }
    if (end === this.top) {
      this.top = start;
      return;
    }
    fs.splice(lo, 0, start);
    fe.splice(lo, 0, end);
  }

  /** A NUL-terminated string in linear memory (ASCII names from the core's tables). */
  cstring(ptr: number): string {
    const u8 = this.u8;
    let end = ptr;
    while (u8[end] !== 0) end++;
    let s = '';
    for (let i = ptr; i < end; i++) s += String.fromCharCode(u8[i]!);
    return s;
  }

  /** Export `name` as a function of type T; throws if the module lacks it.
   *  @typeParam T the export's signature. */
  fn<T extends (...a: number[]) => unknown>(name: string): T {
    const f = this.x[name];
    if (typeof f !== 'function') throw new Error(`uring.wasm has no export ${name}`);
    return f as T;
  }
}

/** Instantiate the core from the module's bytes (fetched, read from disk or embedded by the caller). */
export async function instantiateCore(bytes: WasmBytes | WasmModule): Promise<Core> {
  const module = bytes instanceof WASM.Module ? bytes : await WASM.compile(bytes as WasmBytes);
  const instance = await WASM.instantiate(module, {});
  return new Core(instance);
}

/** Synchronous form, for Node where compiling a small module on the main thread is allowed. */
export function instantiateCoreSync(bytes: WasmBytes | WasmModule): Core {
  const module = bytes instanceof WASM.Module ? bytes : new WASM.Module(bytes as WasmBytes);
  return new Core(new WASM.Instance(module, {}));
}

function alignUp(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}
