/**
 * typo/cjk-latin-spacing: no space between Chinese and Latin letters, digits, inline code
 * or math; or a space beside full-width punctuation, which carries its own spacing (also across an
 * emphasis delimiter that stays one without it: `进入的。 **为什么**`); or a stray space between two
 * Chinese characters in a paragraph (`跟几位 朋友合了个影`; see reportSpaceBetweenCjk).
 * Inline Markdown (emphasis, link brackets, `<a>` tags) in between counts as nothing; the
 * space goes outside the markup. Units stay on their number (`10%`, `90°`, `C++`, `10+`); a number
 * inside a word (`L2`, `Web3`, `8GB`) is a word. Also a space inside link brackets (`[ 文档 ](x)`).
 *
 *   Bad:  我们用Github的API来获取2023年的数据，用`npm`安装 ， 好。
 *   Good: 我们用 Github 的 API 来获取 2023 年的数据，用 `npm` 安装，好。
 *
 * House style (`.zhen.yml` `typography:`): `spaceBetweenCjkAndDigits`, `spaceAroundCode`,
 * `latinParentheses` (`halfwidth`: `训练 (Training)` gets a space outside its parentheses).
 * Never inside code, URLs, HTML, Liquid, math or front matter: the prose view masks them.
 * Options: `digits` (default: the house style's `spaceBetweenCjkAndDigits`): a space between
 * Chinese and digits for this rule alone.
 *
 * Fix: add or remove the space (fix-all).
 */
import type { Rule, RuleContext, Span } from '../../types';
import { ATOM, MARK, type Post } from '../../document';
import { isLatinAlnum } from '../../cjk';
import { AtomKind, OPENING_CJK, SPACE_ABSORBING, cjkIn, isEnglishLineOf, lineEndOf, lineStartOf, blockInlineInfo, bracketLinks, isAlnum, isAsciiLetter, isCjkAt, isDigit, isTransparent, opensWithClockTime, spaceOffset, type InlineInfo } from './shared';
import { checkStyled, registerStyled, type Choice, type StyledBody, type StyledReport, type Tally, type Typography } from './style';
import { countWhile } from '../../text';

interface Options {
  /** Require a space between Chinese and digits too (`自 2023 年`). Default: `typography.spaceBetweenCjkAndDigits`. */
  digits?: boolean;
}

const enum Cls { Other, Cjk, Latin, Digit, Code }


const UNITS = '%‰°℃℉';

export const rule: Rule<Options> = {
  id: 'typo/cjk-latin-spacing',
  description: 'A space between Chinese and Latin letters, digits or inline code; none beside full-width punctuation.',
  defaultSeverity: 'info',
  defaultOptions: {},
  messages: {
    missing: {
      en: 'Add a space between Chinese and "{latin}".',
      'zh-cn': '中文与“{latin}”之间应加空格。',
    },
    missingBoth: {
      en: 'Add a space on both sides of "{latin}".',
      'zh-cn': '“{latin}”两侧应与中文空开。',
    },
    fix: { en: 'Add a space', 'zh-cn': '加空格' },
    fixBoth: { en: 'Add a space on both sides', 'zh-cn': '两侧加空格' },
    besidePunctuation: {
      en: 'No space beside the full-width "{punct}".',
      'zh-cn': '全角标点“{punct}”旁不加空格。',
    },
    fixRemove: { en: 'Remove the space', 'zh-cn': '删除空格' },
    fixRemoveBoth: { en: 'Remove the spaces', 'zh-cn': '删除空格' },
    insideLink: { en: 'No space inside the link brackets.', 'zh-cn': '链接文字的方括号内侧不加空格。' },
    betweenCjk: { en: 'A stray space between Chinese characters.', 'zh-cn': '中文字符之间多了一个空格。' },
  },
  check(ctx) {
    checkStyled(ctx, rule, body);
  },
};

/** The Latin side of a boundary and the typography choice that asks for its space. */
const CHOICE_OF: Partial<Record<Cls, Choice>> = { [Cls.Latin]: 'spaceBetweenCjkAndLatin', [Cls.Digit]: 'spaceBetweenCjkAndDigits', [Cls.Code]: 'spaceAroundCode' };

/** A missing space after Chinese, held until the Latin run ends: a run missing both spaces is one finding. */
interface Pending {
  /** The Chinese character and the first character of the run. */
  cjk: number;
  first: number;
  /** Where the space goes. */
  at: number;
  choice: Choice;
  /** The Latin word or code for the message. */
  word: string;
  /** Significant characters of the run so far. */
  length: number;
}

/** The longest run (in significant characters) whose two missing spaces make one finding. */
const MAX_RUN = 64;

const body: StyledBody<Options> = (ctx, style, tally, blocks) => {
  const { post } = ctx;
  const { prose, text } = post;
  const required: Record<Choice, boolean> = {
    ...({} as Record<Choice, boolean>),
    spaceBetweenCjkAndLatin: style.spaceBetweenCjkAndLatin,
    spaceBetweenCjkAndDigits: ctx.options.digits ?? style.spaceBetweenCjkAndDigits,
    spaceAroundCode: style.spaceAroundCode,
  };
  const report = (p: Pending) => ctx.report({
    messageId: 'missing',
    data: { latin: p.word },
    span: { start: p.cjk, end: p.first + 1 },
    fixes: [{ title: ctx.t('fix'), edits: [{ span: { start: p.at, end: p.at }, newText: ' ' }], isPreferred: true }],
    choice: p.choice,
  } as StyledReport);
  if (!blocks) {
    // The post-level part: spaces inside link brackets.
    for (const link of bracketLinks(post)) reportSpacesInsideLink(ctx, post, link.start, link.end);
    return;
  }
  for (const block of blocks) {
    const info = blockInlineInfo(post, block);
    const latinParens = style.latinParentheses === 'halfwidth' ? latinParenPairs(post, block.span.start, block.span.end) : new Set<number>();
    let prev = -1; // index of the last significant character
    let prevCls = Cls.Other;
    let lastCls = Cls.Other; // class and place of the last character that is not a space, and whether spaces followed it
    let lastAt = -1;
    let spaced = false;
    let pending: Pending | undefined;
    const flush = () => {
      if (pending) report(pending);
      pending = undefined;
    };
    for (let i = block.span.start; i < block.span.end; i++) {
      if (isTransparent(post, info, i)) continue;
      const code = prose.charCodeAt(i);
      if (code === 32) {
        flush();
        // One space; a wider gap aligns columns (`SideBarFolders     标题栏`) and is no style.
        spaced = lastCls !== Cls.Other && prev === lastAt;
        prev = i;
        prevCls = Cls.Other;
        continue;
      }
      const cls = classify(post, info, latinParens, block.type === 'heading', i);
      if (cls === Cls.Code && prevCls === Cls.Code && prev === i - 1) { prev = i; continue; }
      // (Markdown syntax and link targets in between do not count: `([x](https://…))`)
      if (pending && cls !== Cls.Cjk && ((cls === Cls.Other && breaksRun(code)) || ++pending.length > MAX_RUN)) flush();
      // A place written with spaces: Chinese, spaces, then Latin (or the reverse).
      // Section and caption numbers (`## 1 理解`, `图1 电路`) are spaced in any style: not counted.
      if (spaced && lastCls !== Cls.Other && cls !== Cls.Other && (lastCls === Cls.Cjk) !== (cls === Cls.Cjk) &&
        !(cls === Cls.Cjk && lastCls === Cls.Digit && isLeadingNumber(prose, block.span.start, i))) {
        let side = lastCls === Cls.Cjk ? cls : lastCls;
        if (side === Cls.Digit && wordHasLetter(prose, lastCls === Cls.Cjk ? i : lastAt, lastCls === Cls.Cjk ? 1 : -1)) side = Cls.Latin;
        const choice = CHOICE_OF[side];
        if (choice) tally(choice, true);
      }
      if (prev >= 0 && prevCls !== Cls.Other && cls !== Cls.Other) {
        const cjkThenLatin = prevCls === Cls.Cjk && cls !== Cls.Cjk;
        const latinThenCjk = prevCls !== Cls.Cjk && cls === Cls.Cjk;
        let latinSide = cjkThenLatin ? cls : prevCls;
        // A number inside a word (`L2`, `2FA`, `Web3`) is part of an English word.
        if (latinSide === Cls.Digit && (cjkThenLatin || latinThenCjk) && wordHasLetter(prose, cjkThenLatin ? i : prev, cjkThenLatin ? 1 : -1)) latinSide = Cls.Latin;
        const choice = CHOICE_OF[latinSide];
        if ((cjkThenLatin || latinThenCjk) && choice &&
          !isCaptionLabel(prose, block.span.start, prev, cls) &&
          !(latinThenCjk && isSpecifier(prose, prev)) && !inPathToken(prose, block.span.start, cjkThenLatin ? prev : i) &&
          // A space before `www.` would make GFM link it, with the Chinese after it (`访问 www.x.cn查看`).
          !(cjkThenLatin && /^www\./i.test(text.slice(i, i + 4)))) {
          tally(choice, false);
          // (only where a space is required: the tally above counts every boundary, this is per finding)
          const at = required[choice] ? spaceOffset(info, prev, i) : -1;
          // The text already has white space where the space would go: the prose view hides what stands between the two
          // (a run the tree left out of every node), and inserting another space would never settle fix-all.
          if (required[choice] && !isWhiteSpaceCode(text.charCodeAt(at - 1)) && !isWhiteSpaceCode(text.charCodeAt(at))) {
            if (cjkThenLatin) {
              flush();
              const word = latinSide === Cls.Code ? text.slice(...codeRange(info, i)) : parenWord(post, info, i, 1) ?? latinWord(prose, i, 1);
              pending = { cjk: prev, first: i, at, choice, word, length: 0 };
            } else if (pending) {
              // The run between two missing spaces: one finding, one fix with both edits.
              const p = pending;
              pending = undefined;
              ctx.report({
                messageId: 'missingBoth',
                data: { latin: runText(post, info, p.first, prev + 1) },
                span: { start: p.cjk, end: i + 1 },
                fixes: [{ title: ctx.t('fixBoth'), edits: [{ span: { start: p.at, end: p.at }, newText: ' ' }, { span: { start: at, end: at }, newText: ' ' }], isPreferred: true }],
                choice: p.choice,
              } as StyledReport);
            } else {
              const latin = latinSide === Cls.Code ? text.slice(...codeRange(info, prev)) : parenWord(post, info, prev, -1) ?? latinWord(prose, prev, -1);
              ctx.report({
                messageId: 'missing',
                data: { latin },
                span: { start: prev, end: i + 1 },
                fixes: [{ title: ctx.t('fix'), edits: [{ span: { start: at, end: at }, newText: ' ' }], isPreferred: true }],
                choice,
              } as StyledReport);
            }
          }
        }
      }
      if (cls === Cls.Cjk) flush();
      prev = cls === Cls.Code ? codeRange(info, i)[1] - 1 : i;
      if (cls === Cls.Code) i = prev;
      prevCls = cls;
      lastCls = cls;
      lastAt = prev;
      spaced = false;
    }
    flush();
    reportSpacesBesidePunctuation(ctx, post, info, block.span.start, block.span.end, style, tally);
    if (block.type === 'paragraph') reportSpaceBetweenCjk(ctx, post, info, block.span.start, block.span.end);
  }
};

/** Marks that end a clause for `reportSpaceBetweenCjk`. */
const CLAUSE_END = '，。！？；：、\n';
/** Openers of a title, a quotation or bracketed text, and their closers: a space inside is theirs (`《葬送的芙莉莲 第一季》`). */
const OPENERS = '《「“【[（(';
const CLOSERS = '》」”】]）)';

/**
 * `跟几位 朋友合了个影`, `点击 左上角的图标`: one space between two Chinese characters in a clause, a
 * slip (Chinese does not separate words by spaces). A clause with two or more such spaces sets terms
 * off on purpose (`进程 和 线程 都可能是 并发 或 并行 的`), and so does a space on both sides of a word
 * of one or two characters between Chinese (`（x） 和 等待（y）`); neither is reported. Not in a title,
 * quotation, brackets or link text (a cited page's title), after a label opening a list item or a
 * quoted line (`- 第三日 蒸汽朋克`), after an `@name`, or on the line of an exported chat record (`20:07:46 From 斯 艾`).
 * Paragraphs only (a heading's `第一章 概述` is a convention). Fix: remove the space (not applied by fix-all:
 * the slip may stand for a comma).
 */
function reportSpaceBetweenCjk(ctx: RuleContext<Options>, post: Post, info: InlineInfo, start: number, end: number): void {
  const p = post.prose;
  const inLink = (i: number) => info.at(i).links.some((l) => l.start <= i && i < l.end);
  let found: number[] = [];
  let depth = 0;
  let clause = start;
  const cjkOrCloser = (k: number) => isCjkAt(p, k) || '）」》”'.includes(p[k]);
  const flush = () => {
    if (found.length === 1) {
      const i = found[0];
      // a word of one or two characters with a space before and after it, both between Chinese: set off on purpose
      const short = (from: number, dir: 1 | -1) => {
        let k = from;
        let n = 0;
        while (isCjkAt(p, k) && n < 3) { k += dir; n++; }
        return n <= 2 && p[k] === ' ' && cjkOrCloser(k + dir);
      };
      const line = p.lastIndexOf('\n', i) + 1;
      let a = i - 1;
      while (a > clause && isCjkAt(p, a - 1)) a--;
      // `- 第三日 蒸汽朋克`, `> 最长回文子串 给定…`: a label opening a list item or a quoted line
      let k = a - 1;
      while (k >= 0 && (p[k] === ' ' || p[k] === MARK)) k--;
      const label = (k < 0 || p[k] === '\n') && p.slice(k + 1, a).includes(MARK) && i - a >= 2;
      if (!label && !inPathToken(p, start, i - 1) && !short(i - 1, -1) && !short(i + 1, 1) && p[a - 1] !== '@' && !opensWithClockTime(p.slice(Math.max(line, start), i))) {
        ctx.report({
          messageId: 'betweenCjk',
          span: { start: i - 1, end: i + 2 },
          fixes: [{ title: ctx.t('fixRemove'), edits: [{ span: { start: i, end: i + 1 }, newText: '' }], isPreferred: false }],
        });
      }
    }
    found = [];
  };
  for (let i = start; i < end; i++) {
    const c = p[i];
    if (OPENERS.includes(c)) depth++;
    else if (CLOSERS.includes(c)) depth = Math.max(0, depth - 1);
    else if (CLAUSE_END.includes(c)) { flush(); clause = i + 1; if (c === '\n' || c === '。') depth = 0; }
    else if (c === ' ' && depth === 0 && isCjkAt(p, i - 1) && isCjkAt(p, i + 1) && !inLink(i)) found.push(i);
  }
  flush();
}

/** Is the number before the spaces at `cjkAt` a line's label: at the line's start (`## 1 理解`, `1.2 从`) or after `图`/`表` there (`图1 电路`)? */
function isLeadingNumber(prose: string, blockStart: number, cjkAt: number): boolean {
  let k = cjkAt - 1;
  while (k >= blockStart && (prose[k] === ' ' || prose[k] === MARK)) k--;
  while (k >= blockStart && /[0-9.]/.test(prose[k])) k--;
  if (k >= blockStart && (prose[k] === '图' || prose[k] === '表')) k--;
  while (k >= blockStart && (prose[k] === ' ' || prose[k] === MARK)) k--;
  return k < blockStart || prose[k] === '\n';
}

/** Does the run of ASCII letters and digits (and `+`, `#`) from i, read in direction dir, hold a letter? */
function wordHasLetter(prose: string, i: number, dir: 1 | -1): boolean {
  for (let k = i, n = 0; k >= 0 && k < prose.length && n < 40; k += dir, n++) {
    const c = prose.charCodeAt(k);
    if (isAsciiLetter(c)) return true;
    if (!isDigit(c) && c !== 43 /* + */ && c !== 35 /* # */) return false; // `C++11`, `C#7`
  }
  return false;
}

/** An Other character that ends a run of Latin text (white space, Chinese punctuation, non-code atoms); ASCII punctuation (`GPT-4`, `Node.js`) does not. */
function breaksRun(code: number): boolean {
  return code < 33 || code > 126;
}

/** The text of a run for a message: code atoms as written, Markdown syntax left out. */
function runText(post: Post, info: InlineInfo, start: number, end: number): string {
  let out = '';
  for (let k = start; k < end && out.length < 40; k++) {
    const c = post.prose[k];
    if (c === MARK || (c === ATOM && info.kind(k) !== AtomKind.Code)) continue;
    out += c === ATOM ? post.text[k] : c;
  }
  return out;
}

function classify(post: Post, info: InlineInfo, latinParens: Set<number>, heading: boolean, i: number): Cls {
  const { prose } = post;
  const c = prose.charCodeAt(i);
  if (c === 0xfffc) return info.kind(i) === AtomKind.Code ? Cls.Code : Cls.Other;
  if (isAlnum(c)) return isDigit(c) ? Cls.Digit : Cls.Latin;
  if (isCjkAt(prose, i)) return Cls.Cjk;
  const before = i > 0 ? prose.charCodeAt(i - 1) : 0;
  const ch = prose[i];
  if (UNITS.includes(ch) && isDigit(before)) return Cls.Digit; // 10% 的, 90° 角
  // `C++`, `C#`, `10+` stay on their word; a single `+` between a letter and Chinese joins two
  // terms (`AI+加密`, `B+树`) and is left alone.
  if (ch === '+' && (before === 43 || prose.charCodeAt(i + 1) === 43 || isDigit(before))) return Cls.Latin;
  if (ch === '#' && isAsciiLetter(before) && !isAlnum(prose.charCodeAt(i - 2))) return Cls.Latin;
  if (ch === '!' && isAsciiLetter(before) && isCjkAt(prose, i + 1)) return Cls.Latin; // Yahoo! 的
  if ((ch === '(' || ch === ')') && latinParens.has(i)) return Cls.Latin;
  if ((ch === '-' || ch === '+') && isCjkAt(prose, i - 1) && isDigit(prose.charCodeAt(i + 1))) return Cls.Digit; // 范围 -255
  if (heading && ch === '{' && /^\{#[\w-]+\}\s*$/.test(prose.slice(i, i + 200).split('\n')[0])) return Cls.Latin; // 简介 {#intro}
  return Cls.Other;
}

/** Offsets of half-width parentheses on one line whose content is English (no Chinese). */
function latinParenPairs(post: Post, start: number, end: number): Set<number> {
  const { prose } = post;
  const out = new Set<number>();
  const stack: number[] = [];
  // Running counts of content characters (letters, digits, atoms), and typo/shared `cjkIn`, so
  // that each pair is judged in O(1): pairs nest, and scanning each one's content was quadratic.
  let contentBefore: Int32Array | undefined;
  for (let i = start; i < end; i++) {
    const c = prose.charCodeAt(i);
    if (c === 10) stack.length = 0;
    else if (c === 40 /* ( */) stack.push(i);
    else if (c === 41 /* ) */ && stack.length) {
      const o = stack.pop()!;
      if (!contentBefore) {
        contentBefore = new Int32Array(end - start + 1);
        for (let k = start; k < end; k++) {
          const kc = prose.charCodeAt(k);
          contentBefore[k - start + 1] = contentBefore[k - start] + (isAlnum(kc) || kc === 0xfffc ? 1 : 0);
        }
      }
      const cjk = cjkIn(post, start, end, o + 1, i);
      const content = contentBefore[i - start] - contentBefore[o + 1 - start] > 0;
      if (!cjk && content) { out.add(o); out.add(i); }
    }
  }
  return out;
}

function codeRange(info: InlineInfo, i: number): [number, number] {
  let s = i;
  let e = i;
  while (s > 0 && info.kind(s - 1) === AtomKind.Code) s--;
  while (e < info.length && info.kind(e) === AtomKind.Code) e++;
  // Adjacent code spans are separate atoms: cut at the span that holds i.
  const c = codeSpanAt(info, i);
  if (c) return [c.start, c.end];
  return [s, e];
}

/** A space, a tab or an ideographic space in the text (NaN, outside it: no). */
function isWhiteSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 0x3000;
}

const sortedCode = new WeakMap<InlineInfo, Span[]>();

/** The code span holding i (they are disjoint): binary search over them sorted by start. */
function codeSpanAt(whole: InlineInfo, i: number): Span | undefined {
  const info = whole.at(i);
  let list = sortedCode.get(info);
  if (!list) sortedCode.set(info, (list = [...info.code].sort((a, b) => a.start - b.start)));
  const lo = countWhile(list.length, (k) => list![k].start <= i);
  const c = lo > 0 ? list[lo - 1] : undefined;
  return c && i < c.end ? c : undefined;
}

/** `%s`, `%d`, `$1`: format specifiers and placeholders are not words. */
function isSpecifier(prose: string, lastLatin: number): boolean {
  let s = lastLatin;
  while (s > 0 && isLatinAlnum(prose[s - 1])) s--;
  return s > 0 && (prose[s - 1] === '%' || prose[s - 1] === '$') && lastLatin - s < 2;
}

/** Code units that end a token for inPathToken: white space (as `\s`), atoms, MARK, Chinese punctuation. */
const TOKEN_BREAK = new Uint8Array(0x10000);
{
  const re = /[\s\uFFFC\uE000，。、；：！？（）“”‘’【】《》「」]/;
  for (let c = 0; c < 0x10000; c++) if (re.test(String.fromCharCode(c))) TOKEN_BREAK[c] = 1;
}

/**
 * A boundary inside a path or anchor (`wiki/网页浏览器`, `/wiki/x`, `foo.htm#测试copy`): the
 * token (up to whitespace) starts with a non-Chinese part that looks like a path before the
 * first Chinese character. `TCP/IP协议`, `C/C++编译` and `HTTP/2与` are words, not paths.
 */
function inPathToken(prose: string, blockStart: number, at: number): boolean {
  // A path is short: look back at most 256 characters (unspaced Chinese paragraphs are one
  // long "token", and scanning all of it for every finding was quadratic).
  const floor = Math.max(blockStart, at - 256);
  let s = at;
  while (s > floor && !TOKEN_BREAK[prose.charCodeAt(s - 1)]) s--;
  if (s === floor && floor > blockStart) return false;
  if (isCjkAt(prose, s)) return false;
  let k = s;
  while (k <= at && !isCjkAt(prose, k)) k++;
  const lead = prose.slice(s, k);
  return /^\.{0,2}\/|#|\/.*\/|^[a-z0-9_-]+\/|\.html?\b/.test(lead);
}

/**
 * Spaces beside `，。、；：！？（）…` between two characters on one line; spaces on both sides of one mark are one finding.
 * A space between an English word, inline code or math and the mark after it (`用 iPhone ，`,
 * `` `x` ， ``, `为 $n$ ：`, `Nokia （5320）`) is a typography choice of its own
 * (`tightPunctuationAfterLatin`, see afterWordSide): such places are counted both ways (`iPhone，`
 * too) and their findings carry the choice, so a post that sets every English word off with spaces
 * throughout is learnt as its house style. A space beside Chinese (`中文 ，`) or after a mark is a
 * slip in any style.
 */
function reportSpacesBesidePunctuation(ctx: RuleContext<Options>, post: Post, info: InlineInfo, start: number, end: number, style: Typography, tally: Tally): void {
  const { prose } = post;
  const choice: Choice = 'tightPunctuationAfterLatin';
  type Gap = { l: number; r: number; punct: string; word: boolean };
  let held: Gap | undefined;
  const flush = (h: Gap, edits: Span[], spanEnd: number, word: boolean) => ctx.report({
    messageId: 'besidePunctuation',
    data: { punct: h.punct },
    span: { start: h.l, end: spanEnd },
    fixes: [{ title: ctx.t(edits.length > 1 ? 'fixRemoveBoth' : 'fixRemove'), edits: edits.map((e) => ({ span: e, newText: '' })), isPreferred: true }],
    choice: word ? choice : undefined,
  } as StyledReport);
  const english = (l: number, r: number) => isEnglishLineOf(post, lineStartOf(post, l, start), lineEndOf(post, r, end));
  for (let i = start; i < end; i++) {
    const code = prose.charCodeAt(i);
    if (code !== 32) {
      // A mark written tight against a word (`iPhone，`, `，iPhone`, past markup: `**x**，`): a place of the choice, written without a space.
      if (afterWordSide(prose[i]) && isWordEnd(post, info, i - 1, start) && !english(i, i)) tally(choice, true);
      continue;
    }
    let j = i;
    while (j < end && prose[j] === ' ') j++;
    const l = i - 1;
    const r = j;
    i = j - 1;
    if (l < start || r >= end) continue;
    const lc = prose[l];
    const rc = prose[r];
    const punct = SPACE_ABSORBING.includes(lc) ? lc : SPACE_ABSORBING.includes(rc) ? rc : '';
    if (!punct) continue;
    if (!okNeighbour(post, info, l, 'left') || !okNeighbour(post, info, r, 'right')) continue;
    if (rc === '{' && prose[r + 1] === '#') continue; // a heading anchor keeps its space
    if (english(l, r)) continue; // typo/punctuation makes it half-width
    // The side that is not the mark: an English word, code or math (the choice), or not.
    // (` ， ` is two gaps: the one before the mark may be the choice's, the one after it is not.)
    const word = !SPACE_ABSORBING.includes(lc) && afterWordSide(rc) && isWordEnd(post, info, l, start);
    if (word) {
      tally(choice, false);
      if (!style.tightPunctuationAfterLatin) {
        if (held) flush(held, [{ start: held.l + 1, end: held.r }], held.r + 1, held.word);
        held = undefined;
        continue; // left as written
      }
    }
    if (held && held.r === l && SPACE_ABSORBING.includes(lc)) {
      // ` ， `: the spaces on both sides of one mark (of the choice when both sides are words).
      flush(held, [{ start: held.l + 1, end: held.r }, { start: l + 1, end: r }], r + 1, held.word && word);
      held = undefined;
      continue;
    }
    if (held) flush(held, [{ start: held.l + 1, end: held.r }], held.r + 1, held.word);
    held = { l, r, punct, word };
  }
  if (held) flush(held, [{ start: held.l + 1, end: held.r }], held.r + 1, held.word);
}

/**
 * Is a space before the full-width mark `m`, after a word, the choice `tightPunctuationAfterLatin`'s:
 * a stop (`iPhone ，`, `` `x` 。 ``, `$n$ ：`) or an opening bracket (`Nokia （5320）`). Not the
 * enumeration comma (`$1$、$2$` is tight between listed words in both styles: hello-algo writes
 * `$n$ ，` but `$1$、$2$`), nor the space after a mark (`，$1$`: tight in both styles).
 */
function afterWordSide(m: string): boolean {
  return TIGHT_STOPS.includes(m) || OPENING_CJK.includes(m);
}
const TIGHT_STOPS = '，。；：！？';

/** The last character of an English word, inline code or math at `k`, read back past markup (`**x**`, `[x](…)`). */
function isWordEnd(post: Post, info: InlineInfo, k: number, start: number): boolean {
  while (k >= start && post.prose[k] === MARK) k--;
  if (k < start) return false;
  const c = post.prose.charCodeAt(k);
  return isAlnum(c) || (c === 0xfffc && info.kind(k) === AtomKind.Code);
}

/** `[ text ](url)`: spaces right inside the brackets of a link's text (prose spaces only); both sides are one finding. */
function reportSpacesInsideLink(ctx: RuleContext<Options>, post: Post, start: number, end: number): void {
  const { prose, text } = post;
  let close = start + 1;
  let depth = 0;
  for (; close < end; close++) {
    const c = text[close];
    if (c === '\\') { close++; continue; }
    if (c === '[') depth++;
    else if (c === ']') { if (depth === 0) break; depth--; }
  }
  if (close >= end || close - start < 3) return;
  const spaces = (s: number, e: number) => s < e && prose.slice(s, e).split('').every((c) => c === ' ');
  let a = start + 1;
  while (a < close && text[a] === ' ') a++;
  let z = close;
  while (z > a && text[z - 1] === ' ') z--;
  if (a >= close) return; // `[ ]` is a task box or empty text
  const edits: Span[] = [];
  if (spaces(start + 1, a)) edits.push({ start: start + 1, end: a });
  if (spaces(z, close)) edits.push({ start: z, end: close });
  if (!edits.length) return;
  ctx.report({
    messageId: 'insideLink',
    span: { start: edits[0].start, end: edits[edits.length - 1].end },
    fixes: [{ title: ctx.t(edits.length > 1 ? 'fixRemoveBoth' : 'fixRemove'), edits: edits.map((e) => ({ span: e, newText: '' })), isPreferred: true }],
  });
}

/**
 * A neighbour of a removable space: prose text, inline code, link brackets, or an emphasis
 * delimiter that stays what it is without the space (`。 **为什么**` → `。**为什么**`).
 */
function okNeighbour(post: Post, info: InlineInfo, k: number, side: 'left' | 'right'): boolean {
  const c = post.prose[k];
  if (c === '\n' || c === '\r') return false;
  if (c === ATOM) return info.kind(k) === AtomKind.Code;
  if (c === MARK) {
    const t = post.text[k];
    return side === 'right' ? t === '[' || opensAlone(post.text, k) : t === ')' || t === ']' || closesAlone(post.text, k);
  }
  // Words and Chinese punctuation; not ASCII symbols such as a table pipe.
  return isCjkAt(post.prose, k) || isLatinAlnum(c) || SPACE_ABSORBING.includes(c) || '“”‘’'.includes(c);
}

/** Unicode punctuation or white space, as CommonMark's flanking rules read them. */
const FLANK_BREAK = /[\s\p{P}\p{S}]/u;

/**
 * The emphasis delimiter run starting at k (`**为什么`), once the space before it goes and a
 * full-width mark stands there: it still only opens, as CommonMark reads it, when the character
 * after the run is neither punctuation nor white space (`、**《从零》**` could also close: left alone).
 */
function opensAlone(text: string, k: number): boolean {
  const d = text[k];
  if (d !== '*' && d !== '_') return false;
  let m = k;
  while (text[m] === d) m++;
  return m < text.length && !FLANK_BREAK.test(text[m]);
}

/** The run ending at k (`再进**`), before a full-width mark once the space goes: it still only closes when the character before the run is neither punctuation nor white space. */
function closesAlone(text: string, k: number): boolean {
  const d = text[k];
  if (d !== '*' && d !== '_') return false;
  let b = k;
  while (b > 0 && text[b - 1] === d) b--;
  return b > 0 && !FLANK_BREAK.test(text[b - 1]);
}

/**
 * `图1`/`表2` opening a caption line is a label that Chinese captions write without
 * a space by convention (the body text may still say `如图 2 所示`).
 */
function isCaptionLabel(prose: string, blockStart: number, cjkAt: number, next: Cls): boolean {
  if (next !== Cls.Digit || (prose[cjkAt] !== '图' && prose[cjkAt] !== '表')) return false;
  for (let i = cjkAt - 1; i >= blockStart; i--) {
    const c = prose[i];
    if (c === '\n') return true;
    if (c !== MARK && c !== ' ') return false;
  }
  return true;
}

/** `(Training)` for the message when the Latin side is a half-width parenthesis (on one line, 40 characters of text at most). */
function parenWord(post: Post, info: InlineInfo, i: number, dir: 1 | -1): string | undefined {
  const { prose } = post;
  const [mine, other] = dir === 1 ? ['(', ')'] : [')', '('];
  if (prose[i] !== mine) return undefined;
  for (let k = i + dir, n = 0, seen = 0; k >= 0 && k < prose.length && n < 40 && seen < 400; k += dir, seen++) {
    if (prose[k] === '\n') return undefined;
    if (prose[k] !== MARK) n++;
    if (prose[k] === other) return dir === 1 ? runText(post, info, i, k + 1) : runText(post, info, k, i + 1);
  }
  return undefined;
}

/** The run of Latin letters/digits around index i (with `+`, `#`: `C++`, `C#`), read in direction dir, for the message. */
function latinWord(prose: string, i: number, dir: 1 | -1): string {
  const inWord = (c: string) => isLatinAlnum(c) || c === '+' || c === '#'; // `C++`, `C#`
  let s = i;
  let e = i;
  if (dir === 1) while (e + 1 < prose.length && inWord(prose[e + 1]) && e - s < 30) e++;
  else while (s - 1 >= 0 && inWord(prose[s - 1]) && e - s < 30) s--;
  return prose.slice(s, e + 1);
}


// A space beside a full-width mark (no choice), between Chinese characters, inside link brackets: typing habits, one problem per post.
registerStyled(rule, body, ['besidePunctuation', 'betweenCjk', 'insideLink']);
