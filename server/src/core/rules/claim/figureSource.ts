/**
 * A figure or table right after (or right above) a paragraph whose caption names a source (issue #16, point 3):
 *
 *   自 2022 年底以来，RWA 在 MakerDAO 的收入份额显著增长，目前占据了该协议收入的 61％。
 *
 *   <iframe src="https://dune.com/embeds/…"></iframe>
 *   _图14 RWA为Maker协议提供了60%以上的收入  数据源：Dune_
 *
 * The chart under the paragraph shows the figures and its caption says where they come from, so
 * the paragraph's claims have their source on the page (the caption's own name, if unlinked, is
 * `claim/caption-source`'s to report). What counts as "right after": the next prose block is the
 * caption (captions.ts: `数据源：…`, `来源：…`, `Source: …` on the image's line or the line under
 * it), and between the paragraph and the caption there is nothing but a figure (a Markdown image,
 * `<img>`, `<iframe>`, `<figure>`, `<picture>`, `<video>`, `<embed>`) or a table, at most a few
 * lines. A chart's credit label (`图源：growthepie`) names where the chart, so its data, comes from,
 * and counts as well (the seed-1206 readers, session 12); a caption with no figure above it does not.
 * A figure right above the paragraph counts the same way: its caption ends at most three lines before
 * the paragraph (`_图5 … | 图源：Artemis_` and then `Solana … 占据了整个市场 TVL 的近 10%`).
 * A live embed (`<iframe src="https://dune.com/embeds/…">`, data/claims/cues.json `liveEmbed`) is
 * the source itself: its caption cites (`captionCites`) whatever its label, and a figure title with no
 * label under it (`_图5 以太坊与 L2 单日活跃地址数_`) is its caption, named by the embed's site.
 *
 * A long paragraph holds more figures than its chart shows (`…代币价值下跌超 90%。…USDC 存款利率分别
 * 下降至 1.86%` above a chart of lending rates), so a sentence counts as sourced by the caption only
 * when it is about what the figure shows (`aboutFigure`): it names the caption's source, or it shares
 * a Latin word (a name: `Akash`, `RWA`, `H100`) or at least three Chinese character pairs (`持币地址`)
 * with the caption's title; and not when it names another source of its own (`Defillama 数据显示…`
 * above a LoanScan chart).
 */
import data from '../../../../../data/claims/cues.json';
import type { Post, ProseBlock } from '../../document';
import { countWhile, positionAt } from '../../text';
import { CJK_RANGES } from '../../cjk';
import { captionSource, figureTitle, namesAddress, perParagraph, type CaptionSource } from './captions';
import { MARK, ATOM } from '../../document';
import { cleanText, compilePattern, type CueSet } from './cues';
import { nameKey } from './sources';
import { citations } from './citations';
import { overlapsAny } from '../../containers';

/** The lines between the paragraph and its figure's caption are at most this many. */
const MAX_GAP_LINES = 6;
/** A caption right above the paragraph ends at most this many lines before it (a blank line, an attribute line such as `{: .prompt-info }`). */
const MAX_ABOVE_LINES = 3;
/** A figure further down the section (`findFurther`): at most this many prose blocks between, its caption at most this many lines below. */
const MAX_SKIPPED_BLOCKS = 3;
const MAX_FURTHER_LINES = 16;

const FIGURE = /(?:!\[[^\]]*\]\(|<(?:img|iframe|figure|picture|video|embed|object)\b)/i;

/** A live embed of a chart (data/claims/cues.json `liveEmbed`): its address is the data's own page. */
const EMBEDS = data.liveEmbed.patterns.map((p) => compilePattern(p, 'gi')).filter((r): r is RegExp => !!r);

const memo = new WeakMap<ProseBlock, CaptionSource[] | null>();
/** Captions found further down (`findFurther`) that the text does not refer to by number: about them only by `aboutFigure` strict. */
const further = new WeakSet<CaptionSource>();

/** A figure further down the section that the text does not refer to by its number: a sentence is about it only by `aboutFigure`'s strict test. */
export function needsStrict(caption: CaptionSource): boolean {
  return further.has(caption);
}
/** Captions whose figure is a live embed, with the embed's address. */
const live = new WeakMap<CaptionSource, string>();

/**
 * The captions that name a source of the figure or table right after the block and of the figure
 * right above it (its caption ends at most three lines before the paragraph), in that order. A
 * caption under a live embed (`<iframe src="https://dune.com/embeds/…">`) needs no label: the
 * embed is its source.
 */
export function figuresNear(post: Post, block: ProseBlock, set: CueSet): readonly CaptionSource[] {
  return perParagraph(memo, block, () => [find(post, block, set), findAbove(post, block, set), findFurther(post, block, set), findFurtherAbove(post, block, set)].filter((c): c is CaptionSource => !!c)) ?? [];
}

/**
 * The address of a live embed right above the offset (within a few lines, with no prose between
 * them but image lines), if any: the caption at the offset is the embed's.
 */
export function embedAbove(post: Post, at: number): string | undefined {
  const { text, lineStarts, blocks } = post;
  const line = positionAt(lineStarts, at).line;
  const from = lineStarts[Math.max(0, line - MAX_GAP_LINES)];
  const chunk = text.slice(from, at);
  let url: string | undefined;
  let end = -1;
  for (const re of EMBEDS) {
    re.lastIndex = 0;
    for (let m = re.exec(chunk); m; m = re.exec(chunk)) {
      if (m.index + m[0].length > end) {
        end = m.index + m[0].length;
        url = m.groups?.url ?? m[0];
      }
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  if (!url) return undefined;
  const embedEnd = from + end;
  // No prose between the embed and the caption but image lines.
  for (let k = countWhile(blocks.length, (i) => blocks[i].span.end <= embedEnd); k < blocks.length && blocks[k].span.start < at; k++) {
    const b = blocks[k];
    const upto = Math.min(b.span.end, at);
    if (b.span.start >= embedEnd && cleanText(post, { start: b.span.start, end: upto }).text.replace(/\uFFFC/g, '').trim()) return undefined;
  }
  return url;
}

/** The caption of the paragraph: a source label, or a figure title under a live embed (named by the embed's site). */
function captionOf(post: Post, block: ProseBlock, set: CueSet): CaptionSource | undefined {
  const labelled = captionSource(post, block, set);
  const url = embedAbove(post, (labelled ?? figureTitle(post, block, set))?.line.start ?? block.span.start);
  if (labelled) {
    if (url) live.set(labelled, url);
    return labelled;
  }
  const title = url ? figureTitle(post, block, set) : undefined;
  if (!title || !url) return undefined;
  const named: CaptionSource = { ...title, name: { text: siteName(url), span: title.name.span } };
  live.set(named, url);
  return named;
}

/** `https://www.growthepie.xyz/embed/…` → `growthepie`: the name of the embed's site. */
function siteName(url: string): string {
  const host = /^(?:https?:)?\/\/([^/?#:]+)/i.exec(url)?.[1] ?? '';
  const parts = host.replace(/^www\./i, '').split('.');
  return parts.length > 1 ? parts[parts.length - 2] : parts[0] ?? '';
}

function find(post: Post, block: ProseBlock, set: CueSet): CaptionSource | undefined {
  const inside = captionInside(post, block, set);
  if (inside) return inside;
  const { blocks, text } = post;
  const after = countWhile(blocks.length, (i) => blocks[i].span.start <= block.span.start);
  let k = after;
  // A table right after the paragraph: its cells are prose blocks; the caption follows them.
  let table = false;
  while (k < blocks.length && blocks[k].type === 'tableCell') {
    table = true;
    k++;
  }
  const next = blocks[k];
  if (!next || next.type !== 'paragraph') return undefined;
  const caption = table ? captionSource(post, next, set) : captionOf(post, next, set);
  if (!caption) return undefined;
  const figureLine = text.slice(caption.line.start, caption.line.end);
  if (table) {
    // A table's caption sits right under it, and the table right under the paragraph.
    if (caption.strength !== 'source') return undefined;
    if (linesBetween(post, block.span.end, blocks[after].span.start) > 2 || linesBetween(post, blocks[k - 1].span.end, caption.line.start) > 2) return undefined;
    return caption;
  }
  // The figure: between the paragraph and the caption line, or on the caption's own line.
  if (linesBetween(post, block.span.end, caption.line.start) > MAX_GAP_LINES) return undefined;
  const between = text.slice(block.span.end, caption.line.start);
  if (!FIGURE.test(between) && !FIGURE.test(figureLine)) return undefined;
  return caption;
}

/**
 * A figure inside the paragraph: its text, then an image line and the caption with no blank line
 * between (`…稳步增长上。` / `<img src=…>` / `_图10 每月稳定币发送者数量 | 图源：TokenTerminal_`) make one
 * Markdown paragraph, so the caption is not the next block's. The last line of the paragraph that
 * shows a figure, if it is not the paragraph's first line (then the paragraph is a caption block),
 * and the lines after it are read as a caption block of their own.
 */
function captionInside(post: Post, block: ProseBlock, set: CueSet): CaptionSource | undefined {
  const { text } = post;
  let lineEnd = block.span.end;
  for (let nl = text.lastIndexOf('\n', lineEnd - 1); nl >= block.span.start; nl = text.lastIndexOf('\n', nl - 1)) {
    if (FIGURE.test(text.slice(nl + 1, lineEnd))) return captionOf(post, { ...block, span: { start: nl + 1, end: block.span.end } }, set);
    lineEnd = nl;
  }
  return undefined;
}

/**
 * The figure a little further down the same section: after one to `MAX_SKIPPED_BLOCKS` prose blocks
 * (the next paragraph, a lead-in's list items), with no heading, table or other figure between, its
 * caption at most `MAX_FURTHER_LINES` lines below the paragraph. A chart often closes a run of two or
 * three paragraphs or a list it illustrates (`L2 交易量呈现显著增长…` and then `…（见图 1 中的灰色部分）`
 * above `_图1 … | 图源：growthepie_`: fan-wb, the seed-61313 readers' 'cited nearby'). Like the
 * adjacent figure it sources only the sentences about what it shows (`aboutFigure`).
 */
function findFurther(post: Post, block: ProseBlock, set: CueSet): CaptionSource | undefined {
  const { blocks, text } = post;
  const after = countWhile(blocks.length, (i) => blocks[i].span.start <= block.span.start);
  let prevEnd = block.span.end;
  for (let k = after, skipped = 0; k < blocks.length; k++) {
    const b = blocks[k];
    if (b.type !== 'paragraph' || linesBetween(post, block.span.end, b.span.start) > MAX_FURTHER_LINES) return undefined;
    // A figure between this block and the last: the first caption after it is that figure's (find's when adjacent).
    const between = text.slice(prevEnd, b.span.start);
    const caption = captionOf(post, b, set);
    if (caption) {
      if (skipped === 0) return undefined;
      if (linesBetween(post, prevEnd, caption.line.start) > MAX_GAP_LINES) return undefined;
      if (!FIGURE.test(between) && !FIGURE.test(text.slice(caption.line.start, caption.line.end))) return undefined;
      // Further away, a shared Latin name is not enough (`Ondo` in a list of yields over a diagram of
      // Ondo's investment flow), unless the text refers to the figure by its number (`见图 1`).
      const n = /图\s*(\d+)|\b(?:Figure|Fig\.)\s*(\d+)/i.exec(post.prose.slice(caption.line.start, caption.span.start));
      const num = n?.[1] ?? n?.[2];
      const referred = !!num && new RegExp(`(?:图|\\b(?:Figure|Fig\\.))\\s*${num}(?!\\d)`, 'i').test(post.prose.slice(block.span.start, caption.line.start));
      if (referred) return caption;
      // A copy: the same caption may be another paragraph's adjacent figure.
      const far: CaptionSource = { ...caption };
      const url = live.get(caption);
      if (url) live.set(far, url);
      further.add(far);
      return far;
    }
    if (FIGURE.test(between) || /^\s*(?:\||<table)/m.test(between) || ++skipped > MAX_SKIPPED_BLOCKS) return undefined;
    prevEnd = b.span.end;
  }
  return undefined;
}

/** Captions found further up (`findFurtherAbove`): about them only a sentence that reports from the source they name. */
const byName = new WeakSet<CaptionSource>();

/**
 * The figure a little further up the same section: its caption one to `MAX_SKIPPED_BLOCKS` prose blocks
 * above the paragraph (no heading, table or other figure between), at most `MAX_FURTHER_LINES` lines
 * up. A paragraph that reports from the source the chart above names (`Defillama 数据显示，…从高峰时的
 * 1800 亿美元下降至约 390 亿美元` a paragraph under `<iframe src="https://defillama.com/…">` /
 * `_图1 DeFi生态总锁定价值  数据源：DefiLlama_`: the seed-71206 readers' 'cited nearby', fan-wb
 * rwa.md:42) points back to it; only such a sentence is about it (`aboutFigure`), not one that shares
 * a word with its title.
 */
function findFurtherAbove(post: Post, block: ProseBlock, set: CueSet): CaptionSource | undefined {
  const { blocks, text } = post;
  const at = countWhile(blocks.length, (i) => blocks[i].span.start < block.span.start);
  if (blocks[at] !== block) return undefined;
  let nextStart = block.span.start;
  for (let k = at - 1, skipped = 0; k >= 0; k--) {
    const b = blocks[k];
    if (b.type !== 'paragraph' || linesBetween(post, b.span.end, block.span.start) > MAX_FURTHER_LINES) return undefined;
    const between = text.slice(b.span.end, nextStart);
    const caption = captionOf(post, b, set);
    if (caption) {
      // The caption right above is findAbove's.
      if (skipped === 0) return undefined;
      // The figure over the caption: in its paragraph, on its line, or between the block before and it.
      const from = Math.max(k >= 1 ? blocks[k - 1].span.end : 0, post.lineStarts[Math.max(0, positionAt(post.lineStarts, caption.line.start).line - MAX_GAP_LINES)]);
      if (!live.has(caption) && !FIGURE.test(text.slice(Math.min(from, b.span.start), caption.line.end))) return undefined;
      const far: CaptionSource = { ...caption };
      const url = live.get(caption);
      if (url) live.set(far, url);
      byName.add(far);
      return far;
    }
    if (FIGURE.test(between) || /^\s*(?:\||<table|#)/m.test(between) || ++skipped > MAX_SKIPPED_BLOCKS) return undefined;
    nextStart = b.span.start;
  }
  return undefined;
}

/** The figure right above the paragraph: its caption is the block before, at most three lines up, with the figure over it. */
function findAbove(post: Post, block: ProseBlock, set: CueSet): CaptionSource | undefined {
  const { blocks, text } = post;
  const at = countWhile(blocks.length, (i) => blocks[i].span.start < block.span.start);
  const prev = blocks[at - 1];
  if (!prev || prev.type !== 'paragraph' || blocks[at] !== block) return undefined;
  const caption = captionOf(post, prev, set);
  if (!caption || linesBetween(post, caption.line.end, block.span.start) > MAX_ABOVE_LINES) return undefined;
  if (live.has(caption)) return caption;
  // An image over the caption: in the caption's paragraph, on its line, or between the block before and it.
  const from = Math.max(at >= 2 ? blocks[at - 2].span.end : 0, post.lineStarts[Math.max(0, positionAt(post.lineStarts, caption.line.start).line - MAX_GAP_LINES)]);
  const over = text.slice(Math.min(from, prev.span.start), caption.line.end);
  return FIGURE.test(over) ? caption : undefined;
}

/** The line breaks between two offsets (from the post's line starts, not by scanning the text). */
function linesBetween(post: Post, from: number, to: number): number {
  return positionAt(post.lineStarts, to).line - positionAt(post.lineStarts, from).line;
}

/** Shared Chinese character pairs that make a sentence about the caption's figure. */
const MIN_SHARED_PAIRS = 3;
/** Latin words of a caption that name no subject (data/claims/cues.json `figureCaption`, with the source of the list). */
const CAPTION_WORDS = new Set(data.figureCaption.namelessWords.map((w) => w.toLowerCase()));
/** What stands right before or after a name the sentence reports as its own source (data/claims/cues.json `figureCaption`). */
const REPORTS_BEFORE = new RegExp(data.figureCaption.reportsBefore);
const REPORTS_AFTER = new RegExp(data.figureCaption.reportsAfter);

interface CaptionKeys {
  latin: Set<string>;
  pairs: Set<string>;
  source: string;
  /** The figures the title states (`超 180 亿美元的资产转移至 L2`: 180), not its number or a year. */
  figures: Set<string>;
}

const titleMemo = new WeakMap<CaptionSource, CaptionKeys>();

function captionKeys(post: Post, caption: CaptionSource): CaptionKeys {
  let k = titleMemo.get(caption);
  if (!k) {
    const title = post.prose.slice(caption.line.start, caption.span.start).split(MARK).join('').split(ATOM).join(' ');
    const bare = title.replace(/图\s*\d+/g, '');
    k = { latin: new Set(latinWords(title).filter((w) => !CAPTION_WORDS.has(w))), pairs: charPairs(bare), source: nameKey(caption.name.text), figures: figuresOf(bare) };
    titleMemo.set(caption, k);
  }
  return k;
}

/**
 * Is the sentence (its clean text) about what the captioned figure shows? `named` is the source
 * the sentence names itself, if any. `strict`: by the caption's source reported from, a figure or
 * three Chinese character pairs only, not by a shared Latin name or the source named as a subject.
 */
export function aboutFigure(post: Post, caption: CaptionSource, sentence: string, named: string | undefined, strict = false): boolean {
  const keys = captionKeys(post, caption);
  // A figure further up: only a sentence that reports from its source (`Defillama 数据显示…`) points back to it.
  if (byName.has(caption)) return keys.source.length >= 2 && reports(sentence, caption.name.text);
  // The caption states one of the sentence's figures (`16 万亿美元` in both): the chart shows it, whoever the sentence names
  // (`根据 BCG 的研究…16 万亿美元` over `_图10 …将达到16万亿美元 图源：波士顿咨询_`).
  if (keys.figures.size) for (const f of figuresOf(sentence)) if (keys.figures.has(f)) return true;
  // The sentence reports its own source (`根据 X 的数据`, `X 数据显示`): the caption's only if it is the same.
  if (named !== undefined && reports(sentence, named)) {
    const own = nameKey(named);
    if (own.length >= 2 && keys.source.length >= 2) return own.includes(keys.source) || keys.source.includes(own);
  }
  // (strict: reported from, `根据 DefiLlama 数据`, not only named as the subject, `Centrifuge 于 2017 年上线…`.)
  if (keys.source.length >= 2 && nameKey(sentence).includes(keys.source) && (!strict || reports(sentence, caption.name.text))) return true;
  // (`strict`: a shared Latin name is a topic, not the chart's datum: a crypto blog writes `DeFi` in every paragraph.)
  if (!strict && latinWords(sentence).some((w) => keys.latin.has(w))) return true;
  let shared = 0;
  for (const p of charPairs(sentence)) if (keys.pairs.has(p) && ++shared >= MIN_SHARED_PAIRS) return true;
  return false;
}

/**
 * A figure with no caption right under the paragraph (the next line after a blank one is an image,
 * and no caption follows it), e.g. a screenshot of the data: `根据 TradingView 的统计数据，…DeFi 总市值仅
 * 50 亿美元…` over `![](…/TOTALDEFI_2023-03-28_13-30-27.png)` (the seed-71206 readers' 'cited nearby',
 * fan-wb web3.md:110).
 */
export function screenshotUnder(post: Post, block: ProseBlock, set: CueSet): boolean {
  const { blocks, text } = post;
  let k = countWhile(blocks.length, (i) => blocks[i].span.start <= block.span.start);
  const next = blocks[k];
  const between = text.slice(block.span.end, next ? next.span.start : text.length);
  const first = /^[ \t]*\n\s*(\S[^\n]*)/.exec(between.replace(COMMENTS, (c) => c.replace(/[^\n]/g, ' ')));
  let imageEnd: number;
  if (first && IMAGE_LINE.test(first[1])) imageEnd = block.span.end + first.index + first[0].length;
  else if (next && IMAGE_LINE.test(text.slice(next.span.start, next.span.end)) && !text.slice(next.span.start, next.span.end).replace(IMAGES, '').trim()) {
    // An image on a paragraph of its own (a prose block with nothing but the image).
    if (text.slice(block.span.end, next.span.start).replace(COMMENTS, '').trim()) return false;
    imageEnd = next.span.end;
    k++;
  } else return false;
  if (linesBetween(post, block.span.end, imageEnd) > MAX_ABOVE_LINES) return false;
  // A captioned figure is find()'s: no caption (a source label or a figure title) right under the image.
  const after = blocks[k];
  return !(after && after.type === 'paragraph' && linesBetween(post, imageEnd, after.span.start) <= 2 && (captionSource(post, after, set) || figureTitle(post, after, set)));
}

const COMMENTS = /<!--[\s\S]*?-->/g;
const IMAGE_LINE = /^\s*(?:!\[[^\]]*\]\(|<(?:img|figure|picture)\b)/i;
const IMAGES = /!\[[^\]]*\]\([^)]*\)|<(?:img|figure|picture)\b[^>]*>|<\/(?:figure|picture)>/gi;

/** The name stands as the sentence's reported source, not only as a subject (`根据 X 的数据`, `X 数据显示`). */
export function reports(sentence: string, name: string): boolean {
  // The sentence may spell the name in another case (`Defillama` for the caption's `DefiLlama`).
  const at = sentence.toLowerCase().indexOf(name.toLowerCase());
  if (at < 0) return false;
  const before = sentence.slice(Math.max(0, at - 4), at);
  const after = sentence.slice(at + name.length, at + name.length + 6);
  return REPORTS_BEFORE.test(before) || REPORTS_AFTER.test(after);
}

/** The figures of a text that can name a datum: numbers of two digits or more, or with a decimal part, not years (`1990`–`2099`). */
function figuresOf(s: string): Set<string> {
  const out = new Set<string>();
  for (const m of s.match(/(?<![\w.])\d+(?:\.\d+)?/g) ?? []) if ((m.length >= 2 || m.includes('.')) && !/^(?:19|20)\d\d$/.test(m)) out.add(m);
  return out;
}

/** The Latin words of a text, lower-cased (two characters or more, starting with a letter). */
export function latinWords(s: string): string[] {
  return (s.match(/[A-Za-z][A-Za-z0-9]+/g) ?? []).map((w) => w.toLowerCase());
}

const CJK_RUN = new RegExp(`[${CJK_RANGES}]{2,}`, 'g');

/** The pairs of adjacent Chinese characters in a text's runs of two or more. */
export function charPairs(s: string): Set<string> {
  const out = new Set<string>();
  for (const run of s.match(CJK_RUN) ?? []) for (let i = 0; i + 1 < run.length; i++) out.add(run.slice(i, i + 2));
  return out;
}

/** The caption links the source it names (a link over the name, or a bare URL after the label). */
export function captionLinked(post: Post, caption: CaptionSource): boolean {
  return overlapsAny(citations(post).spans, caption.name.span) || post.prose.slice(caption.name.span.start, caption.name.span.end).includes(ATOM);
}

/** The caption cites the source it names: its figure is a live embed of it, it links it, or names it by its web address (`数据源：rwa.xyz`). */
export function captionCites(post: Post, caption: CaptionSource): boolean {
  return live.has(caption) || captionLinked(post, caption) || namesAddress(caption);
}

/**
 * A data figure right next to the paragraph (`find`/`findAbove`, not one further along the section):
 * a live embed, or a caption whose label names the data's source (`数据源：Dune`), not a picture's
 * credit (`图源：Goldfinch` under a flow diagram).
 */
export function adjacentData(caption: CaptionSource): boolean {
  return !further.has(caption) && !byName.has(caption) && (live.has(caption) || caption.strength === 'source');
}

/**
 * Does a sentence that is not about the figure by `aboutFigure` go on with its subject? It shares a
 * word with the caption's title (a Latin name, or one Chinese character pair: `协议收入` and
 * `Goldfinch协议未偿贷款`), and it names nothing the title and the paragraph's sentence about the
 * figure (`context`) do not (another Latin name: the sentence is about another thing).
 */
export function goesOnWithFigure(post: Post, caption: CaptionSource, sentence: string, context: string): boolean {
  const keys = captionKeys(post, caption);
  const own = latinWords(sentence).filter((w) => !CAPTION_WORDS.has(w));
  const known = new Set(latinWords(context));
  if (own.some((w) => !keys.latin.has(w) && !known.has(w))) return false;
  if (own.some((w) => keys.latin.has(w))) return true;
  for (const p of charPairs(sentence.replace(/图\s*\d+/g, ''))) if (keys.pairs.has(p)) return true;
  return false;
}

/** The 1-based line of the caption's figure: the live embed (else the image) nearest above the caption line, or on it. */
export function figureLine(post: Post, caption: CaptionSource): number {
  const { text, lineStarts } = post;
  const captionLine = positionAt(lineStarts, caption.line.start).line;
  const from = lineStarts[Math.max(0, captionLine - MAX_GAP_LINES)];
  const chunk = text.slice(from, caption.line.end);
  let at = -1;
  const patterns = live.has(caption) ? EMBEDS : [new RegExp(FIGURE.source, 'gi')];
  for (const re of patterns) {
    re.lastIndex = 0;
    for (let m = re.exec(chunk); m; m = re.exec(chunk)) {
      if (m.index > at) at = m.index;
      if (m[0].length === 0) re.lastIndex++;
    }
  }
  return positionAt(lineStarts, at < 0 ? caption.line.start : from + at).line + 1;
}

/** A figure near a claim whose title names the claim's source (`figureNamingSource`). */
export interface NamedFigure {
  /** 1-based line of the figure (the image, `<img>` or `<iframe>`). */
  line: number;
  /** Its title: alt text, title attribute and the caption line under it. */
  title: string;
}

/** A line that shows a figure, with its alt text and title (Markdown) or alt and title attributes (HTML). */
const FIGURE_LINE = /!\[([^\]]*)\]\(\s*<?[^)\s>]*>?(?:\s+["']([^"']*)["'])?\s*\)|<(?:img|iframe|video|embed|figure|picture)\b([^>]*)>/gi;
const ATTRIBUTE = /\b(?:alt|title)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;
const HEADING_LINE = /^\s{0,3}(?:#{1,6}\s|```|~~~)/;
/** The words by which a claim reports a source without a name (data/claims/cues.json `figureNamesSource.kinds`). */
const SOURCE_KINDS: readonly string[] = data.figureNamesSource.kinds;

/** The title of the figure on a line (alt texts and titles), with the caption line under it when there is one; undefined when the line shows none. */
function figureTitleAt(post: Post, line: number): string | undefined {
  const { text, lineStarts } = post;
  const lineText = lineOf(text, lineStarts, line);
  FIGURE_LINE.lastIndex = 0;
  let seen = false;
  const parts: string[] = [];
  for (let m = FIGURE_LINE.exec(lineText); m; m = FIGURE_LINE.exec(lineText)) {
    seen = true;
    if (m[1]) parts.push(m[1]);
    if (m[2]) parts.push(m[2]);
    if (m[3]) for (const a of m[3].matchAll(ATTRIBUTE)) parts.push(a[1] ?? a[2] ?? '');
  }
  if (!seen) return undefined;
  // What stands after the figure on its line, and a caption line right under it (`_图4 …_`, `图 4 …`).
  parts.push(lineText.replace(FIGURE_LINE, ' '));
  for (let k = line + 1; k <= line + 2 && k < lineStarts.length; k++) {
    const next = lineOf(text, lineStarts, k).trim();
    if (!next) continue;
    if (/^(?:[_*]|<(?:em|i|small|figcaption)>|(?:图|表)\s*\d|(?:Figure|Fig\.|Table)\s*\d)/i.test(next) && next.length <= 160) parts.push(next);
    break;
  }
  return parts.join(' ').replace(/[_*<>]|\/?(?:em|figcaption|small)\b/g, ' ').replace(/\s+/g, ' ').trim();
}

function lineOf(text: string, lineStarts: readonly number[], line: number): string {
  const end = line + 1 < lineStarts.length ? lineStarts[line + 1] - 1 : text.length;
  return text.slice(lineStarts[line], end);
}

/**
 * The figure a few blocks from the claim's paragraph, in its section, whose title (alt text, title
 * attribute, the caption line under it) names the source the claim reports from (`sources`: its
 * named source, or a kind such as `官方` in its reporting phrase) and shares its subject
 * (recap.ts `sharesSubject`, the source words aside): `根据官方介绍，M3 是首个同时具备 Coding
 * Frontier/SOTA + 1M 上下文窗口…` with `![MiniMax M3 官方能力介绍：Coding Frontier/SOTA + 1M 上下文 + 原生多模态](…)`
 * two paragraphs down (JavaGuide cc-m3.md:17). The nearest figure each way only, within
 * `MAX_SKIPPED_BLOCKS` prose paragraphs and `MAX_FURTHER_LINES` lines, with no heading or code fence between.
 */
export function figureNamingSource(post: Post, block: ProseBlock, sources: readonly string[], claim: string, shares: (a: string, b: string) => boolean): NamedFigure | undefined {
  const keys = sources.map((s) => s.trim()).filter((s) => s.length >= 2);
  if (!keys.length) return undefined;
  const { lineStarts } = post;
  const first = positionAt(lineStarts, block.span.start).line;
  const last = positionAt(lineStarts, Math.max(block.span.start, block.span.end - 1)).line;
  const strip = (s: string) => keys.reduce((t, k) => t.split(k).join(' ').split(k.toLowerCase()).join(' '), s);
  const bare = strip(claim);
  for (const dir of [1, -1]) {
    let paragraphs = 0;
    let blank = true;
    for (let k = dir > 0 ? last + 1 : first - 1; k >= 0 && k < lineStarts.length && Math.abs(k - (dir > 0 ? last : first)) <= MAX_FURTHER_LINES; k += dir) {
      const t = lineOf(post.text, lineStarts, k);
      if (HEADING_LINE.test(t)) break;
      const title = figureTitleAt(post, k);
      if (title !== undefined) {
        const lower = title.toLowerCase();
        if (keys.some((s) => lower.includes(s.toLowerCase())) && shares(bare, strip(title))) return { line: k + 1, title };
        break;
      }
      if (!t.trim()) blank = true;
      else if (blank) {
        blank = false;
        if (++paragraphs > MAX_SKIPPED_BLOCKS) break;
      }
    }
  }
  return undefined;
}

/** The kinds of source a reporting phrase names (`根据官方介绍` → `官方`; data/claims/cues.json `figureNamesSource.kinds`). */
export function sourceKinds(phrase: string): string[] {
  return SOURCE_KINDS.filter((k) => phrase.includes(k));
}

const RANKED_IN = compilePattern(data.figureNamesSource.rankedIn, 'i');

/**
 * The ranking or evaluation a sentence places its rank in (`在 2020 年度 OSC 中国开源项目 评选活动中，Dubbo 位列…第 7 名`:
 * `2020 年度 OSC 中国开源项目`; data/claims/cues.json `figureNamesSource.rankedIn`), when a rank signal fires.
 */
export function rankedIn(sentence: string, signals: readonly { id: string; weight: number }[]): { text: string } | undefined {
  if (!RANKED_IN || !signals.some((x) => x.id === 'number.rank' && x.weight > 0)) return undefined;
  const m = RANKED_IN.exec(sentence);
  const text = m?.groups?.name?.replace(/[\uE000\uFFFC]/g, '').trim();
  return text && text.length >= 2 ? { text } : undefined;
}
