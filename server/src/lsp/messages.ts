/**
 * What the language server itself says (rule messages are the core's): action titles, the code
 * lens, fix-all's report, notices about `.zhen.yml` and skipped files, in English and 简体中文.
 * `say(lang, id, data)` fills `{name}` placeholders; `n`-dependent English plurals have their own ids.
 */
import { format, type Language } from '../core/index';

export const SERVER_MESSAGES = {
  disable: { en: 'Disable {rule} for this line', 'zh-cn': '在此行停用 {rule}' },
  fixAllSource: { en: 'Fix all Zhen problems in this file', 'zh-cn': '修复此文件中所有可自动修复的问题' },
  fixAllQuick: { en: 'Fix all {n} auto-fixable problems in this file', 'zh-cn': '修复此文件中全部 {n} 个可自动修复的问题' },
  fixAllQuick1: { en: 'Fix the 1 auto-fixable problem in this file', 'zh-cn': '修复此文件中 1 个可自动修复的问题' },
  lensTypesetting: { en: 'Fix {n} typesetting problems', 'zh-cn': '修复 {n} 个排版问题' },
  lensTypesetting1: { en: 'Fix 1 typesetting problem', 'zh-cn': '修复 1 个排版问题' },
  lensProblems: { en: 'Fix {n} problems automatically', 'zh-cn': '自动修复 {n} 个问题' },
  lensProblems1: { en: 'Fix 1 problem automatically', 'zh-cn': '自动修复 1 个问题' },
  fixedReport: { en: 'Zhen fixed {n} problems in this file ({list}).', 'zh-cn': 'Zhen 修复了此文件中的 {n} 个问题（{list}）。' },
  fixedReport1: { en: 'Zhen fixed 1 problem in this file ({list}).', 'zh-cn': 'Zhen 修复了此文件中的 1 个问题（{list}）。' },
  fixedLeft: { en: ' {n} others need your judgement.', 'zh-cn': '另有 {n} 个需要你来判断。' },
  fixedLeft1: { en: ' 1 other needs your judgement.', 'zh-cn': '另有 1 个需要你来判断。' },
  fixedNothing: { en: 'Zhen: nothing to fix automatically in this file.', 'zh-cn': 'Zhen：此文件中没有可自动修复的问题。' },
  fixedChanged: { en: 'Zhen: the file changed meanwhile; run fix-all again.', 'zh-cn': 'Zhen：文件在此期间已更改，请重新运行“修复全部”。' },
  configBroken: {
    en: 'Zhen: {file} has a YAML syntax error on line {line}; the last good settings stay in use until it is fixed.',
    'zh-cn': 'Zhen：{file} 第 {line} 行有 YAML 语法错误；修复之前继续使用上次有效的设置。',
  },
  configBrokenNoLastGood: {
    en: 'Zhen: {file} has a YAML syntax error on line {line}; the default settings apply until it is fixed.',
    'zh-cn': 'Zhen：{file} 第 {line} 行有 YAML 语法错误；修复之前使用默认设置。',
  },
  openConfig: { en: 'Open .zhen.yml', 'zh-cn': '打开 .zhen.yml' },
  firstReported: { en: 'First reported here', 'zh-cn': '首次报告于此' },
  alsoHere: { en: 'Also here', 'zh-cn': '同一问题也在此处' },
  skipped: { en: 'Zhen did not check this file: {reason}.', 'zh-cn': 'Zhen 未检查此文件：{reason}。' },
  skippedLarge: { en: 'it is larger than {n} M characters', 'zh-cn': '它超过了 {n} M 个字符' },
  skippedBinary: { en: 'it looks binary (it contains NUL characters)', 'zh-cn': '它看起来是二进制文件（含有 NUL 字符）' },
  editRefused: { en: 'Zhen did not change {file}: {reason}', 'zh-cn': 'Zhen 没有修改 {file}：Zhen 不能安全地写入这个文件（原因见 Zhen 输出面板），请手动编辑。' },
  editLabelFix: { en: 'Zhen fix', 'zh-cn': 'Zhen 修复' },
  editLabelFixAll: { en: 'Zhen: fix all', 'zh-cn': 'Zhen：修复全部' },
  editLabelConfig: { en: 'Add to {key} in .zhen.yml', 'zh-cn': '添加到 .zhen.yml 的 {key}' },
  indexing: { en: 'Indexing Markdown files…', 'zh-cn': '正在索引 Markdown 文件…' },
  indexingFiles: { en: '{done}/{total} files', 'zh-cn': '{done}/{total} 个文件' },
} satisfies Record<string, Record<Language, string>>;

export type ServerMessageId = keyof typeof SERVER_MESSAGES;

export function say(lang: Language, id: ServerMessageId, data: Record<string, string | number> = {}): string {
  return format(SERVER_MESSAGES[id][lang], data);
}

/** `say` with a singular form for one (`id` + `1`). */
export function sayN(lang: Language, id: 'fixAllQuick' | 'lensTypesetting' | 'lensProblems' | 'fixedReport' | 'fixedLeft', n: number, data: Record<string, string | number> = {}): string {
  return say(lang, n === 1 ? (`${id}1` as ServerMessageId) : id, { ...data, n });
}

/** Rule families as the UI names them (the ids stay in English, the names in Chinese). */
export const FAMILY_NAMES: Record<string, Record<Language, string>> = {
  'front-matter': { en: 'front-matter', 'zh-cn': '文章头信息' },
  claim: { en: 'claim', 'zh-cn': '论断' },
  term: { en: 'term', 'zh-cn': '术语' },
  typo: { en: 'typo', 'zh-cn': '排版' },
  file: { en: 'file', 'zh-cn': '文件' },
  internal: { en: 'internal', 'zh-cn': '内部错误' },
};

export function familyName(family: string, lang: Language): string {
  return FAMILY_NAMES[family]?.[lang] ?? family;
}

/** `a 3, b 2` / `a 3、b 2`. */
export function countList(counts: ReadonlyMap<string, number>, lang: Language): string {
  return [...counts].map(([k, n]) => `${familyName(k, lang)} ${n}`).join(lang === 'zh-cn' ? '、' : ', ');
}
