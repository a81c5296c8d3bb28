/**
 * The list of peers a word stands in: `SA高球帽 > OEM高度 > MDA高度 > XDA高度` (keycap profiles),
 * `COM、LPT、USB` (ports), `debug、info、warn、dpanic、panic` (log levels), `流水线，超线程，多核，NUMA，GPU`.
 * Items are separated by `、` `,` `，` `;` `；` `/` `|` `>` `->` `→` `和` `与` `及` `或`; an item is a Latin
 * token with up to four Chinese characters after it (`XDA高度`), or up to six Chinese characters.
 * A word in such a list names one thing among its peers, the way a table row does: term/abbr-undefined
 * and term/misspelt weigh it (`peerList`), they do not decide on it alone.
 */
import { CJK_RANGES } from '../../cjk';
import { MARK } from '../../document';

const CJK = CJK_RANGES;
const SEP = '(?:[、,，;；/|>＞]|->|→|=>|和|与|及|或)';
const TOKEN = '[A-Za-z][A-Za-z0-9.+#_-]*';
/** Spaces, and the emphasis marks the prose view blanks (`**XA**、**TCC**`). */
const GAP = `[ \\u00a0${MARK}]*`;
/** An item after the word: it ends where the Chinese ends (not `数据以及应用等方面`, a phrase). */
const RIGHT_RE = new RegExp(`^${GAP}${SEP}${GAP}(?:(${TOKEN})[${CJK}]{0,4}|[${CJK}]{1,6})(?![${CJK}])`);
/** An item before the word: it starts where the Chinese starts (not the end of a clause). */
const LEFT_RE = new RegExp(`(?:(?<![A-Za-z0-9.+#_-])(${TOKEN})[${CJK}]{0,4}|(?<![A-Za-z0-9.+#_${CJK}-])[${CJK}]{1,6})${GAP}${SEP}${GAP}$`);
const SUFFIX_RE = new RegExp(`^[${CJK}]{0,4}`);
/** How far on either side a list is followed (UTF-16 code units). */
const REACH = 120;
/** At most this many items on either side. */
const MAX_ITEMS = 8;

export interface Peers {
  /** Items of the list besides the word itself. */
  items: number;
  /** The Latin tokens among them (`XDA高度` gives `XDA`). */
  latin: string[];
}

/** The other items of the list the word at [start, end) of `prose` stands in (no list: 0 items). */
export function listPeers(prose: string, start: number, end: number): Peers {
  const latin: string[] = [];
  let items = 0;
  let after = prose.slice(end, end + REACH);
  after = after.slice(SUFFIX_RE.exec(after)![0].length);
  let m: RegExpExecArray | null;
  for (let n = 0; n < MAX_ITEMS && (m = RIGHT_RE.exec(after)); n++) {
    items++;
    if (m[1]) latin.push(m[1]);
    after = after.slice(m[0].length);
  }
  let before = prose.slice(Math.max(0, start - REACH), start);
  for (let n = 0; n < MAX_ITEMS && (m = LEFT_RE.exec(before)); n++) {
    items++;
    if (m[1]) latin.push(m[1]);
    before = before.slice(0, m.index);
  }
  return { items, latin };
}

/** An abbreviation's shape: two capitals or more, at least half its letters, no three lower-case letters in a row (`XDA`, `PoW`, `DeFi`). */
export function abbreviationShaped(w: string): boolean {
  const letters = w.replace(/[^A-Za-z]/g, '');
  const caps = letters.replace(/[^A-Z]/g, '').length;
  return caps >= 2 && caps * 2 >= letters.length && !/[a-z]{3}/.test(w);
}

/**
 * Does the word stand among peers of its own kind: a list of four items or more, or one with two
 * Latin peers or more, whose Latin items all have the shape `same` asks for (and one Latin peer at least)?
 */
export function amongPeers(prose: string, start: number, end: number, same: (w: string) => boolean): boolean {
  const p = listPeers(prose, start, end);
  if (!p.latin.length || !p.latin.every(same)) return false;
  return p.items >= 3 || p.latin.length >= 2;
}
