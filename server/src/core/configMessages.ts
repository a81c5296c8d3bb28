/**
 * What `.zhen.yml` problems say, in English and 简体中文: each names what is wrong, what is
 * allowed instead, and that only this value is ignored (the rest of the file applies).
 * `configMessage(id, lang, data)` fills `{name}` placeholders.
 */
import type { Language } from './types';
import { format } from './engine';

export const CONFIG_MESSAGES = {
  unknownKey: { en: 'Unknown key "{key}"; it is ignored.', 'zh-cn': '未知的键“{key}”，已忽略。' },
  unknownKeyDidYouMean: {
    en: 'Unknown key "{key}": did you mean "{suggestion}"? It is ignored until then.',
    'zh-cn': '未知的键“{key}”，是不是想写“{suggestion}”？改正之前它会被忽略。',
  },
  unknownRule: {
    en: 'Unknown rule "{key}" (zhen rules lists them).',
    'zh-cn': '没有名为“{key}”的规则或规则族，此设置不起作用。规则 id 形如 typo/cjk-latin-spacing，规则族有 {families}。',
  },
  unknownRuleDidYouMean: {
    en: 'Unknown rule "{key}": did you mean "{suggestion}"?',
    'zh-cn': '没有名为“{key}”的规则或规则族，是不是想写“{suggestion}”？改正之前此设置不起作用。',
  },
  severity: {
    en: '{path}: "{value}" is not a severity; use off, hint, info, warning or error. Only this setting is ignored; the others apply.',
    'zh-cn': '{path}：“{value}”不是严重级别，可选 off、hint、info、warning、error。只有这一项被忽略，其余设置照常生效。',
  },
  severityDidYouMean: {
    en: '{path}: "{value}" is not a severity: did you mean "{suggestion}"? (off, hint, info, warning, error). Only this setting is ignored; the others apply.',
    'zh-cn': '{path}：“{value}”不是严重级别，是不是想写“{suggestion}”？（可选 off、hint、info、warning、error）只有这一项被忽略，其余设置照常生效。',
  },
  enum: { en: '{path}: "{value}" is not allowed; use {values}. It is ignored.', 'zh-cn': '{path}：不能是“{value}”，可选 {values}。已忽略此项。' },
  enumDidYouMean: {
    en: '{path}: "{value}" is not allowed: did you mean "{suggestion}"? (one of {values}). It is ignored.',
    'zh-cn': '{path}：不能是“{value}”，是不是想写“{suggestion}”？（可选 {values}）已忽略此项。',
  },
  type: { en: '{path}: expected {type}; it is ignored.', 'zh-cn': '{path}：应为{type}，已忽略此项。' },
  required: { en: '{path}: "{prop}" is missing; this entry is ignored.', 'zh-cn': '{path}：缺少“{prop}”，已忽略此项。' },
  url: { en: '{path}: not a URL (http:// or https://); it is ignored.', 'zh-cn': '{path}：不是以 http:// 或 https:// 开头的网址，已忽略此项。' },
  empty: { en: '{path}: must not be empty; it is ignored.', 'zh-cn': '{path}：不能为空，已忽略此项。' },
  minimum: { en: '{path}: must be at least {limit}; it is ignored.', 'zh-cn': '{path}：不能小于 {limit}，已忽略此项。' },
  size: { en: 'maxFileSize: "{value}" is not a size; use a number of bytes or a size such as 512KB or 10MB. It is ignored.', 'zh-cn': 'maxFileSize：“{value}”不是有效的大小，应为字节数，或 512KB、10MB 这样的写法。已忽略此项。' },
  glossaryForm: { en: '{path}: a glossary entry needs at least one form (zh, en or abbr); it is ignored.', 'zh-cn': '{path}：术语表条目至少需要一种写法（zh、en 或 abbr），已忽略此项。' },
  schema: {
    en: 'frontMatter.schema: "{value}" is neither a built-in schema ({names}) nor a path to a .json or .yml file; it is ignored.',
    'zh-cn': 'frontMatter.schema：“{value}”既不是内置的 schema（{names}），也不是 .json 或 .yml 文件的路径，已忽略此项。',
  },
  claimPattern: { en: '{path}: expected a phrase or {pattern, kind}; it is ignored.', 'zh-cn': '{path}：应为一个短语或 {pattern, kind}，已忽略此项。' },
  invalid: { en: '{path}: not a valid value; it is ignored.', 'zh-cn': '{path}：值无效，已忽略此项。' },
  pattern: { en: '{path}: {problem}; this pattern is skipped.', 'zh-cn': '{path}：{problem}，已跳过这个模式。' },
  notMapping: {
    en: 'The configuration must be a mapping of keys (language, rules, sources, glossary, …); none of it is used.',
    'zh-cn': '配置应为键值映射（language、rules、sources、glossary 等），整个文件均未使用。',
  },
  yaml: {
    // The same text in every host: the command line stops (exit 2), the editor keeps its last good settings.
    en: 'YAML syntax error: {detail}. Until it is fixed the file cannot be read: the command line stops, the editor keeps its last good settings.',
    'zh-cn': 'YAML 语法错误：{detail}。修复之前无法读取此文件：命令行停止检查，编辑器继续使用上次有效的设置。',
  },
  aliasBomb: {
    en: 'its aliases expand past {max} nodes (an alias bomb), so none of it is read',
    'zh-cn': '其中的别名展开超过 {max} 个节点（别名炸弹），整个文件均不读取',
  },
  fixReplace: { en: 'Change to "{to}"', 'zh-cn': '改为“{to}”' },
  fixClose: { en: 'Close it: add "{close}" at the end of the line', 'zh-cn': '在行尾补上“{close}”' },
} satisfies Record<string, Record<Language, string>>;

export type ConfigMessageId = keyof typeof CONFIG_MESSAGES;

/** Expected types, as the `type` message says them. */
export const TYPE_NAMES: Record<string, Record<Language, string>> = {
  boolean: { en: 'true or false', 'zh-cn': ' true 或 false' },
  string: { en: 'a text', 'zh-cn': '文本' },
  array: { en: 'a list', 'zh-cn': '列表' },
  object: { en: 'a mapping of keys', 'zh-cn': '键值映射' },
  integer: { en: 'a whole number', 'zh-cn': '整数' },
  number: { en: 'a number', 'zh-cn': '数字' },
};

export function configMessage(id: ConfigMessageId, lang: Language, data: Record<string, string | number> = {}): string {
  return format(CONFIG_MESSAGES[id][lang], data);
}

/** A list of values as the message language writes it: `a, b or c` / `a、b、c`. */
export function listOf(values: readonly unknown[], lang: Language): string {
  const v = values.map(String);
  if (lang === 'zh-cn') return v.join('、');
  return v.length > 1 ? `${v.slice(0, -1).join(', ')} or ${v[v.length - 1]}` : (v[0] ?? '');
}
