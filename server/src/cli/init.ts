/**
 * `zhen init`: a `.zhen.yml` for the blog as it is. The generator is the one the front-matter rules
 * detect; the typesetting house style is measured on the blog's own posts (up to SAMPLE of them,
 * spread over the whole list), so that a blog that never puts a space between Chinese and English
 * is not told to on every line. Each choice is written with the counts it rests on, as a comment.
 * The first line points YAML language servers (VS Code's YAML extension, Neovim, Helix) at the
 * schema for completion and validation.
 */
import { parse, TYPOGRAPHY_KEYS, type ConfigInput } from '../core/index';
import { CJK_RANGES_U } from '../core/cjk';

/** Where the schema of `.zhen.yml` is published: the file in the repository (its `$id`). */
export const SCHEMA_URL = 'https://raw.githubusercontent.com/zhen-lint/zhen/main/schemas/zhen.schema.json';

/** Posts read to measure the house style. */
export const SAMPLE = 200;

/** A house-style choice is made only when this share of the places agree, over at least MIN_PLACES places. */
const MAJORITY = 0.8;
const MIN_PLACES = 30;

export interface HouseStyle {
  posts: number;
  /** Chinese next to a Latin letter: with a space, without. */
  cjkLatin: [spaced: number, tight: number];
  /** Chinese next to a digit: with a space, without. */
  cjkDigit: [spaced: number, tight: number];
  /** Quotes around Chinese: curly “”, corner 「」. */
  quotes: [curly: number, corner: number];
  /** Parentheses around English inside Chinese: half-width (…), full-width （…）. */
  latinParens: [halfwidth: number, fullwidth: number];
}

const CJK = `[${CJK_RANGES_U}]`;
const count = (s: string, re: RegExp) => s.match(re)?.length ?? 0;

/** The house style of some posts, counted in their prose only (code, URLs and Markdown syntax are masked). */
export function measureHouseStyle(texts: Iterable<string>): HouseStyle {
  const h: HouseStyle = { posts: 0, cjkLatin: [0, 0], cjkDigit: [0, 0], quotes: [0, 0], latinParens: [0, 0] };
  for (const text of texts) {
    const prose = parse(text).prose;
    h.posts++;
    h.cjkLatin[0] += count(prose, new RegExp(`${CJK} [A-Za-z]|[A-Za-z] ${CJK}`, 'gu'));
    h.cjkLatin[1] += count(prose, new RegExp(`${CJK}[A-Za-z]|[A-Za-z]${CJK}`, 'gu'));
    h.cjkDigit[0] += count(prose, new RegExp(`${CJK} [0-9]|[0-9] ${CJK}`, 'gu'));
    h.cjkDigit[1] += count(prose, new RegExp(`${CJK}[0-9]|[0-9]${CJK}`, 'gu'));
    h.quotes[0] += count(prose, new RegExp(`“${CJK}`, 'gu'));
    h.quotes[1] += count(prose, new RegExp(`「${CJK}`, 'gu'));
    h.latinParens[0] += count(prose, new RegExp(`${CJK} ?\\([A-Za-z][A-Za-z0-9 .+-]*\\)`, 'gu'));
    h.latinParens[1] += count(prose, new RegExp(`${CJK}（[A-Za-z][A-Za-z0-9 .+-]*）`, 'gu'));
  }
  return h;
}

/** Which of two choices a blog makes: 0, 1, or undefined when it has too few places or no clear majority. */
function majority([a, b]: [number, number]): 0 | 1 | undefined {
  const n = a + b;
  if (n < MIN_PLACES) return undefined;
  if (a / n >= MAJORITY) return 0;
  if (b / n >= MAJORITY) return 1;
  return undefined;
}

const pct = (x: number, n: number) => `${Math.round((100 * x) / Math.max(1, n))} %`;

export interface InitInput {
  generator: string;
  configFile?: string;
  language: 'en' | 'zh-cn';
  style: HouseStyle;
  /**
   * `measured` (default): the choices this blog makes now, fixed, with the counts they rest on, and
   * `typography: auto` offered in a comment; `auto`: `typography: auto`, every choice the majority of
   * the workspace's posts, read again as the blog changes (`zhen init --typography auto`).
   */
  typography?: 'measured' | 'auto';
}

/** The `.zhen.yml` text, and the configuration it holds (for the tests). */
export function initConfig({ generator, configFile, language, style, typography: mode = 'measured' }: InitInput): { text: string; config: ConfigInput } {
  const zh = language === 'zh-cn';
  const lines: string[] = [
    `# yaml-language-server: $schema=${SCHEMA_URL}`,
    zh ? '# Zhen 的配置（zhen init 生成）。每一项都可省略；规则说明：zhen explain 规则名。' : "# Zhen's configuration (written by zhen init). Every key is optional; a rule's documentation: zhen explain RULE.",
    `language: ${language}`,
  ];
  const config: ConfigInput = { language };
  if (generator !== 'default') {
    lines.push('frontMatter:', `  schema: ${generator}${configFile ? `   # ${zh ? '检测自' : 'detected from'} ${configFile}` : ''}`);
    config.frontMatter = { schema: generator };
  }
  if (mode === 'auto') {
    lines.push(
      zh ? `# 排版习惯：每一项都跟随本博客文章的多数写法（每项至少 20 处，否则用中文文案排版指北的默认值），博客变了也随之变（本博客 ${style.posts} 篇文章里中英文之间${pct(style.cjkLatin[0], style.cjkLatin[0] + style.cjkLatin[1])}加空格）` : `# House style: every choice follows the majority of the blog's posts (each at least 20 places, else the guidelines' default), read again as the blog changes (in ${style.posts} of its posts, ${pct(style.cjkLatin[0], style.cjkLatin[0] + style.cjkLatin[1])} of the places between Chinese and English have a space)`,
      'typography: auto',
    );
    config.typography = Object.fromEntries(TYPOGRAPHY_KEYS.map((k) => [k, 'auto'])) as ConfigInput['typography'];
  } else {
    const typography: Record<string, unknown> = {};
    const notes: Record<string, string> = {};
    const rules: Record<string, string> = {};
    const ruleNotes: Record<string, string> = {};
    const places = (pair: [number, number], which: 0 | 1) => (zh ? `${pct(pair[which], pair[0] + pair[1])}（共 ${pair[0] + pair[1]} 处）` : `${pct(pair[which], pair[0] + pair[1])} of ${pair[0] + pair[1]} places`);
    const latin = majority(style.cjkLatin);
    if (latin === 1) {
      rules['typo/cjk-latin-spacing'] = 'off';
      ruleNotes['typo/cjk-latin-spacing'] = zh ? `本博客中英文之间不加空格：${places(style.cjkLatin, 1)}` : `the blog writes Chinese and English without a space: ${places(style.cjkLatin, 1)}`;
    }
    const digit = majority(style.cjkDigit);
    if (digit !== undefined) {
      typography.spaceBetweenCjkAndDigits = digit === 0;
      notes.spaceBetweenCjkAndDigits = zh ? `中文与数字之间${digit === 0 ? '加' : '不加'}空格：${places(style.cjkDigit, digit)}` : `${digit === 0 ? 'a space' : 'no space'} between Chinese and digits: ${places(style.cjkDigit, digit)}`;
    }
    const quotes = majority(style.quotes);
    if (quotes !== undefined) {
      typography.quotes = quotes === 0 ? 'curly' : 'corner';
      notes.quotes = zh ? `引号：${places(style.quotes, quotes)}` : `quotes: ${places(style.quotes, quotes)}`;
    }
    const parens = majority(style.latinParens);
    if (parens !== undefined) {
      typography.latinParentheses = parens === 0 ? 'halfwidth' : 'fullwidth';
      notes.latinParentheses = zh ? `英文外的括号：${places(style.latinParens, parens)}` : `parentheses around English: ${places(style.latinParens, parens)}`;
    }
    const measured = zh ? `# 排版习惯：量自本博客的 ${style.posts} 篇文章` : `# House style: measured on ${style.posts} of the blog's posts`;
    if (Object.keys(typography).length) {
      lines.push(measured, 'typography:');
      for (const [k, v] of Object.entries(typography)) lines.push(`  ${k}: ${v}   # ${notes[k]}`);
      config.typography = typography as ConfigInput['typography'];
    }
    if (Object.keys(rules).length) {
      if (!Object.keys(typography).length) lines.push(measured);
      lines.push('rules:');
      for (const [k, v] of Object.entries(rules)) lines.push(`  ${k}: ${v}   # ${ruleNotes[k]}`);
      config.rules = rules as ConfigInput['rules'];
    }
    lines.push(zh ? '# typography: auto   # 另一种做法：每一项都跟随本博客的多数写法，博客变了也随之变（zhen init --typography auto）' : "# typography: auto   # instead: every choice follows the blog's own majority, read again as it changes (zhen init --typography auto)");
  }
  lines.push(zh ? '# 不检查的路径（相对于本目录的 glob）：' : '# Paths Zhen skips (globs relative to this folder):', 'ignore: []');
  config.ignore = [];
  return { text: lines.join('\n') + '\n', config };
}

/** Up to `n` items spread evenly over a list. */
export function spread<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  return Array.from({ length: n }, (_, k) => items[Math.floor((k * items.length) / n)]);
}
