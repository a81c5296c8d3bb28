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

export class Matcher {
  /** goto: (node * 65536 + code unit) → node. One flat map keeps memory small for 10k+ patterns. */
  private readonly next = new Map<number, number>();
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
        let n = this.next.get(key);
        if (n === undefined) {
          n = nodes++;
          this.next.set(key, n);
          outs.push(-1);
        }
        node = n;
      }
      if (outs[node] === -1) outs[node] = id;
    });
    this.size = nodes;
    this.out = Int32Array.from(outs);
    this.fail = new Int32Array(nodes);
    this.outLink = new Int32Array(nodes);
    // Children lists for the BFS, derived from the flat goto map.
    const children: Array<Array<[number, number]>> = Array.from({ length: nodes }, () => []);
    for (const [key, child] of this.next) children[Math.floor(key / 65536)].push([key % 65536, child]);
    const queue: number[] = [];
    for (const [, child] of children[0]) queue.push(child);
    for (let qi = 0; qi < queue.length; qi++) {
      const node = queue[qi];
      for (const [code, child] of children[node]) {
        let f = this.fail[node];
        let target = this.next.get(f * 65536 + code);
        while (target === undefined && f !== 0) {
          f = this.fail[f];
          target = this.next.get(f * 65536 + code);
        }
        const fc = target !== undefined && target !== child ? target : 0;
        this.fail[child] = fc;
        this.outLink[child] = this.out[fc] !== -1 ? fc : this.outLink[fc];
        queue.push(child);
      }
    }
  }

  /**
   * All matches in text[from, to), boundary-checked, overlaps resolved leftmost-longest.
   * `text` is read as is; case folding happens here.
   */
  find(text: string, from = 0, to = text.length): RawMatch[] {
    const all = this.findAll(text, from, to);
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

  /** Every match in text[from, to), overlapping ones included, in the order their ends are reached. */
  findAll(text: string, from = 0, to = text.length): RawMatch[] {
    const all: RawMatch[] = [];
    let node = 0;
    for (let i = from; i < to; i++) {
      const code = asciiLower(text.charCodeAt(i));
      let n = this.next.get(node * 65536 + code);
      while (n === undefined && node !== 0) {
        node = this.fail[node];
        n = this.next.get(node * 65536 + code);
      }
      node = n ?? 0;
      for (let o = this.out[node] !== -1 ? node : this.outLink[node]; o !== 0; o = this.outLink[o]) {
        const id = this.out[o];
        const end = i + 1;
        const start = end - this.lengths[id];
        if (this.latinStart[id] && start > 0 && isWordCode(text.charCodeAt(start - 1))) continue;
        if (this.latinEnd[id] && end < text.length && isWordCode(text.charCodeAt(end)) && !pluralS(text, start, end)) continue;
        if (splitsPair(text, start) || splitsPair(text, end)) continue;
        all.push({ start, end, pattern: id });
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
