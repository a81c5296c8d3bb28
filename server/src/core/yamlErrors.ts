/**
 * YAML syntax errors said plainly, for `.zhen.yml` (config.ts) and the front matter
 * (front-matter/yaml-syntax): a bracket or quote left open is named at the place it was opened
 * ("the `[` opened here is never closed") with the edit that closes it at the end of its line;
 * other errors of the `yaml` package get a short description in the message language (its own
 * English text is kept for English, where it is more precise than a summary).
 */
import type { Language, Span } from './types';

/** What a YAML error is about, in offsets of the YAML text. */
export interface YamlErrorInfo {
  /** The opener left open (`[`, `{`, `"` or `'`), when that is the error. */
  open?: string;
  /** Where to show it: the opener and the rest of its line; undefined to keep the error's own place. */
  span?: Span;
  /** The text that closes it, inserted at `closeAt` (the end of the opener's line). */
  close?: string;
  closeAt?: number;
}

const CLOSERS: Record<string, string> = { '[': ']', '{': '}', '"': '"', "'": "'" };

/** The opener a "missing closing quote / bracket" error is about, the rest of its line, and its closer. */
export function unclosedOpener(yaml: string, pos: number, message: string): YamlErrorInfo | undefined {
  let at = -1;
  const quote = /closing (["'])quote/.exec(message);
  if (quote) at = yaml.lastIndexOf(quote[1], Math.max(0, pos - 1));
  else if (/end with a \]|flow sequence/i.test(message)) at = unmatched(yaml, pos, '[', ']');
  else if (/end with a \}|flow mapping|flow map/i.test(message)) at = unmatched(yaml, pos, '{', '}');
  if (at < 0) return undefined;
  let end = yaml.indexOf('\n', at);
  if (end < 0) end = yaml.length;
  if (yaml[end - 1] === '\r') end--;
  while (end > at + 1 && /\s/.test(yaml[end - 1])) end--;
  const open = yaml[at];
  return { open, span: { start: at, end }, close: CLOSERS[open], closeAt: end };
}

function unmatched(yaml: string, pos: number, open: string, close: string): number {
  let depth = 0;
  for (let i = Math.min(pos, yaml.length) - 1; i >= 0; i--) {
    if (yaml[i] === close) depth++;
    else if (yaml[i] === open) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** Short descriptions of the `yaml` package's error codes (the ones a hand-written file meets). */
const CODES: Record<string, Record<Language, string>> = {
  BAD_INDENT: { en: 'wrong indentation', 'zh-cn': '缩进不对' },
  TAB_AS_INDENT: { en: 'a tab used for indentation (YAML allows only spaces)', 'zh-cn': '用了制表符缩进（YAML 只允许空格）' },
  MISSING_CHAR: { en: 'a closing character is missing', 'zh-cn': '缺少闭合的字符' },
  BLOCK_AS_IMPLICIT_KEY: { en: 'a second "key:" on one line (quote the value if it contains ": ")', 'zh-cn': '一行中出现了第二个“键:”（值中含有“: ”时请加引号）' },
  MULTILINE_IMPLICIT_KEY: { en: 'a key that runs over several lines', 'zh-cn': '键跨越了多行' },
  DUPLICATE_KEY: { en: 'a key written twice', 'zh-cn': '同一个键写了两次' },
  UNEXPECTED_TOKEN: { en: 'unexpected text here (a missing "- " or ":"?)', 'zh-cn': '此处的内容无法解析（是否缺少“- ”或“:”？）' },
  BAD_SCALAR_START: { en: 'a value cannot start with this character (quote it)', 'zh-cn': '值不能以此字符开头（请加引号）' },
  BAD_DQ_ESCAPE: { en: 'an invalid escape in double quotes', 'zh-cn': '双引号中的转义无效' },
  BAD_ALIAS: { en: 'an invalid alias (*name)', 'zh-cn': '无效的别名（*name）' },
  BLOCK_IN_FLOW: { en: 'a block inside [ ] or { }', 'zh-cn': '[ ] 或 { } 中出现了块结构' },
  MULTIPLE_DOCS: { en: 'more than one document (a second "---")', 'zh-cn': '出现了多个文档（第二个“---”）' },
  KEY_OVER_1024_CHARS: { en: 'a key longer than 1024 characters', 'zh-cn': '键超过了 1024 个字符' },
  NON_STRING_KEY: { en: 'a key that is not text', 'zh-cn': '键不是文本' },
};

/**
 * The error in the message language: "the `[` opened here is never closed" for an opener left
 * open; otherwise the library's first line (English) or the code's description (Chinese).
 */
export function yamlErrorText(e: { code: string; message: string }, info: YamlErrorInfo | undefined, lang: Language): string {
  if (info?.open) return lang === 'zh-cn' ? `此处的“${info.open}”没有闭合` : `the "${info.open}" opened here is never closed`;
  if (lang === 'en') return e.message.split('\n')[0].replace(/ at line \d+, column \d+:?\s*$/, '');
  return CODES[e.code]?.[lang] ?? '此处无法解析';
}

/** Every description, for the localization test. */
export const YAML_ERROR_TEXTS: ReadonlyArray<Record<Language, string>> = Object.values(CODES);
