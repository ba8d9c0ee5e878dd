// The MinHash inner loop (minhash.ts) as a tiny WebAssembly module using 128-bit SIMD: four seeds
// per instruction instead of one. For every trigram hash h and every seed s it computes
// mix(imul(h, s) ^ s), the murmur3 finaliser, and keeps each seed's unsigned minimum: the same
// integers as the JavaScript loop, which stays as the fallback where WebAssembly SIMD is missing.

const PAGE = 65536;

/** Memory layout (byte offsets): the seeds from 0, then their minima, then the trigram hashes of one text. */
const SEEDS_AT = 0;
const layout = (seedCount: number) => ({ minsAt: SEEDS_AT + seedCount * 4, hashesAt: SEEDS_AT + seedCount * 8 });

/** Unsigned LEB128, the length prefix of sections and function bodies. */
function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

/** Signed LEB128, the encoding of i32.const immediates. */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
}

/** A v128 constant: the 32-bit value in all four lanes, little-endian. */
function lanes(v: number): number[] {
  const bytes = new DataView(new ArrayBuffer(16));
  for (let i = 0; i < 16; i += 4) bytes.setInt32(i, v, true);
  return [...new Uint8Array(bytes.buffer)];
}

// Instructions (WebAssembly core + SIMD opcodes).
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const tee = (i: number) => [0x22, i];
const i32 = (n: number) => [0x41, ...sleb(n)];
const I32_ADD = 0x6a;
const I32_SHL = 0x74;
const I32_GE_U = 0x4f;
const I32_LT_U = 0x49;
const I32_LOAD = [0x28, 2, 0];
const v128Load = (offset: number) => [0xfd, 0x00, 4, ...leb(offset)];
const v128Store = (offset: number) => [0xfd, 0x0b, 4, ...leb(offset)];
const v128Const = (lane: number) => [0xfd, 0x0c, ...lanes(lane)];
const SPLAT = [0xfd, 0x11];
const XOR = [0xfd, 0x51];
const SHR_U = [0xfd, 0xad, 0x01];
const MUL = [0xfd, 0xb5, 0x01];
const MIN_U = [0xfd, 0xb7, 0x01];

/** The function `minima(count)`: params and locals by index. */
const COUNT = 0, G = 1, END = 2, OFF = 3, H = 4, X = 5;

/** The module's bytes, for `seedCount` seeds (a multiple of 4). */
function kernelBytes(seedCount: number): Uint8Array<ArrayBuffer> {
  const { minsAt, hashesAt } = layout(seedCount);
  const xorShift = (bits: number) => [...tee(X), ...get(X), ...i32(bits), ...SHR_U, ...XOR]; // x ^= x >>> bits
  const body = [
    ...[0x02, 0x03, 0x7f, 0x02, 0x7b], // locals: 3 × i32 (g, end, off), 2 × v128 (h, x)
    ...i32(hashesAt), ...set(G),
    ...get(COUNT), ...i32(2), I32_SHL, ...i32(hashesAt), I32_ADD, ...set(END),
    0x02, 0x40, 0x03, 0x40, // block, loop over the hashes
    ...get(G), ...get(END), I32_GE_U, 0x0d, 1, // done: leave the block
    ...get(G), ...I32_LOAD, ...SPLAT, ...set(H), // h in all four lanes
    ...i32(0), ...set(OFF),
    0x03, 0x40, // loop over the seeds, four at a time
    ...get(H), ...get(OFF), ...v128Load(SEEDS_AT), ...MUL, ...get(OFF), ...v128Load(SEEDS_AT), ...XOR, // imul(h, s) ^ s
    ...xorShift(16), ...v128Const(0x85ebca6b), ...MUL, ...xorShift(13), ...v128Const(0xc2b2ae35), ...MUL, ...xorShift(16),
    ...set(X),
    ...get(OFF), ...get(OFF), ...v128Load(minsAt), ...get(X), ...MIN_U, ...v128Store(minsAt), // keep the minimum
    ...get(OFF), ...i32(16), I32_ADD, ...tee(OFF), ...i32(seedCount * 4), I32_LT_U, 0x0d, 0, 0x0b, // next four seeds, end loop
    ...get(G), ...i32(4), I32_ADD, ...set(G), 0x0c, 0, // next hash
    0x0b, 0x0b, 0x0b, // end loop, block, function
  ];
  const section = (id: number, bytes: number[]) => [id, ...leb(bytes.length), ...bytes];
  const name = (s: string) => [s.length, ...new TextEncoder().encode(s)];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 1, 0x7f, 0]), // type: (i32) -> ()
    ...section(3, [1, 0]), // one function of that type
    ...section(5, [1, 0, 1]), // memory: one page to start
    ...section(7, [2, ...name("memory"), 0x02, 0, ...name("minima"), 0x00, 0]),
    ...section(10, [1, ...leb(body.length), ...body]),
  ]);
}

export type Minima = (hashes: Int32Array) => Uint32Array;

/**
 * A function giving, for each seed, the unsigned minimum of mix(imul(h, seed) ^ seed) over the
 * hashes; null where WebAssembly SIMD is not available. The returned array is reused by the next call.
 */
export function simdMinima(seeds: Int32Array): Minima | null {
  if (seeds.length % 4 !== 0) return null;
  const bytes = kernelBytes(seeds.length);
  if (typeof WebAssembly === "undefined" || !WebAssembly.validate(bytes)) return null;
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes));
  const memory = exports.memory as WebAssembly.Memory;
  const run = exports.minima as (count: number) => void;
  const { minsAt, hashesAt } = layout(seeds.length);
  new Int32Array(memory.buffer, SEEDS_AT, seeds.length).set(seeds);
  let mins = new Uint32Array(memory.buffer, minsAt, seeds.length);
  let input = new Int32Array(memory.buffer, hashesAt);
  return (hashes) => {
    if (hashes.length > input.length) {
      memory.grow(Math.ceil((hashes.length - input.length) * 4 / PAGE));
      // grow() detaches the old buffer: new views on the new one.
      mins = new Uint32Array(memory.buffer, minsAt, seeds.length);
      input = new Int32Array(memory.buffer, hashesAt);
    }
    mins.fill(0xffffffff);
    input.set(hashes);
    run(hashes.length);
    return mins;
  };
}
