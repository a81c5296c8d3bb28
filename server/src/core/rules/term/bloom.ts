/**
 * A Bloom filter over lower-case words, the compact form of the known-words list
 * (`data/glossary/known-words.json`: English words and technology names). A false positive
 * only makes a misspelling look like a known word (it is then not reported), so the filter
 * errs on the quiet side. Built by `scripts/term-data.ts`; read here without any I/O.
 */

/** FNV-1a over UTF-16 code units, with a seed. */
function fnv(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export interface BloomData {
  /** Number of bits. */
  bits: number;
  /** Hash functions per word. */
  hashes: number;
  /** The bit array, base64. */
  bloom: string;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < bytes.length ? B64[n & 63] : '=');
  }
  return out;
}

export function fromBase64(s: string): Uint8Array {
  const clean = s.replace(/[^A-Za-z0-9+/]/g, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    const n = (B64.indexOf(clean[i]) << 18) | (B64.indexOf(clean[i + 1]) << 12) | ((B64.indexOf(clean[i + 2]) & 63) << 6) | (B64.indexOf(clean[i + 3]) & 63);
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

export class Bloom {
  private constructor(private readonly bytes: Uint8Array, private readonly bits: number, private readonly hashes: number) {}

  /** An empty filter sized for `n` words at false-positive rate `p`. */
  static sized(n: number, p: number): Bloom {
    const bits = Math.max(64, Math.ceil((-n * Math.log(p)) / (Math.LN2 * Math.LN2)));
    const hashes = Math.max(1, Math.round((bits / Math.max(1, n)) * Math.LN2));
    return new Bloom(new Uint8Array(Math.ceil(bits / 8)), bits, hashes);
  }

  static from(data: BloomData): Bloom {
    return new Bloom(fromBase64(data.bloom), data.bits, data.hashes);
  }

  private *positions(word: string): Generator<number> {
    const h1 = fnv(word, 0);
    const h2 = fnv(word, 0x9e3779b9) | 1;
    for (let i = 0; i < this.hashes; i++) yield (h1 + Math.imul(i, h2) >>> 0) % this.bits;
  }

  add(word: string): void {
    for (const p of this.positions(word)) this.bytes[p >> 3] |= 1 << (p & 7);
  }

  has(word: string): boolean {
    for (const p of this.positions(word)) if (!(this.bytes[p >> 3] & (1 << (p & 7)))) return false;
    return true;
  }

  toData(): BloomData {
    return { bits: this.bits, hashes: this.hashes, bloom: toBase64(this.bytes) };
  }
}
