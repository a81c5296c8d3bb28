/**
 * An Aho–Corasick automaton over every form of every glossary concept: one pass over the
 * text finds all of them, in time linear in the text (plus the number of matches),
 * whatever the glossary's size. Not one regular expression per term.
 *
 * Matching is case-insensitive for ASCII letters (so `Github` is found and the variant rule
 * can compare it with `GitHub`), exact for everything else. Chinese forms match anywhere,
 * also inside unspaced text (`用Github的`); a form that starts or ends with a Latin letter
 * or digit must not touch another one there (`Github` is not inside `Githubber`, `AI` not
 * inside `MAIL`). Overlaps resolve leftmost-longest.
 */

/** Lower-case ASCII letters only: keeps the UTF-16 length, so offsets stay valid. */
export function asciiLower(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

export function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

export interface RawMatch {
  start: number;
  end: number;
  /** Index of the pattern (as passed to the constructor). */
  pattern: number;
}

/** Root children from which the root's transitions get a dense table (the glossary's: thousands; a post's word list's: a few). */
const ROOT_TABLE_FROM = 64;

export class Matcher {
  /**
   * The goto function, laid out flat after construction (perf28: it was a `Map` keyed by
   * `node * 65536 + code`, one hash lookup per character and per step down the fail chain). A big
   * automaton's root (the glossary's: thousands of first characters) has a dense table by code
   * unit (0: none, so the root stays); every other node's children (and a small automaton's
   * root's) are one slice of `codes`/`targets`, sorted by code, from `first[node]` to `first[node + 1]`.
   */
  private root: Int32Array | undefined;
  private first: Int32Array = new Int32Array(2);
  private codes: Uint16Array = new Uint16Array(0);
  private targets: Int32Array = new Int32Array(0);
  private fail: Int32Array = new Int32Array(1);
  /** Pattern ending at a node (-1 for none). Patterns are deduplicated by the caller. */
  private out: Int32Array = new Int32Array(1);
  /** Nearest node on the fail chain that has an output (0 for none). */
  private outLink: Int32Array = new Int32Array(1);
  private readonly lengths: number[] = [];
  private readonly latinStart: boolean[] = [];
  private readonly latinEnd: boolean[] = [];
  readonly size: number;

  constructor(patterns: readonly string[]) {
    // The trie, built with a map (node * 65536 + code unit → child), then laid out flat.
    const next = new Map<number, number>();
    let nodes = 1;
    const outs: number[] = [-1];
    patterns.forEach((p, id) => {
      this.lengths.push(p.length);
      this.latinStart.push(p.length > 0 && isWordCode(p.charCodeAt(0)));
      this.latinEnd.push(p.length > 0 && isWordCode(p.charCodeAt(p.length - 1)));
      if (!p.length) return;
      let node = 0;
      for (let i = 0; i < p.length; i++) {
        const key = node * 65536 + asciiLower(p.charCodeAt(i));
        let n = next.get(key);
        if (n === undefined) {
          n = nodes++;
          next.set(key, n);
          outs.push(-1);
        }
        node = n;
      }
      if (outs[node] === -1) outs[node] = id;
    });
    this.size = nodes;
    this.out = Int32Array.from(outs);
    // Children slices, sorted by code within each node: the map's keys in numeric order are by parent, then by code.
    const keys = Float64Array.from(next.keys()).sort();
    const first = new Int32Array(nodes + 1);
    const codes = new Uint16Array(keys.length);
    const targets = new Int32Array(keys.length);
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      first[Math.floor(key / 65536) + 1]++;
      codes[k] = key % 65536;
      targets[k] = next.get(key)!;
    }
    for (let n = 0; n < nodes; n++) first[n + 1] += first[n];
    if (first[1] > ROOT_TABLE_FROM) {
      const root = (this.root = new Int32Array(65536));
      for (let k = first[0]; k < first[1]; k++) root[codes[k]] = targets[k];
    }
    this.first = first;
    this.codes = codes;
    this.targets = targets;
    this.fail = new Int32Array(nodes);
    this.outLink = new Int32Array(nodes);
    // Breadth first: a node's fail link is its parent's fail chain's first node with a child by the same code.
    const queue: number[] = [];
    for (let k = first[0]; k < first[1]; k++) queue.push(targets[k]);
    for (let qi = 0; qi < queue.length; qi++) {
      const node = queue[qi];
      for (let k = first[node]; k < first[node + 1]; k++) {
        const code = codes[k];
        const child = targets[k];
        let f = this.fail[node];
        let target = this.child(f, code);
        while (target === 0 && f !== 0) {
          f = this.fail[f];
          target = this.child(f, code);
        }
        const fc = target !== child ? target : 0;
        this.fail[child] = fc;
        this.outLink[child] = this.out[fc] !== -1 ? fc : this.outLink[fc];
        queue.push(child);
      }
    }
  }

  /** The child of `node` by `code`, 0 for none (no node has the root as a child). */
  private child(node: number, code: number): number {
    if (node === 0 && this.root) return this.root[code];
    let lo = this.first[node];
    let hi = this.first[node + 1];
    if (hi - lo <= 8) {
      for (; lo < hi; lo++) if (this.codes[lo] === code) return this.targets[lo];
      return 0;
    }
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = this.codes[mid];
      if (c === code) return this.targets[mid];
      if (c < code) lo = mid + 1;
      else hi = mid;
    }
    return 0;
  }

  /**
   * All matches in text[from, to), boundary-checked, overlaps resolved leftmost-longest.
   * `text` is read as is; case folding happens here. Offsets are reported less `base` (a block's matches relative to it).
   */
  find(text: string, from = 0, to = text.length, base = 0): RawMatch[] {
    const all = this.findAll(text, from, to, base);
    if (all.length < 2) return all;
    all.sort((a, b) => a.start - b.start || b.end - a.end);
    const picked: RawMatch[] = [];
    let reach = -1;
    for (const m of all) {
      if (m.start < reach) continue;
      picked.push(m);
      reach = m.end;
    }
    return picked;
  }

  /** Every match in text[from, to), overlapping ones included, in the order their ends are reached (offsets less `base`). */
  findAll(text: string, from = 0, to = text.length, base = 0): RawMatch[] {
    const all: RawMatch[] = [];
    let node = 0;
    for (let i = from; i < to; i++) {
      const code = asciiLower(text.charCodeAt(i));
      let n = this.child(node, code);
      while (n === 0 && node !== 0) {
        node = this.fail[node];
        n = this.child(node, code);
      }
      node = n;
      for (let o = this.out[node] !== -1 ? node : this.outLink[node]; o !== 0; o = this.outLink[o]) {
        const id = this.out[o];
        const end = i + 1;
        const start = end - this.lengths[id];
        if (this.latinStart[id] && start > 0 && isWordCode(text.charCodeAt(start - 1))) continue;
        if (this.latinEnd[id] && end < text.length && isWordCode(text.charCodeAt(end)) && !pluralS(text, start, end)) continue;
        if (splitsPair(text, start) || splitsPair(text, end)) continue;
        all.push({ start: start - base, end: end - base, pattern: id });
      }
    }
    return all;
  }
}

/** `LLMs`, `GPUs`: an all-caps abbreviation followed by a plural `s` and a boundary. */
function pluralS(text: string, start: number, end: number): boolean {
  if (text.charCodeAt(end) !== 115 /* s */ || (end + 1 < text.length && isWordCode(text.charCodeAt(end + 1)))) return false;
  if (end - start < 2) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return false;
  }
  return true;
}

function splitsPair(text: string, at: number): boolean {
  if (at <= 0 || at >= text.length) return false;
  const hi = text.charCodeAt(at - 1);
  const lo = text.charCodeAt(at);
  return hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff;
}
