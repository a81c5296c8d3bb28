/**
 * typo/punctuation: punctuation of the wrong width for its language, and broken pairs.
 *   - half-width `,.:;!?` next to Chinese → `，。：；！？`, also after a Latin word, inline code or a
 *     link in a Chinese clause (`来更新 ztunnel.`, `[ztunnel](…): 一个代理`: acrossSpaceOrLatin);
 *     `...` → `……`; `--` (or a spaced `—`) → `——`; a single `—` tight between Chinese words is the
 *     connecting mark (`指挥官—副官模型`, GB/T 15834 连接号) and stays;
 *     `(中文)` → `（中文）`; `"中文"` → `“中文”`;
 *   - full-width `，。！？：；（）` in an English sentence → half-width;
 *   - full-width letters and digits (`ＡＩ２０２４`) → `AI2024`; `●` or `.` between the parts of a
 *     transliterated name (`梅尔文●康威`, `乔.卡巴金`) → `·` (data/typo/transliteration.json);
 *   - repeated punctuation (`！！`, `，，`) → one; `（…)` mismatched pairs; an unclosed `（` or `“`; quotes
 *     the wrong way round (`”作案工具“`) or both opening (`“定期“`): one finding, a quick fix fix-all leaves.
 *
 *   Bad:  你好,再见.他说"好的"...（见附录)！！
 *   Good: 你好，再见。他说“好的”……（见附录）！
 *
 * Never turns list markers (`1.`), link syntax, table pipes, URLs, times (`12:00`), versions
 * or decimals into Chinese punctuation: only prose characters are read and edited, and a
 * character between two digits is never touched. House style: `.zhen.yml` `typography:`
 * (`fullwidthPunctuation`, `fullwidthPunctuationAfterLatin`, `chineseEllipsis`, `halfwidthPunctuationInEnglish`, `cjkParentheses`, `latinParentheses`, `quotes`).
 *
 * Fix: the right mark (fix-all); an unclosed `（` or `“` has none (where it closes is a guess).
 */
import type { Fix, NoOptions, Rule, RuleContext } from '../../types';
import { MARK, type Post } from '../../document';
import punctuationData from '../../../../../data/typo/punctuation.json';
import transliteration from '../../../../../data/typo/transliteration.json';
import { AtomKind, CLOSING_CJK, OPENING_CJK, SPACE_ABSORBING, blockLines, cjkIn, isEnglishLineOf, lineEndOf, lineStartOf, blockInlineInfo, isAlnum, isAsciiLetter, isCjkAt, isDigit, opensWithClockTime, type InlineInfo } from './shared';
import { checkStyled, registerStyled, type Choice, type StyledBody, type StyledReport, type Tally, type Typography } from './style';

/** Full-width brackets in an English sentence and their half-width forms. */
const ENGLISH_BRACKETS: Array<[string, string, string]> = punctuationData.englishBrackets.map((x) => [x[0], x[1], x[2]]);
const TO_FULL: Record<string, string> = punctuationData.toFullwidth;
const TO_HALF: Record<string, string> = punctuationData.toHalfwidth;
const REPEATABLE = punctuationData.noRepeat;
const INTERPUNCT_VARIANTS = punctuationData.interpunctVariants;
/** Characters of transliterated foreign names (data/typo/transliteration.json). */
const NAME_CHARS = new Set(transliteration.chars);

/**
 * Is the `.` at `i` the separator of a transliterated foreign name (`乔.卡巴金`, `保罗.克鲁格曼`)?
 * Both sides are runs of name characters, each of at least 2 or bounded by a non-Chinese character
 * (`-乔.`, `.利）`), within `[s, e)`. A sentence end (`文本.比如`) has a side of 1 inside Chinese.
 */
function nameSeparator(p: string, i: number, s: number, e: number): boolean {
  let a = i;
  while (a > s && NAME_CHARS.has(p[a - 1])) a--;
  let b = i + 1;
  while (b < e && NAME_CHARS.has(p[b])) b++;
  const left = i - a;
  const right = b - i - 1;
  if (!left || !right) return false;
  return (left >= 2 || a <= s || !isCjkAt(p, a - 1)) && (right >= 2 || b >= e || !isCjkAt(p, b));
}

/** Code units a check may act on: every other character is skipped without a look (hot loops). */
function codeTable(...groups: string[]): Uint8Array {
  const t = new Uint8Array(0x10000);
  for (const g of groups) for (let i = 0; i < g.length; i++) t[g.charCodeAt(i)] = 1;
  return t;
}
/** What `chinese()` looks at: `.` `。` `…` `-` `—`, the interpunct variants and the half-width marks to convert. */
const CHINESE_CANDIDATE = codeTable('.。…-—', INTERPUNCT_VARIANTS, Object.keys(TO_FULL).filter((k) => k.length === 1).join(''));
const REPEATABLE_CODE = codeTable(REPEATABLE);

export const rule: Rule = {
  id: 'typo/punctuation',
  description: 'Full-width punctuation in Chinese, half-width in English; no full-width letters or digits; matched pairs.',
  defaultSeverity: 'info',
  messages: {
    fullwidth: { en: 'Use the full-width "{to}" in Chinese text.', 'zh-cn': '中文里应使用全角“{to}”。' },
    fullwidthAfterLatin: { en: 'Use the full-width "{to}" after an English word in Chinese text.', 'zh-cn': '中文句中英文词后应使用全角“{to}”。' },
    halfwidth: { en: 'Use the half-width "{to}" in English text.', 'zh-cn': '英文里应使用半角“{to}”。' },
    width: { en: 'Full-width letters or digits: write "{to}".', 'zh-cn': '全角字母或数字，应写作“{to}”。' },
    ellipsis: { en: 'Write the Chinese ellipsis as "……".', 'zh-cn': '中文省略号应写作“……”。' },
    dash: { en: 'Write the Chinese dash as "——".', 'zh-cn': '中文破折号应写作“——”。' },
    parentheses: { en: 'Use full-width parentheses "（）" around Chinese text.', 'zh-cn': '中文内容应使用全角括号“（）”。' },
    latinParentheses: { en: 'Use full-width parentheses "（）" here (house style).', 'zh-cn': '按本站风格，此处应使用全角括号“（）”。' },
    quotes: { en: 'Use "{to}" quotes around Chinese text.', 'zh-cn': '中文内容应使用“{to}”引号。' },
    mismatched: { en: '"{open}" is closed by "{close}": the pair does not match.', 'zh-cn': '“{open}”与“{close}”不成对。' },
    unclosed: { en: '"{open}" is never closed in this paragraph.', 'zh-cn': '“{open}”在本段中没有闭合。' },
    unopened: { en: '"{close}" closes nothing in this paragraph.', 'zh-cn': '“{close}”在本段中没有对应的开头。' },
    reversed: { en: 'Both quotes here are closing quotes "”": the first should be "“".', 'zh-cn': '这对引号都是后引号“””，前一个应为“。' },
    reversedPair: { en: 'These quotes are the wrong way round ("”…“"): write "“…”".', 'zh-cn': '这对引号方向颠倒（”…“），应为“…”。' },
    doubleOpen: { en: 'Both quotes here are opening quotes "“": the second should be "”".', 'zh-cn': '这对引号都是前引号“，后一个应为”。' },
    interpunct: { en: 'Write the middle dot between Chinese names as "·".', 'zh-cn': '间隔号应写作“·”。' },
    repeated: { en: 'Repeated punctuation "{punct}": use one.', 'zh-cn': '标点“{punct}”重复，用一个即可。' },
    fix: { en: 'Replace with "{to}"', 'zh-cn': '改为“{to}”' },
  },
  check(ctx) {
    checkStyled(ctx, rule, body);
  },
};

const body: StyledBody<NoOptions> = (ctx, style, tally, blocks) => {
  const { post } = ctx;
  if (!blocks) return; // no post-level part
  for (const block of blocks) {
    const b = new BlockCheck(ctx, post, blockInlineInfo(post, block), style, tally, block.span.start, block.span.end);
    b.run();
  }
};
// Full-width letters or digits, doubled marks, `--` for a dash, full-width marks in English: no matter
// of style, each its own problem, but a hand that types one of them in a post types it again: one per post.
registerStyled(rule, body, [], ['width', 'repeated', 'dash', 'halfwidth']);

/** Full-width stops whose use after Chinese counts for `fullwidthPunctuation`. */
const FULLWIDTH_STOP = codeTable('，。：；！？');

class BlockCheck {
  private readonly prose: string;
  /** Offsets already edited by a finding of this block (one edit per character). */
  private taken: OffsetSet | undefined;
  /** `chineseBlock()`'s answer, once asked. */
  private isChinese: boolean | undefined;
  constructor(
    private readonly ctx: RuleContext,
    private readonly post: Post,
    private readonly info: InlineInfo,
    private readonly style: Typography,
    private readonly tally: Tally,
    private readonly start: number,
    private readonly end: number,
  ) {
    this.prose = post.prose;
  }

  run(): void {
    this.width();
    this.pairs();
    const lines = blockLines(this.prose, { start: this.start, end: this.end });
    for (const line of lines) {
      if (this.style.halfwidthPunctuationInEnglish && isEnglishLineOf(this.post, line.start, line.end)) this.english(line.start, line.end);
      else this.chinese(line.start, line.end, this.style.fullwidthPunctuation);
    }
    this.repeated();
  }

  private report(messageId: string, data: Record<string, string>, start: number, end: number, fix?: Fix, choice?: Choice): void {
    this.taken ??= new OffsetSet(this.start, this.end);
    if (this.taken.anyIn(start, end)) return;
    if (fix) for (const e of fix.edits) for (let k = e.span.start; k < Math.max(e.span.end, e.span.start + 1); k++) this.taken.add(k);
    this.ctx.report({ messageId, data, span: { start, end }, fixes: fix ? [fix] : undefined, choice } as StyledReport);
  }

  private fix(to: string, edits: Array<[number, number, string]>): Fix {
    return { title: this.ctx.t('fix', { to }), edits: edits.map(([s, e, t]) => ({ span: { start: s, end: e }, newText: t })), isPreferred: true };
  }

  /** A quick fix the editor offers and fix-all does not apply (a likely repair, not a certain one). */
  private suggest(to: string, edits: Array<[number, number, string]>): Fix {
    return { ...this.fix(to, edits), isPreferred: false };
  }

  /** `hasCjk(prose.slice(a, b))` inside the block (typo/shared `cjkIn`). */
  private cjkIn(a: number, b: number): boolean {
    return cjkIn(this.post, this.start, this.end, a, b);
  }

  /** A prose character (not syntax, not an atom). */
  private at(i: number): string {
    return i >= this.start && i < this.end ? this.prose[i] : '';
  }

  /** The nearest character before i that is not a transparent MARK (an atom counts as itself). */
  private left(i: number): number {
    let k = i - 1;
    while (k >= this.start && this.prose[k] === MARK) k--;
    return k;
  }

  private cjkish(i: number): boolean {
    const c = this.at(i);
    return !!c && (isCjkAt(this.prose, i) || SPACE_ABSORBING.includes(c) || OPENING_CJK.includes(c) || CLOSING_CJK.includes(c));
  }

  // Full-width letters and digits (and a full-width colon or dot between digits: `１６：３２`).
  private width(): void {
    const p = this.prose;
    for (let i = this.start; i < this.end; i++) {
      if (!isFullwidthAlnum(p.charCodeAt(i))) continue;
      let j = i;
      while (j < this.end && (isFullwidthAlnum(p.charCodeAt(j)) || ((p[j] === '：' || p[j] === '．') && isDigitLike(p.charCodeAt(j - 1)) && isDigitLike(p.charCodeAt(j + 1))))) j++;
      const to = toHalfAlnum(p.slice(i, j));
      this.report('width', { to }, i, j, this.fix(to, [[i, j, to]]));
      i = j - 1;
    }
  }

  // Chinese context: `,.:;!?`, `...`, `--`. With `report` false (`fullwidthPunctuation: false`) only counts.
  private chinese(s: number, e: number, report: boolean): void {
    const p = this.prose;
    let fullwidth = 0;
    let afterLatin = 0;
    for (let i = s; i < e; i++) {
      if (!FULLWIDTH_STOP[p.charCodeAt(i)]) continue;
      if (isCjkAt(p, i - 1)) fullwidth++;
      else if ('，。：；'.includes(p[i]) && this.latinBefore(i, s) && this.chineseBlock()) afterLatin++;
    }
    if (fullwidth) this.tally('fullwidthPunctuation', true, fullwidth);
    if (afterLatin) this.tally('fullwidthPunctuationAfterLatin', true, afterLatin);
    for (let i = s; i < e; i++) {
      if (!CHINESE_CANDIDATE[p.charCodeAt(i)]) continue; // nothing below acts on any other character
      const c = p[i];
      if (this.afterUrl(i)) continue; // `https://x.y/z.` keeps its half-width stop out of the URL
      if (c === '.' && p[i + 1] === '.' || c === '。' && p[i + 1] === '。' && p[i + 2] === '。' || c === '…') {
        let j = i;
        while (j < e && p[j] === c) j++;
        const n = j - i;
        // `……` (or `…` × 4): the Chinese ellipsis.
        const ok = c === '…' && (n === 2 || (n > 2 && n % 2 === 0));
        const l = this.left(i);
        const afterCjk = isCjkAt(p, l) || CLOSING_CJK.includes(p[l]) || ((p[l] === '"' || p[l] === "'") && isCjkAt(p, l - 1));
        if ((c !== '.' || n >= 3) && afterCjk && !isAlnum(p.charCodeAt(j))) {
          // A house style of its own (`chineseEllipsis`): a post writes `...` throughout or `……` throughout.
          this.tally('chineseEllipsis', ok);
          if (report && !ok && this.style.chineseEllipsis) this.report('ellipsis', {}, i, j, this.fix('……', [[i, j, '……']]), 'chineseEllipsis');
        }
        i = j - 1;
        continue;
      }
      if (c === '-' && p[i + 1] === '-' && p[i + 2] !== '-' || c === '—' && p[i + 1] !== '—' && p[i - 1] !== '—') {
        const j = c === '-' ? i + 2 : i + 1;
        let a = i;
        while (a > s && p[a - 1] === ' ') a--;
        let z = j;
        while (z < e && p[z] === ' ') z++;
        // A single `—` set tight between two Chinese words is the connecting mark (连接号, GB/T 15834-2011
        // 4.13: `指挥官—副官模型`, `付出—收获`, `生成—评估—修正`), not a dash written short: only a spaced one
        // (`2017 年 4 月 — 引入`, the English way of setting a dash) or `--` is a dash to write as `——`.
        const connector = c === '—' && a === i && z === j;
        if (report && !connector && isCjkAt(p, a - 1) && isCjkAt(p, z) && p[i - 1] !== '-') this.report('dash', {}, i, j, this.fix('——', [[a, z, '——']]));
        i = j - 1;
        continue;
      }
      if (INTERPUNCT_VARIANTS.includes(c) && isCjkAt(p, i - 1) && isCjkAt(p, i + 1)) {
        if (report) this.report('interpunct', {}, i, i + 1, this.fix('·', [[i, i + 1, '·']]));
        continue;
      }
      // `乔.卡巴金`: a foreign name's separator written as a full stop; `·`, not `。`.
      if (c === '.' && isCjkAt(p, i - 1) && isCjkAt(p, i + 1) && nameSeparator(p, i, s, e)) {
        if (report) this.report('interpunct', {}, i, i + 1, this.fix('·', [[i, i + 1, '·']]));
        continue;
      }
      if (!(c in TO_FULL)) continue;
      // A run such as `?!` or `!!` is treated together.
      let j = i + 1;
      if (c === '!' || c === '?') while (j < e && (p[j] === '!' || p[j] === '?')) j++;
      const l = i - 1;
      const r = j;
      const lc = p.charCodeAt(l);
      const rc = p.charCodeAt(r);
      if (isDigit(lc) && isDigit(rc)) { i = j - 1; continue; } // 1,000  3.14  12:00
      if (c === ':' && p[r] === ':') { i = j; continue; }
      if (c === ':' && /^:[a-z0-9_+-]+:/.test(p.slice(i, i + 40))) continue; // an emoji shortcode `好的:smile:`
      const leftCjk = l >= s && (isCjkAt(p, l) || (CLOSING_CJK.includes(p[l]) && c !== '.'));
      let convert = false;
      switch (c) {
        case ',':
          convert = leftCjk ? true : (isAlnum(lc) || this.info.kind(l) === AtomKind.Code) && isCjkAt(p, r);
          // `接口 (`on`, `off`)`: between two inline code spans in a Chinese line.
          if (!convert && this.info.kind(l) === AtomKind.Code && this.info.kind(skipSpaces(p, r, e)) === AtomKind.Code) convert = this.cjkIn(s, e);
          break;
        case ';':
        case ':':
          convert = leftCjk;
          break;
        case '!':
        case '?':
          convert = leftCjk && !isAlnum(rc);
          break;
        case '.':
          convert = leftCjk && (r >= e || /[\s\uE000\uFFFC"'”’)）\]】」》]/.test(p[r]) || isCjkAt(p, r)) && !isAlnum(rc);
          break;
      }
      let edit: [number, number, boolean] | undefined = convert ? [i, j, false] : undefined;
      if (!edit && !(c === ',' && isDigit(rc))) edit = this.acrossSpaceOrLatin(c, i, j, s, e);
      if (edit) {
        // After a Latin word the mark is a house-style choice of its own (`fullwidthPunctuationAfterLatin`).
        const choice = edit[2] ? 'fullwidthPunctuationAfterLatin' : 'fullwidthPunctuation';
        this.tally(choice, false);
        const to = [...p.slice(i, j)].map((x) => TO_FULL[x]).join('');
        if (report && (!edit[2] || this.style.fullwidthPunctuationAfterLatin)) this.report(edit[2] ? 'fullwidthAfterLatin' : 'fullwidth', { to }, edit[0], edit[1], this.fix(to, [[edit[0], edit[1], to]]), choice);
      }
      i = j - 1;
    }
  }

  /**
   * The marks `chinese()` leaves when the character right before is not Chinese: a mark after a
   * Latin word, inline code or a link that ends or breaks a Chinese clause (`来更新 ztunnel.`,
   * `[ztunnel](…): 一个代理`, `一个 waypoint, 用于处理`, `` `DATETIME`?`TIMESTAMP`?还是 ``), and a mark with
   * spaces before it after Chinese (`**复制状态机** , 如下`). The clause must hold Chinese before the
   * mark (an English sentence inside a Chinese line keeps its marks) and go on in Chinese after it,
   * or end the line. Returns the span to replace (the mark with the spaces around it), or nothing.
   */
  private acrossSpaceOrLatin(c: string, i: number, j: number, s: number, e: number): [number, number, boolean] | undefined {
    const p = this.prose;
    const l = this.leftWord(i, s);
    if (l < s) return undefined;
    let a = i;
    while (a > s && p[a - 1] === ' ') a--;
    if (a < i && a > s && p[a - 1] === MARK && !isClosingMark(this.post.text, a - 1)) return undefined; // `* 列表` markers, `[ ` openers
    let r = j;
    while (r < e && p[r] === ' ') r++;
    // The text after the mark: Chinese, or the end of the line (past closing syntax).
    let rr = r;
    while (rr < e && p[rr] === MARK) rr++;
    const lineEnd = rr >= e || p[rr] === '\n' || p[rr] === '\r';
    // Chinese after it, or a Chinese opening mark before Chinese (`, 《性能之巅》`; not `{2000, “Jan”}`).
    const cjkAfter = !lineEnd && (isCjkAt(p, rr) || (OPENING_CJK.includes(p[rr]) && isCjkAt(p, rr + 1)));
    const codeAfter = !lineEnd && this.info.kind(rr) === AtomKind.Code;
    const z = cjkAfter || codeAfter ? r : j; // spaces after a full-width mark go with it
    if (isCjkAt(p, l) || (CLOSING_CJK.includes(p[l]) && c !== '.')) {
      // `文字 ,` / `**文字** : `: spaces before the mark (the case with none is `chinese()`'s own).
      if (a === i && p[i - 1] !== MARK) return undefined;
      if (c === '.' || c === '!' || c === '?') return lineEnd || cjkAfter ? [a, z, false] : undefined;
      return lineEnd || cjkAfter || codeAfter ? [a, z, false] : undefined;
    }
    if (!this.isLatinEnd(l) || !this.chineseBlock()) return undefined;
    // Before Chinese text, `,;:` belong to it (`Hello, 世界`, `[ztunnel](…): 一个代理`); elsewhere the clause decides.
    // `title: 标题` opening a line is a key and its value (a broken front matter, a config quoted as text): left as written.
    if (c === ':' && /^[A-Za-z_][\w.-]*$/.test(p.slice(s, i).replace(/\uE000/g, '').trim()) && p[s] !== MARK) return undefined;
    // `20:53:05	 From DW : 嗯`: a line of an exported chat record (a clock time first) is the record's format.
    if (c === ':' && opensWithClockTime(p.slice(s, i))) return undefined;
    if ((c === ',' || c === ';' || c === ':') && cjkAfter) return [a, z, true];
    // `` `DATETIME`?`TIMESTAMP`?还是 ``: a question about the code before it, in Chinese.
    if ((c === '!' || c === '?') && (cjkAfter || codeAfter) && this.info.kind(l) === AtomKind.Code) return [a, z, true];
    if (!this.clauseHasCjk(s, l)) return undefined;
    switch (c) {
      case ':':
        return codeAfter || lineEnd ? [a, z, true] : undefined;
      // `!` and `?` after a Latin word may be its own (`Yahoo!`, `hello?world!`): left as written.
      case '.':
        // `步骤 3. 设置`, `2.7.3. reborrow` number things; `crontab.用户名` is a file name.
        if (a < i || isLatinAbbreviation(p, l) || (isDigit(p.charCodeAt(l)) && !lineEnd)) return undefined;
        return lineEnd || (cjkAfter && r > j) ? [a, z, true] : undefined;
    }
    return undefined;
  }

  /**
   * A Chinese block: at least as many Chinese characters as Latin words (memoised). The English
   * paragraphs of a bilingual post (`Inference (推理) is where the money goes: 推理服务 are cheap`)
   * keep their marks.
   */
  private chineseBlock(): boolean {
    if (this.isChinese !== undefined) return this.isChinese;
    const p = this.prose;
    let cjk = 0;
    let words = 0;
    for (let k = this.start; k < this.end; k++) {
      if (isCjkAt(p, k)) cjk++;
      else if (isAsciiLetter(p.charCodeAt(k)) && !isAsciiLetter(p.charCodeAt(k - 1)) && !isDigit(p.charCodeAt(k - 1))) words++;
    }
    return (this.isChinese = cjk > 0 && cjk >= words);
  }

  /** A Latin word, inline code or a closing `)` right before `i` (past spaces and markup): `ztunnel。`, `` `x`： ``. */
  private latinBefore(i: number, s: number): boolean {
    const l = this.leftWord(i, s);
    return l >= s && this.isLatinEnd(l);
  }

  /** The nearest character before `i` on the line that is not a space or markup (below `s`: none). */
  private leftWord(i: number, s: number): number {
    let l = i - 1;
    while (l >= s && (this.prose[l] === ' ' || this.prose[l] === MARK)) l--;
    return l;
  }

  /** A Latin word's last character, a closing `)` or inline code. */
  private isLatinEnd(l: number): boolean {
    return isAlnum(this.prose.charCodeAt(l)) || this.prose[l] === ')' || this.info.kind(l) === AtomKind.Code;
  }

  /** Chinese in the clause that ends at `l`: back to the line's start or a full-width stop (half-width ones may belong to English). */
  private clauseHasCjk(s: number, l: number): boolean {
    const p = this.prose;
    for (let k = l; k >= s; k--) {
      const ch = p[k];
      if (ch === '\n' || CLAUSE_STOP.includes(ch)) return false;
      if (isCjkAt(p, k)) return true;
    }
    return false;
  }

  // English context: full-width `，。！？：；` after a word → half-width, with a space after it before a word.
  private english(s: number, e: number): void {
    const p = this.prose;
    for (const [open, close, to] of ENGLISH_BRACKETS) {
      for (let o = indexIn(p, open, s, e); o >= 0; o = indexIn(p, open, o + 1, e)) {
        const c = indexIn(p, close, o + 1, e);
        if (c < 0 || indexIn(p, open, o + 1, c) >= 0) continue;
        if ('([:'.includes(p[c + 1] ?? '')) continue; // `[x](y)` would become a link
        const before = isAlnum(p.charCodeAt(o - 1)) ? ' ' + to[0] : to[0];
        const after = isAlnum(p.charCodeAt(c + 1)) ? to[1] + ' ' : to[1];
        this.report('halfwidth', { to }, o, c + 1, this.fix(to, [[o, o + 1, before], [c, c + 1, after]]));
      }
    }
    for (let i = s; i < e; i++) {
      const c = p[i];
      if (!(c in TO_HALF) || '（）'.includes(c)) continue;
      const l = i - 1;
      const lc = p.charCodeAt(l);
      if (l < s || !(isAlnum(lc) || ')"\'”’'.includes(p[l]) || this.info.kind(l) === AtomKind.Code)) continue;
      const to = TO_HALF[c];
      const next = p.charCodeAt(i + 1);
      // `Ollama Base URL：`http://…`` and `…：` at the end: a Chinese-style label colon before a value.
      if (c === '：' && (i + 1 >= e || p[i + 1] === MARK || p[i + 1] === '\uFFFC' || /^\s*$/.test(p.slice(i + 1, e)))) continue;
      const space = i + 1 < e && (isAsciiLetter(next) || isDigit(next)) && !isDigit(lc) ? ' ' : '';
      this.report('halfwidth', { to }, i, i + 1, this.fix(to, [[i, i + 1, to + space]]));
    }
  }

  // Parentheses and quotes: matching, and the width of each pair.
  private pairs(): void {
    const p = this.prose;
    const stack: number[] = [];
    const pairs: Array<[number, number]> = [];
    for (let i = this.start; i < this.end; i++) {
      const k = p.charCodeAt(i);
      if (k === 0x28 || k === 0xff08) stack.push(i); // ( （
      else if (k === 0x29 || k === 0xff09) { // ) ）
        if (stack.length) pairs.push([stack.pop()!, i]);
        else if (k === 0xff09 && !isEnumerator(p, i, this.start)) this.report('unopened', { close: p[i] }, i, i + 1);
      }
    }
    for (const o of stack) if (p[o] === '（') this.report('unclosed', { open: '（' }, o, o + 1);
    for (const [o, c] of pairs) this.parenPair(o, c);
    this.curlyQuotes();
    this.cornerQuotes();
    this.straightQuotes('"');
    this.straightQuotes("'");
  }

  /** A bare URL (or other non-code atom) right before i would absorb a full-width character: `https://x.y/z）`. */
  private afterUrl(i: number): boolean {
    return this.prose[i - 1] === '\uFFFC' && this.info.kind(i - 1) !== AtomKind.Code;
  }

  private parenPair(o: number, c: number): void {
    const p = this.prose;
    if (this.afterUrl(c) || this.afterUrl(o)) return;
    const cjk = this.cjkIn(o + 1, c);
    const english = isEnglishLineOf(this.post, lineStartOf(this.post, o, this.start), lineEndOf(this.post, c, this.end));
    const full = p[o] === '（';
    if (full !== (p[c] === '）')) {
      const to = cjk || (full && !english) ? ['（', '）'] : ['(', ')'];
      const edits: Array<[number, number, string]> = [];
      if (p[o] !== to[0]) edits.push([o, o + 1, to[0]]);
      if (p[c] !== to[1]) edits.push([c, c + 1, to[1]]);
      // `](x ）` made `](x )` would turn the text before it into a link: report, do not fix.
      const makesLink = to[0] === '(' && this.post.text[o - 1] === ']';
      this.report('mismatched', { open: p[o], close: p[c] }, o, c + 1, makesLink ? undefined : this.fix(to.join(''), edits));
      return;
    }
    if (full && english && !cjk && this.style.halfwidthPunctuationInEnglish) {
      const before = isAlnum(p.charCodeAt(o - 1)) ? ' (' : '(';
      const after = isAlnum(p.charCodeAt(c + 1)) ? ') ' : ')';
      this.report('halfwidth', { to: '()' }, o, c + 1, this.fix('()', [[o, o + 1, before], [c, c + 1, after]]));
      return;
    }
    if (english || !/[\p{L}\p{N}\uFFFC]/u.test(p.slice(o + 1, c))) return;
    // Chinese context: a Chinese character or punctuation right outside the pair (spaces aside).
    let a = o;
    while (a > this.start && p[a - 1] === ' ') a--;
    let z = c + 1;
    while (z < this.end && p[z] === ' ') z++;
    const outside = (a === this.start || p[a - 1] === '\n' || this.cjkish(a - 1)) || (z >= this.end || p[z] === '\n' || this.cjkish(z));
    if (!outside || (!cjk && !(this.cjkish(a - 1) || this.cjkish(z)))) return;
    const choice: Choice = cjk ? 'cjkParentheses' : 'latinParentheses';
    if (full) {
      this.tally(choice, 'fullwidth');
      return;
    }
    this.tally(choice, cjk ? 'keep' : 'halfwidth');
    const wantFull = cjk ? this.style.cjkParentheses === 'fullwidth' : this.style.latinParentheses === 'fullwidth';
    if (!wantFull) return;
    const keepA = a === this.start || p[a - 1] === '\n' || !this.cjkish(a - 1) && !isCjkAt(p, a - 1) ? o : a;
    const keepZ = z >= this.end || p[z] === '\n' || !this.cjkish(z) ? c + 1 : z;
    this.report(cjk ? 'parentheses' : 'latinParentheses', {}, keepA, keepZ, this.fix('（）', [[keepA, o + 1, '（'], [c, keepZ, '）']]), choice);
  }

  /**
   * `“` without `”` (and the reverse) in a paragraph: reported, not fixed. Two closing quotes
   * around a short text on one line (`输入”y”及`) are one finding: the first should open. So are
   * quotes the wrong way round (`”作案工具“`) and two opening quotes (`会“定期“整合`) when no `”`
   * follows to pair with the second: one problem, one finding (each was two, "never closed" and
   * "closes nothing"), with a quick fix that is not applied by fix-all (the pairing is likely, not certain).
   */
  private curlyQuotes(): void {
    const p = this.prose;
    const qs: number[] = [];
    for (let i = indexOfQuote(p, this.start, this.end); i >= 0; i = indexOfQuote(p, i + 1, this.end)) qs.push(i);
    let open = -1;
    let stray = -1; // an unopened `”` not reported yet: the next one may pair with it
    const flush = () => {
      if (stray >= 0) this.report('unopened', { close: '”' }, stray, stray + 1);
      stray = -1;
    };
    for (let n = 0; n < qs.length; n++) {
      const i = qs[n];
      // a short text on one line before i, from `a`
      const near = (a: number) => i - a <= 100 && indexIn(p, '\n', a, i) < 0;
      // would a `“` at i be closed? (the next quote of the paragraph is a `”`)
      const closedLater = n + 1 < qs.length && p.charCodeAt(qs[n + 1]) === 0x201d;
      if (p.charCodeAt(i) === 0x201c) { // “
        if (stray >= 0 && !closedLater && near(stray)) {
          this.report('reversedPair', {}, stray, i + 1, this.suggest('“…”', [[stray, stray + 1, '“'], [i, i + 1, '”']]));
          stray = -1;
          continue;
        }
        flush();
        if (open >= 0) {
          if (!closedLater && near(open)) {
            this.report('doubleOpen', {}, open, i + 1, this.suggest('”', [[i, i + 1, '”']]));
            open = -1;
            continue;
          }
          this.report('unclosed', { open: '“' }, open, open + 1);
        }
        open = i;
      } else { // ”
        if (open >= 0) {
          if (this.cjkIn(open + 1, i)) this.tally('quotes', 'curly');
        } else if (stray >= 0 && near(stray)) {
          this.report('reversed', {}, stray, i + 1, this.fix('“”', [[stray, stray + 1, '“']]));
          stray = -1;
        } else {
          flush();
          stray = i;
        }
        open = -1;
      }
    }
    flush();
    if (open >= 0) this.report('unclosed', { open: '“' }, open, open + 1);
  }

  /** `「…」` around Chinese text, counted for `quotes: corner`. */
  private cornerQuotes(): void {
    const p = this.prose;
    for (let o = indexIn(p, '「', this.start, this.end); o >= 0; o = indexIn(p, '「', o + 1, this.end)) {
      const c = indexIn(p, '」', o + 1, this.end);
      if (c < 0) return;
      if (this.cjkIn(o + 1, c)) this.tally('quotes', 'corner');
    }
  }

  /** Straight quotes around Chinese text in a Chinese sentence → curly (or corner) quotes; with `quotes: keep`, only counted. */
  private straightQuotes(q: '"' | "'"): void {
    const p = this.prose;
    const marks: number[] = [];
    const qc = q.charCodeAt(0);
    for (let i = this.start; i < this.end; i++) {
      if (p.charCodeAt(i) !== qc) continue;
      // An apostrophe between letters (`what's`) is no quote.
      if (q === "'" && isAsciiLetter(p.charCodeAt(i - 1)) && isAsciiLetter(p.charCodeAt(i + 1))) continue;
      marks.push(i);
    }
    for (let k = 0; k + 1 < marks.length; k += 2) {
      const o = marks[k];
      const c = marks[k + 1];
      if (indexIn(p, '\n', o + 1, c) >= 0 || !this.cjkIn(o + 1, c)) continue;
      const content = p.slice(o + 1, c);
      if (content.trim() !== content || this.afterUrl(c)) continue;
      if (isAsciiLetter(p.charCodeAt(o - 1)) || isAsciiLetter(p.charCodeAt(c + 1))) continue;
      this.tally('quotes', 'keep');
      if (this.style.quotes === 'keep') continue;
      const corner = this.style.quotes === 'corner';
      const pair = q === '"' ? (corner ? ['「', '」'] : ['“', '”']) : (corner ? ['『', '』'] : ['‘', '’']);
      this.report('quotes', { to: pair.join('') }, o, c + 1, this.fix(pair.join(''), [[o, o + 1, pair[0]], [c, c + 1, pair[1]]]), 'quotes');
    }
  }

  // `！！`, `，，`, `、、`: one is enough (`？！` is fine; `。。。` is an ellipsis, handled above).
  private repeated(): void {
    const p = this.prose;
    for (let i = this.start; i < this.end; i++) {
      if (!REPEATABLE_CODE[p.charCodeAt(i)]) continue;
      const c = p[i];
      if (p[i + 1] !== c) continue;
      let j = i;
      while (j < this.end && p[j] === c) j++;
      if (!(c === '。' && j - i >= 3)) this.report('repeated', { punct: p.slice(i, j) }, i, j, this.fix(c, [[i + 1, j, '']]));
      i = j - 1;
    }
  }
}

/**
 * A set of offsets that answers "is any offset in [a, b) in the set?" in O(log n): a Fenwick tree
 * over the block's offsets (a Set asked offset by offset was quadratic for long findings).
 * Offsets outside the block (none in practice) go to a plain set.
 */
class OffsetSet {
  private readonly tree: Int32Array;
  private readonly has: Uint8Array;
  private readonly outside = new Set<number>();
  constructor(private readonly start: number, private readonly end: number) {
    this.tree = new Int32Array(end - start + 1);
    this.has = new Uint8Array(end - start);
  }
  add(k: number): void {
    if (k < this.start || k >= this.end) {
      this.outside.add(k);
      return;
    }
    const i = k - this.start;
    if (this.has[i]) return;
    this.has[i] = 1;
    for (let j = i + 1; j < this.tree.length; j += j & -j) this.tree[j]++;
  }
  /** How many offsets of the block below k are in the set. */
  private below(k: number): number {
    let n = 0;
    for (let j = Math.max(0, Math.min(k, this.end) - this.start); j > 0; j -= j & -j) n += this.tree[j];
    return n;
  }
  anyIn(a: number, b: number): boolean {
    if (a >= b) return false;
    if (this.outside.size) for (const k of this.outside) if (k >= a && k < b) return true;
    return this.below(b) - this.below(a) > 0;
  }
}

function isFullwidthAlnum(c: number): boolean {
  return (c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a);
}
function isDigitLike(c: number): boolean {
  return isDigit(c) || (c >= 0xff10 && c <= 0xff19);
}
function toHalfAlnum(s: string): string {
  return s.replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/：/g, ':').replace(/．/g, '.');
}




/** `p.indexOf(ch, from)` when it is below `to`, else -1 (never searches past `to`). */
function indexIn(p: string, ch: string, from: number, to: number): number {
  const k = ch.charCodeAt(0);
  for (let i = from; i < to; i++) if (p.charCodeAt(i) === k) return i;
  return -1;
}

function skipSpaces(p: string, i: number, max: number): number {
  while (i < max && p[i] === ' ') i++;
  return i;
}

/** `1）`, `a）`, `二）`: a list label, not a closing parenthesis (`方式1）直接缓存 方式2）按 k-v 分离`). */
function isEnumerator(p: string, i: number, min: number): boolean {
  let k = i - 1;
  while (k >= min && k > i - 4 && /[0-9A-Za-z一二三四五六七八九十]/.test(p[k])) k--;
  return k < i - 1 && (isDigit(p.charCodeAt(i - 1)) || k < min || !(isAlnum(p.charCodeAt(k)) || isCjkAt(p, k)) || /[0-9]/.test(p[i - 1]));
}

/** Full-width marks that end a clause: what comes before them is another clause. */
const CLAUSE_STOP = '，。！？；：';
/** Latin abbreviations whose own full stop ends them (`etc.`, `e.g.`): data/typo/punctuation.json `latinAbbreviations`. */
const LATIN_ABBREVIATIONS = new Set(punctuationData.latinAbbreviations.map((w: string) => w.toLowerCase()));

/**
 * Is the `.` after `l` part of an abbreviation (`etc.`, `vs.`, `Inc.`), or of a token of single
 * letters and dots (`U.S.`, `e.g.`), rather than the end of a sentence?
 */
function isLatinAbbreviation(p: string, l: number): boolean {
  let k = l;
  while (k > 0 && (isAlnum(p.charCodeAt(k - 1)) || p[k - 1] === '.')) k--;
  const word = p.slice(k, l + 1);
  if (/^(?:[A-Za-z]\.)+[A-Za-z]$/.test(word) || /^[A-Za-z]$/.test(word)) return true;
  return LATIN_ABBREVIATIONS.has(word.slice(word.lastIndexOf('.') + 1).toLowerCase());
}

/** Is the MARK at k the closing syntax of inline markup (`**`, `_`, `]`, `)` of a link), not a list marker or an opener? */
function isClosingMark(text: string, k: number): boolean {
  const t = text[k];
  if (t === ']' || t === ')' || t === '>') return true;
  if (t !== '*' && t !== '_' && t !== '~') return false;
  // a closing delimiter run follows the text it closes: the character before the run is not a space
  let b = k;
  while (b > 0 && text[b - 1] === t) b--;
  return b > 0 && text[b - 1] !== ' ' && text[b - 1] !== '\n';
}

/** The first `“` or `”` in `p[from, to)`, or -1. */
function indexOfQuote(p: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const k = p.charCodeAt(i);
    if (k === 0x201c || k === 0x201d) return i;
  }
  return -1;
}
