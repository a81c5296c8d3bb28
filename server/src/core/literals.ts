/**
 * A cheap test that a regular expression cannot match a text, to skip running it: the literals one
 * of which every match must contain. `requiredLiterals('(?:发布|公布)(?:的|了)\\s*报告')` gives
 * [['报告'], ['发布', '公布'], ['的', '了']] (best first): a text without 发布 and without 公布 holds no
 * match. `prefilter` turns the best two sets into native patterns (same `i` flag, so the same case
 * folding) that the text must both match before the full pattern runs.
 *
 * Sound by construction: the small parser reads JavaScript regular-expression syntax without the
 * `u` or `v` flag, and gives up (no literal set: the pattern always runs) at anything it does not
 * read exactly: back-references, `\c`, Annex B's lenient braces and brackets, classes with class
 * escapes, large ranges. Only a sequence's single characters with no quantifier are joined into
 * longer literals; lookarounds and anchors match nothing and break a literal. Pure (no host APIs).
 */

import { isCjkCode } from './cjk';

/** A requirement: the match contains at least one of these strings. */
type Req = string[] | null;

const MAX_SET = 64;
const MAX_RANGE = 16;

class GiveUp extends Error {}

/** The literal sets of `source` (flags without `u`/`v`), most selective first; undefined when none is known. */
export function requiredLiterals(source: string, flags = ''): string[][] | undefined {
  if (/[uv]/.test(flags)) return undefined;
  try {
    const p = new Parser(source);
    const reqs = p.disjunction();
    if (p.i !== source.length) return undefined;
    return reqs.length ? reqs : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A test that is false only when `re` cannot match `text` (undefined when nothing is known: run
 * `re`). Kept per pattern by the caller; the tests are native patterns without `g` (no state).
 */
export function prefilter(re: RegExp): ((text: string) => boolean) | undefined {
  const sets = requiredLiterals(re.source, re.flags);
  if (!sets) return undefined;
  // Without `i` when no literal has case (CJK, digits, ASCII punctuation): the same matches, a faster scan.
  const flags = (set: string[]) => (re.flags.includes('i') && !set.every(uncased) ? 'i' : '');
  const tests = sets.slice(0, 2).map((set) => new RegExp(set.map(escape).join('|'), flags(set)));
  return tests.length === 1 ? (t) => tests[0].test(t) : (t) => tests[0].test(t) && tests[1].test(t);
}

/** No case folding maps to or from any of its characters: ASCII but letters, and CJK (cjk.ts). */
function uncased(s: string): boolean {
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 0x80 ? (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a : !isCjkCode(c)) return false;
  }
  return true;
}

function escape(s: string): string {
  let out = '';
  for (let k = 0; k < s.length; k++) out += /[A-Za-z0-9]/.test(s[k]) ? s[k] : '\\u' + s.charCodeAt(k).toString(16).padStart(4, '0');
  return out;
}

/** Most selective first: the longest shortest literal, then the fewest literals. */
function better(a: string[], b: string[]): number {
  const la = Math.min(...a.map((s) => s.length));
  const lb = Math.min(...b.map((s) => s.length));
  return lb - la || a.length - b.length;
}

function union(alts: Req[]): Req {
  const out = new Set<string>();
  for (const a of alts) {
    if (!a) return null;
    for (const s of a) out.add(s);
  }
  return out.size && out.size <= MAX_SET ? [...out] : null;
}

class Parser {
  i = 0;
  constructor(readonly src: string) {}

  private peek(k = 0): string {
    return this.src[this.i + k];
  }

  /** A disjunction at the top level: every requirement of the whole pattern (all hold), best first. */
  disjunction(): string[][] {
    const alts = this.alternatives();
    if (alts.length === 1) return alts[0].sort(better);
    const u = union(alts.map((a) => (a.length ? a.sort(better)[0] : null)));
    return u ? [u] : [];
  }

  /** `a|b|c` up to `)` or the end: each alternative's requirements (all of which hold for it). */
  private alternatives(): string[][][] {
    const alts: string[][][] = [this.sequence()];
    while (this.peek() === '|') {
      this.i++;
      alts.push(this.sequence());
    }
    return alts;
  }

  /** A sequence of terms: the requirements it implies (runs of plain characters joined). */
  private sequence(): string[][] {
    const reqs: string[][] = [];
    let run = '';
    const flush = () => {
      if (run) reqs.push([run]);
      run = '';
    };
    while (this.i < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      const atom = this.atom();
      const q = this.quantifier();
      if (atom.char !== undefined && q === 'one') {
        run += atom.char;
        continue;
      }
      flush();
      if (q === 'optional' || !atom.req) continue;
      reqs.push(atom.req);
    }
    flush();
    return reqs;
  }

  /** 'one' (none or {1}), 'optional' (may match zero times) or 'some' (at least once). */
  private quantifier(): 'one' | 'optional' | 'some' {
    const c = this.peek();
    let q: 'one' | 'optional' | 'some';
    if (c === '*' || c === '?') {
      this.i++;
      q = 'optional';
    } else if (c === '+') {
      this.i++;
      q = 'some';
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) throw new GiveUp();
      this.i += m[0].length;
      const min = Number(m[1]);
      q = min === 0 ? 'optional' : min === 1 && !m[2] ? 'one' : 'some';
    } else return 'one';
    if (this.peek() === '?') this.i++;
    return q;
  }

  /** One atom: a plain character (`char`), or what any match of it contains (`req`, null: unknown). */
  private atom(): { char?: string; req: Req } {
    const c = this.peek();
    if (c === '(') return this.group();
    if (c === '[') return { req: this.cls() };
    if (c === '.' || c === '^' || c === '$') {
      this.i++;
      return { req: null };
    }
    if (c === '\\') {
      this.i++;
      const e = this.peek();
      if (e === 'b' || e === 'B' || e === 'd' || e === 'D' || e === 'w' || e === 'W' || e === 's' || e === 'S') {
        this.i++;
        return { req: null };
      }
      const ch = this.escape();
      return { char: ch, req: [ch] };
    }
    if (c === ']' || c === '}' || c === '{' || c === '*' || c === '+' || c === '?' || c === undefined) throw new GiveUp();
    this.i++;
    return { char: c, req: [c] };
  }

  /** After a `\`: the character a character escape stands for (gives up on the others). */
  private escape(): string {
    const e = this.peek();
    const rest = this.src.slice(this.i);
    let m: RegExpExecArray | null;
    if ((m = /^u([0-9A-Fa-f]{4})/.exec(rest)) || (m = /^x([0-9A-Fa-f]{2})/.exec(rest))) {
      this.i += m[0].length;
      return String.fromCharCode(parseInt(m[1], 16));
    }
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v' };
    if (simple[e]) {
      this.i++;
      return simple[e];
    }
    // An identity escape of punctuation; letters, digits (back-references, octal) and the rest give up.
    if (e !== undefined && /[^A-Za-z0-9_]/.test(e) && e.charCodeAt(0) < 0x80) {
      this.i++;
      return e;
    }
    throw new GiveUp();
  }

  private group(): { req: Req } {
    this.i++; // (
    let look = false;
    if (this.peek() === '?') {
      const rest = this.src.slice(this.i);
      let m: RegExpExecArray | null;
      if ((m = /^\?(?:[=!]|<[=!])/.exec(rest))) look = true;
      else if (!(m = /^\?(?::|<[A-Za-z_$][\w$]*>)/.exec(rest))) throw new GiveUp();
      this.i += m[0].length;
    }
    const alts = this.alternatives();
    if (this.peek() !== ')') throw new GiveUp();
    this.i++;
    if (look) return { req: null };
    return { req: union(alts.map((a) => (a.length ? a.sort(better)[0] : null))) };
  }

  /** A character class: its characters when it is a small, plain, non-negated set. */
  private cls(): Req {
    this.i++; // [
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.i++;
    }
    const out = new Set<string>();
    let plain = !negated;
    let first = true;
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw new GiveUp();
      if (c === ']') {
        if (first) throw new GiveUp(); // `[]` and `[^]`: not worth reading
        this.i++;
        break;
      }
      first = false;
      const a = this.classAtom();
      if (a === null) {
        plain = false;
        continue;
      }
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.i++;
        const b = this.classAtom();
        if (b === null) throw new GiveUp(); // `[a-\d]`: Annex B, not read
        const from = a.charCodeAt(0);
        const to = b.charCodeAt(0);
        if (to < from) throw new GiveUp();
        if (to - from >= MAX_RANGE) plain = false;
        else for (let k = from; k <= to; k++) out.add(String.fromCharCode(k));
        continue;
      }
      out.add(a);
    }
    return plain && out.size && out.size <= MAX_SET ? [...out] : null;
  }

  /** One character of a class, or null for a class escape (`\d`, `\s`, `\w`…). */
  private classAtom(): string | null {
    const c = this.peek();
    if (c !== '\\') {
      this.i++;
      return c;
    }
    this.i++;
    const e = this.peek();
    if (e === 'd' || e === 'D' || e === 'w' || e === 'W' || e === 's' || e === 'S') {
      this.i++;
      return null;
    }
    if (e === 'b') {
      this.i++;
      return '\b';
    }
    return this.escape();
  }
}
