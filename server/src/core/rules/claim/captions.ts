/**
 * Image captions and the source they name: `_图2 … | 数据源：Artificial Analysis_`,
 * `*Figure 3. … Source: Gartner*`, `来源：X` on a line of its own. A caption is a paragraph
 * line right under an image (Markdown or `<img>`), the text after an image on the image's own
 * line (`![图](x.png)*来源：某网站*`, italic or plain), a line that opens with `图N`/`Figure N`,
 * a wholly emphasised line, or a line that is only a source label. A bold label in a list item
 * (`2. **Source**：…`) is a list's own heading, not a caption.
 */
import type { Post, ProseBlock } from '../../document';
import { ATOM } from '../../document';
import type { Span } from '../../types';
import { cleanText, compilePattern, toSource, type CueSet } from './cues';
import { citations } from './citations';
import { overlapsAny } from '../../containers';
import { inListItem } from '../../containers';
import { memoized, windowPass, type BlockWindow, type MemoAsk } from '../../blockCache';
import { windowOf } from './claimSentences';

import cuesData from '../../../../../data/claims/cues.json';

/** A source written as a web address (data/claims/cues.json `webAddress`): cited, though not linked. */
const WEB_ADDRESS = compilePattern(cuesData.webAddress.pattern, 'i') ?? /(?!)/;

/** Does the caption name its source by a web address (`来源：rwa.xyz`)? A reader can follow it: cited, not linked. */
export function namesAddress(caption: CaptionSource): boolean {
  return isWebAddress(caption.name.text);
}

/** Is a source's name a web address (`rwa.xyz`, `www.example.org/stats`)? */
export function isWebAddress(name: string): boolean {
  return WEB_ADDRESS.test(name.trim());
}

export interface CaptionSource {
  /** The caption line (source span). */
  line: Span;
  /** `数据源：X` from the label through the name. */
  span: Span;
  label: string;
  /** 'credit' labels (图源, Image credit) only credit a picture. */
  strength: 'source' | 'credit';
  name: { text: string; span: Span };
}

const labelMemo = new WeakMap<CueSet, RegExp>();

function labelRe(set: CueSet): RegExp {
  let re = labelMemo.get(set);
  if (!re) {
    const labels = [...set.captionSource, ...set.captionCredit].sort((a, b) => b.length - a.length).map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'));
    // Through the one pattern compiler (the labels are escaped, so it always compiles).
    re = compilePattern(`(?:^|[|｜/／\\s\\uFFFC(（,，;；、—–-])(${labels.join('|')})\\s*[:：]\\s*`, 'gi') ?? /(?!)/g;
    labelMemo.set(set, re);
  }
  return re;
}

const memo = new WeakMap<ProseBlock, CaptionSource | null>();

/** The source a caption block names, if the block is a caption with a source label. */
export function captionSource(post: Post, block: ProseBlock, set: CueSet, w: BlockWindow | undefined = windowOf(post, block)): CaptionSource | undefined {
  if (block.type !== 'paragraph') return undefined;
  // No source label where a caption has it: none (the window's look, kept across edits), without the per-post memo.
  const look = w && captionLook(post, w, set);
  if (look && !look.label) return undefined;
  return perParagraph(memo, block, () => (w && look ? inLook(post, block, set, w, look) : find(post, block, set)));
}

const titleMemo = new WeakMap<ProseBlock, CaptionSource | null>();

/**
 * A figure title with no source label (`_图5 以太坊与 L2 单日活跃地址数_`, `*Figure 2. Daily fees*`):
 * the block's first line with prose (after any image lines) opens with `图N`/`Figure N` or is
 * wholly emphasised, and is short. Under a live embed the embed is its source (figureSource.ts);
 * `label` and `name` are empty and `span` is the end of the line.
 */
export function figureTitle(post: Post, block: ProseBlock, set: CueSet): CaptionSource | undefined {
  if (block.type !== 'paragraph') return undefined;
  const w = windowOf(post, block);
  // The window's look (asked once: it also says where the title line is).
  const look = w && captionLook(post, w, set);
  if (look && !look.title) return undefined;
  return perParagraph(titleMemo, block, () => {
    if (w && look) {
      const line = { start: w.base + look.start, end: w.base + look.end };
      const at = { start: line.end, end: line.end };
      return { line, span: at, label: '', strength: 'source', name: { text: '', span: at } };
    }
    const { prose } = post;
    let start = block.span.start;
    while (start < block.span.end) {
      let end = prose.indexOf('\n', start);
      if (end < 0 || end > block.span.end) end = block.span.end;
      const line = { start, end };
      const clean = cleanText(post, line);
      const body = clean.text.replace(/\uFFFC/g, '').trim();
      if (body) {
        if (body.length > 120) return undefined;
        const opens = set.captionStart.some((r) => ((r.lastIndex = 0), r.test(body)));
        if (!opens && !wholeEmphasis(post, line)) return undefined;
        const at = { start: end, end };
        return { line, span: at, label: '', strength: 'source', name: { text: '', span: at } };
      }
      start = end + 1;
    }
    return undefined;
  });
}

/** A paragraph's answer, computed once and kept in `memo` (null for none); other blocks have none. */
export function perParagraph<T>(memo: WeakMap<ProseBlock, T | null>, block: ProseBlock, compute: () => T | undefined): T | undefined {
  const m = memo.get(block);
  if (m !== undefined) return m ?? undefined;
  const r = block.type === 'paragraph' ? compute() : undefined;
  memo.set(block, r ?? null);
  return r;
}

/** A block of the post: its window's look (with a label) says which line is the caption. */
function inLook(post: Post, block: ProseBlock, set: CueSet, w: BlockWindow, look: CaptionLook): CaptionSource | undefined {
  const { text } = post;
  const line = { start: w.base + look.start, end: w.base + look.end };
  const sameLine = IMAGE_LEAD.test(text.slice(line.start, line.end));
  return inLine(post, line, cleanText(post, line), set, sameLine || line.start > block.span.start || afterImage(text, block.span.start), sameLine);
}

/** A part of a block (`figureSource.ts` `captionInside`): line by line. */
function find(post: Post, block: ProseBlock, set: CueSet): CaptionSource | undefined {
  const { prose, text } = post;
  // The block's lines; the caption is the first line with prose after any image lines.
  let start = block.span.start;
  while (start < block.span.end) {
    let end = prose.indexOf('\n', start);
    if (end < 0 || end > block.span.end) end = block.span.end;
    const line = { start, end };
    const glance = lineGlance(post, line, set);
    if (glance.body) {
      if (!glance.label) return undefined; // what `inLine` finds on a line without a source label
      const clean = cleanText(post, line);
      const sameLine = IMAGE_LEAD.test(text.slice(line.start, line.end));
      return inLine(post, line, clean, set, sameLine || start > block.span.start || afterImage(text, block.span.start), sameLine);
    }
    start = end + 1;
  }
  return undefined;
}

/**
 * What a block shows of a caption, in its window's offsets: its first line with prose (after any image
 * lines: `start`–`end`, -1 when it has none), whether a source label is on that line where `inLine` may read
 * one (`lineGlance`'s answer), and whether the line is a figure title (`figureTitle`'s test). All of it reads
 * the block's own lines only, so it is a function of the window (its key: the lines' text and prose, the
 * block's kind and place in them) and the config: kept by the run's rule cache (blockCache.ts `memoized`),
 * an edit looks again at the changed windows only, and nothing of the others is sliced, cleaned or hashed
 * (perf33: a line's look was kept by the line's text, sliced and hashed for every paragraph on every edit).
 */
interface CaptionLook {
  start: number;
  end: number;
  label: boolean;
  title: boolean;
}

const NO_LOOK: CaptionLook = { start: -1, end: -1, label: false, title: false };

/**
 * Each post's look-up of a window's look (`windowPass`: its closures made once per post, not per look). The cue set is
 * passed along (one per config, as the cache's values are: the key need not hold it).
 */
const lookPasses = new WeakMap<Post, MemoAsk<BlockWindow, CaptionLook, CueSet>>();

function captionLook(post: Post, w: BlockWindow, set: CueSet): CaptionLook {
  let ask = lookPasses.get(post);
  if (!ask) lookPasses.set(post, (ask = windowPass(post, 'claim/caption-look', (w: BlockWindow, set: CueSet) => lookOf(post, w, set))));
  return ask(w, '', set);
}

function lookOf(post: Post, w: BlockWindow, set: CueSet): CaptionLook {
  const { prose } = post;
  const blockEnd = w.base + w.to;
  let start = w.base + w.from;
  while (start < blockEnd) {
    let end = prose.indexOf('\n', start);
    if (end < 0 || end > blockEnd) end = blockEnd;
    const line = { start, end };
    const clean = cleanText(post, line);
    const body = clean.text.replace(/\uFFFC/g, '').trim();
    if (body) {
      let label = false;
      if (clean.text.length <= 400) {
        const re = labelRe(set);
        re.lastIndex = 0;
        label = re.test(clean.text);
        re.lastIndex = 0;
      }
      const title = body.length <= 120 && (set.captionStart.some((r) => ((r.lastIndex = 0), r.test(body))) || wholeEmphasis(post, line));
      return { start: start - w.base, end: end - w.base, label, title };
    }
    start = end + 1;
  }
  return NO_LOOK;
}

/**
 * Has the line prose (more than images), and a source label where `inLine` may read one? Cleaned
 * and searched once per line text (the prose of the line determines both) and kept by the run's
 * rule cache (blockCache.ts `memoized`): after an edit only the edited lines are looked at again.
 */
function lineGlance(post: Post, line: Span, set: CueSet): { body: boolean; label: boolean } {
  return memoized(post, 'claim/caption-line', () => post.prose.slice(line.start, line.end), () => {
    const clean = cleanText(post, line);
    const body = !!clean.text.replace(/\uFFFC/g, '').trim();
    if (!body || clean.text.length > 400) return { body, label: false };
    const re = labelRe(set);
    re.lastIndex = 0;
    const label = re.test(clean.text);
    re.lastIndex = 0;
    return { body, label };
  });
}

/** A line that opens with an image (Markdown or `<img>`): the text after it is the image's caption. */
const IMAGE_LEAD = /^[\s>]*(?:!\[[^\]]*\]\([^)]*\)|<img\b[^>]*>)/i;

function afterImage(text: string, blockStart: number): boolean {
  const lineStart = text.lastIndexOf('\n', blockStart - 1) + 1;
  if (lineStart === 0) return false;
  const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
  const prev = text.slice(prevStart, lineStart - 1);
  return /^[\s>]*(?:<img\b|!\[[^\]]*\]\(|<figure\b|<picture\b)/i.test(prev) && /(?:>|\))\s*$/.test(prev);
}

function inLine(post: Post, line: Span, clean: ReturnType<typeof cleanText>, set: CueSet, underImage: boolean, sameLine = false): CaptionSource | undefined {
  if (clean.text.length > 400) return undefined;
  // On the image's own line the caption starts after the image (and any space).
  const lead = sameLine ? /^[\s\uFFFC]*/.exec(clean.text)![0].length : clean.text.length - clean.text.trimStart().length;
  const lineText = clean.text.slice(lead).trim();
  const re = labelRe(set);
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  let found: RegExpExecArray | undefined;
  while ((m = re.exec(clean.text))) found = m; // the last label on the line
  if (!found) return undefined;
  const labelStart = found.index + found[0].indexOf(found[1]);
  // `[source](/glossary#source)：…` is a linked term, not a label.
  if (overlapsAny(citations(post).spans, toSource(clean, labelStart, labelStart + found[1].length))) return undefined;
  const atStart = labelStart === lead;
  // `2. **Source**：…`: a bold label in a list item heads the item; it is not a caption.
  if (!underImage && inListItem(post, line) && boldLabel(post, clean, labelStart, found[1].length)) return undefined;
  const captionStart = set.captionStart.some((r) => {
    r.lastIndex = 0;
    return r.test(lineText);
  });
  const emphasised = wholeEmphasis(post, line);
  if (!(underImage || captionStart || emphasised || (atStart && clean.text.length - labelStart <= 120))) return undefined;
  const nameStart = found.index + found[0].length;
  let nameEnd = clean.text.length;
  while (nameEnd > nameStart && /[\s)）.。]/.test(clean.text[nameEnd - 1])) nameEnd--;
  const raw = clean.text.slice(nameStart, nameEnd);
  if (!raw.replace(/\uFFFC/g, '').trim() && !raw.includes(ATOM)) return undefined;
  const label = found[1];
  const strength = set.captionCredit.some((l) => l.toLowerCase() === label.toLowerCase().replace(/\s+/g, ' ')) ? 'credit' : 'source';
  return {
    line,
    span: toSource(clean, labelStart, nameEnd),
    label,
    strength,
    name: { text: raw.trim(), span: toSource(clean, nameStart, nameEnd) },
  };
}

/** The label is set in bold (`**来源**：`): Markdown syntax right around it in the source. */
function boldLabel(post: Post, clean: ReturnType<typeof cleanText>, at: number, length: number): boolean {
  const start = clean.map[at];
  const end = clean.map[at + length - 1] + 1;
  return /(?:\*\*|__)\s*$/.test(post.text.slice(Math.max(0, start - 3), start)) && /^\s*(?:\*\*|__)/.test(post.text.slice(end, end + 3));
}

/** The line is one emphasis run: `_…_` or `*…*` (its first and last characters are emphasis syntax). */
function wholeEmphasis(post: Post, line: Span): boolean {
  const t = post.text.slice(line.start, line.end).trim();
  return /^(?:[_*]{1,3})[^_*][\s\S]*[^_*\s](?:[_*]{1,3})$/.test(t) || /^<(em|i|small|figcaption)>[\s\S]*<\/\1>$/i.test(t);
}
