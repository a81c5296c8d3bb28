/**
 * A figure the post has already stated (issue #16 point 3; the seed-71206 readers' 'cited nearby' and
 * 'recap of earlier figure' classes, fan-wb ml1ga.md:128 and ipfs.md:254):
 *
 *   - 以太坊……TVL 达 [**600 亿**](https://defillama.com/chain/Ethereum)美元。          (line 52)
 *   …以太坊长期以来一直保持领先地位，拥有规模最大的 DeFi 生态，TVL 接近 **600 亿**美元。  (line 128)
 *
 *   排名前 10 的 AS 涵盖了 64.9% 的 IP 地址……                                          (section 4.2)
 *   ……但排名前 10 的自治系统就占了 64.9%，未来 IPFS 网络仍需扩大部署……                 (the summary)
 *
 * A summary or a later section restates a figure given earlier: the reader has seen where it comes
 * from, or, if the earlier place has no source, that place is where a source belongs (one finding per
 * figure, not one per mention). A claim restates an earlier sentence when every figure the detector
 * reads in it (its number signals other than a bare number, an approximation or a rank word: `600 亿`,
 * `64.9%`, `1,998,825`) stands in an earlier sentence of the post, in another block, with the same
 * number and unit, and the two sentences share a subject: a Latin name (`TVL`, not one of
 * `nearbyCitation.commonWords`) or at least two Chinese character pairs (`排名前`) besides the figure; a
 * rank counts as a figure to restate (`排名前 10`), but a rank alone restates nothing. A
 * round share or multiple (`90%`, `10 倍`: one significant digit, no magnitude) is no figure a reader
 * recognises again, and a sentence that reports from a source of its own (`在 DefiLlama 的 RWA 类别中排名
 * 第二`) makes a claim afresh (claim/unlinked does not ask).
 * Earlier sentences that link or footnote it cite the restatement (cleared); otherwise it is a hint
 * that names the earlier line. A round `10%` in two unrelated paragraphs shares no subject and stays.
 * Cost: one pass over the post's sentences (an index of figures, built once per post, each block's figures
 * kept per block window by the run's rule cache), then a look-up per figure of a claim.
 */
import data from '../../../../../data/claims/cues.json';
import type { Post } from '../../document';
import type { Sentence } from '../../sentences';
import type { Span } from '../../types';
import { groupPass, sentencesByBlock } from './claimSentences';
import { cleanText } from './cues';
import { citations } from './citations';
import type { Signal } from './detector';
import { charPairs, latinWords } from './figureSource';

/** A figure: a number (thousands separators dropped) and the unit or magnitude right after it. */
const FIGURE = /(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(%|％|倍|万亿|亿|万|千|[kKwWmMbB](?![A-Za-z]))?/g;
/** Units that scale the number: a figure with one of them names an amount (`600 亿`), round or not. */
const MAGNITUDE_UNIT = /^(?:万亿|亿|万|千|[kwmb])$/;
/** A rank: `排名前 10`, `排名第二`, `位列第 7`. */
const RANK = /(?:排名|排在|位列|位居|名列)\s*(第|前)\s*([一二三四五六七八九十百]+|\d+)/g;
/** Number signals that read no figure of their own (a bare number, `接近 600`); a rank word is read with its ordinal from the sentence. */
const NOT_FIGURES = new Set(['number.any', 'number.approx', 'number.rank']);
const COMMON = new Set(data.nearbyCitation.commonWords.map((w) => w.toLowerCase()));
const MIN_SHARED_PAIRS = 2;

interface Mention {
  /** Index in the post's claim sentences. */
  index: number;
  /** The sentence carries a link or a footnote reference. */
  cited: boolean;
}

interface Index {
  byFigure: Map<string, Mention[]>;
}

const memo = new WeakMap<Post, Index>();

function figureKeys(text: string): Array<{ key: string; unit: boolean }> {
  const out: Array<{ key: string; unit: boolean }> = [];
  FIGURE.lastIndex = 0;
  for (const m of text.matchAll(FIGURE)) {
    const n = m[1].replace(/,/g, '') + (m[2] ?? '');
    const unit = (m[3] ?? '').replace('％', '%').toLowerCase();
    // Years and short numbers without a unit name nothing a reader would recognise again.
    if (!unit && (n.length < 3 || /^(?:19|20)\d\d$/.test(n))) continue;
    // Nor does a round share or multiple (`90%`, `10 倍`): `90% 以上的交易量` and `成本降低了 90% 以上` in one
    // post are two facts (fan-wb ml1ga.md:121/143). A magnitude (`600 亿`) or two significant digits (`64.9%`) is one.
    if (!MAGNITUDE_UNIT.test(unit) && n.replace(/^0+|\.|0+$/g, '').replace(/^0+/, '').length < 2) continue;
    out.push({ key: unit ? `${n}${unit}` : n, unit: !!unit });
  }
  // A rank is a figure too (`排名前 10`, `排名第二`): a sentence that restates the TVL and adds its rank says something new.
  RANK.lastIndex = 0;
  for (const m of text.matchAll(RANK)) out.push({ key: `rank:${m[1]}${m[2]}`, unit: true });
  return out;
}

function indexOf(post: Post): Index {
  let ix = memo.get(post);
  if (ix) return ix;
  const byFigure = new Map<string, Mention[]>();
  const cites = citations(post);
  const overlaps = (s: Span) => cites.links.some((l) => l.span.start < s.end && l.span.end > s.start) || cites.footnoteRefs.some((r) => r.start < s.end && r.end > s.start);
  // Each sentence's figures are a function of its block's text: kept per block window by the run's rule
  // cache (as `possibleClaims`), so an edit reads the figures of the edited block's sentences alone.
  const groups = sentencesByBlock(post);
  const figuresOf = groupPass(post, 'claim/recap-figures', (group) => blockFigures(post, group.sentences));
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g];
    const figures = figuresOf(group, group.sub);
    for (let k = 0; k < figures.length; k++) {
      const keys = figures[k];
      if (!keys) continue;
      const i = group.at + k;
      const cited = overlaps(group.sentences[k]);
      for (let q = 0; q < keys.length; q++) {
        const key = keys[q];
        let list = byFigure.get(key);
        if (!list) byFigure.set(key, (list = []));
        if (list[list.length - 1]?.index !== i) list.push({ index: i, cited });
      }
    }
  }
  memo.set(post, (ix = { byFigure }));
  return ix;
}

/** The figure keys of each of a block's sentences (null for a sentence with none). */
function blockFigures(post: Post, sentences: readonly Sentence[]): Array<string[] | null> {
  const out: Array<string[] | null> = [];
  for (let k = 0; k < sentences.length; k++) {
    const s = sentences[k];
    const keys = /\d/.test(post.prose.slice(s.start, s.end)) ? figureKeys(cleanText(post, s).text) : [];
    out.push(keys.length ? keys.map((x) => x.key) : null);
  }
  return out;
}

function subject(text: string): { latin: Set<string>; pairs: Set<string> } {
  const bare = text.replace(FIGURE, ' ');
  return { latin: new Set(latinWords(bare).filter((w) => !COMMON.has(w))), pairs: charPairs(bare) };
}

/** Two sentences share a subject: a Latin name (not a common word) or two Chinese character pairs, figures aside. */
export function sharesSubject(a: string, b: string): boolean {
  const x = subject(a);
  const y = subject(b);
  for (const w of x.latin) if (y.latin.has(w)) return true;
  let shared = 0;
  for (const p of x.pairs) if (y.pairs.has(p) && ++shared >= MIN_SHARED_PAIRS) return true;
  return false;
}

export interface Restated {
  /** The earlier sentence that states the figure (the first that cites it, else the first). */
  sentence: Sentence;
  /** It carries a link or footnote. */
  cited: boolean;
}

/**
 * Does the claim `all[i]` restate figures the post stated earlier (see the header)? `claim` is its clean
 * text, `signals` the detector's. Undefined when a figure of it is new.
 */
export function restated(post: Post, all: readonly Sentence[], i: number, claim: string, signals: readonly Signal[]): Restated | undefined {
  const texts = signals.filter((x) => x.group === 'number' && x.weight > 0 && !NOT_FIGURES.has(x.id)).flatMap((x) => x.matches.map((m) => m.text));
  const keys = new Map<string, boolean>();
  for (const t of texts) for (const k of figureKeys(t)) keys.set(k.key, k.unit);
  if (signals.some((x) => x.id === 'number.rank' && x.weight > 0)) for (const k of figureKeys(claim)) if (k.key.startsWith('rank:')) keys.set(k.key, true);
  // A number read with its unit elsewhere in the signals (`600` of `600 亿`) is that figure.
  for (const [k, unit] of keys) if (!unit && [...keys].some(([o, u]) => u && o.startsWith(k) && /^\D/.test(o.slice(k.length)))) keys.delete(k);
  // A rank alone is no figure to recognise (`交易量排名第四` and `TVL 排名第四位` about two coins: fan-wb web3.md:120/37).
  if (![...keys.keys()].some((k) => !k.startsWith('rank:'))) return undefined;
  const { byFigure } = indexOf(post);
  const block = all[i].block;
  let found: Restated | undefined;
  for (const key of keys.keys()) {
    const earlier = (byFigure.get(key) ?? []).filter((m) => m.index < i && all[m.index].block !== block && sharesSubject(claim, cleanText(post, all[m.index]).text));
    if (!earlier.length) return undefined;
    const best = earlier.find((m) => m.cited) ?? earlier[0];
    // Every figure must be restated; the answer is cited only if each one's earlier place is.
    if (!found || (found.cited && !best.cited)) found = { sentence: all[best.index], cited: best.cited };
  }
  return found;
}
