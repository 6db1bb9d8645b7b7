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

/** The instantiated WASM core: its exports, its linear memory and a bump allocator over it. */
export class Core {
  readonly x: CoreExports;
  readonly memory: WasmMemory;
  private top: number;
  private buf: ArrayBuffer;
  private u8view: Uint8Array;
  private dview: DataView;

  constructor(instance: WasmInstance) {
    this.x = instance.exports as unknown as CoreExports;
    this.memory = this.x.memory;
    this.x._initialize();
    this.top = this.x.heap_base();
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

  /** Reserve `size` bytes aligned to `align` (a power of two), growing memory as needed; zeroed. */
  alloc(size: number, align = 16): number {
    if (!Number.isInteger(size) || size < 0)
      throw new RangeError(`alloc: size must be a non-negative integer, got ${size}`);
    if (!Number.isInteger(align) || align <= 0 || (align & (align - 1)) !== 0)
      throw new RangeError(`alloc: align must be a power of two, got ${align}`);
    const at = (this.top + align - 1) & ~(align - 1);
    const end = at + size;
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE));
    this.top = end;
    this.u8.fill(0, at, end);
    return at;
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
