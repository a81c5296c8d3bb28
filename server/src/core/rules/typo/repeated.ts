/**
 * typo/repeated: a word or phrase accidentally written twice in a row.
 * Chinese phrases of three or more characters, listed two-character words that never
 * reduplicate (`进行进行`), and listed English function words (`the the`). Legitimate
 * reduplication is left alone: `谢谢`, `看看`, `研究研究`, `一个一个`, `写着写着`, `非常非常`
 * (the lists are data: `data/typo/repeated.json`).
 *
 *   Bad:  即使用训练好的模型训练好的模型应用于实际问题，见 the the 文档。
 *   Good: 即使用训练好的模型应用于实际问题，见 the 文档。
 *
 * A paragraph with `passageMin` repeats or more (data) is verbatim speech, a talk transcript
 * (`我我叫李亚春`, `今天我们要要介绍`), not slips: one problem, its first finding keeps its severity
 * and says so (`data.passage`: how many), the others are hints (issue #19 item 2).
 *
 * Fix: remove the second copy (fix-all).
 */
import type { ReportInput, Rule } from '../../types';
import data from '../../../../../data/typo/repeated.json';
import { CJK_RANGES } from '../../cjk';

const ALLOWED = new Set(data.allowed);
const NEVER_DOUBLED = new Set(data.neverDoubled);
const EN_NEVER_DOUBLED = new Set(data.englishNeverDoubled.map((w) => w.toLowerCase()));
const CJK_RUN_RE = new RegExp(`[${CJK_RANGES}]{4,}`, 'g');
const EN_RE = /(?<![\w\-./@#])([A-Za-z]+)( +)([A-Za-z]+)(?![\w\-./@])/g;

export const rule: Rule = {
  id: 'typo/repeated',
  description: 'A word or phrase written twice in a row by accident.',
  defaultSeverity: 'warning',
  messages: {
    repeated: { en: '"{phrase}" is repeated.', 'zh-cn': '“{phrase}”重复了。' },
    fix: { en: 'Remove the repetition', 'zh-cn': '删除重复' },
    passage: {
      en: 'This paragraph repeats words in {n} places, as speech does (a transcript?): one finding for them, the others are hints.',
      'zh-cn': '这段文字有 {n} 处重复，像是口语实录：只报告这一处，其余以提示显示。',
    },
  },
  block(outer) {
    const found: ReportInput[] = [];
    const ctx = { ...outer, report: (r: ReportInput) => void found.push(r) };
    const text = ctx.prose.slice(ctx.from, ctx.to);
    const base = ctx.from;
    CJK_RUN_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = CJK_RUN_RE.exec(text))) {
      const run = m[0];
      for (let i = 0; i < run.length; i++) {
        const len = repeatAt(run, i);
        if (!len) continue;
        const phrase = run.slice(i, i + len);
        const start = base + m.index + i;
        ctx.report({
          messageId: 'repeated',
          data: { phrase },
          span: { start, end: start + 2 * len },
          fixes: [{ title: ctx.t('fix'), edits: [{ span: { start: start + len, end: start + 2 * len }, newText: '' }], isPreferred: true }],
        });
        i += 2 * len - 1;
      }
    }
    EN_RE.lastIndex = 0;
    while ((m = EN_RE.exec(text))) {
      const [all, a, sp, b] = m;
      if (a.toLowerCase() !== b.toLowerCase() || !EN_NEVER_DOUBLED.has(a.toLowerCase())) {
        EN_RE.lastIndex = m.index + a.length + sp.length; // let `b` start the next pair
        continue;
      }
      const start = base + m.index;
      ctx.report({
        messageId: 'repeated',
        data: { phrase: a },
        span: { start, end: start + all.length },
        fixes: [{ title: ctx.t('fix'), edits: [{ span: { start: start + a.length, end: start + all.length }, newText: '' }], isPreferred: true }],
      });
    }
    const n = found.length;
    if (n < data.passageMin) {
      for (const r of found) outer.report(r);
      return;
    }
    found.sort((a, b) => a.span.start - b.span.start);
    found.forEach((r, i) => outer.report(i === 0 ? { ...r, hover: ctx.t('passage', { n }), detail: { passage: n } } : { ...r, severity: 'hint', detail: { passage: n } }));
  },
};

/** The length of a phrase starting at i and repeated right after it (shortest first), or 0. */
function repeatAt(run: string, i: number): number {
  for (let len = 2; len <= 16 && i + 2 * len <= run.length; len++) {
    if (run.slice(i, i + len) !== run.slice(i + len, i + 2 * len)) continue;
    const x = run.slice(i, i + len);
    if (isSurrogateSplit(run, i) || isSurrogateSplit(run, i + len)) return 0;
    if (new Set(x).size === 1) return 0; // 哈哈哈哈
    if (ALLOWED.has(x)) return 0;
    if (data.allowedPrefixes.some((p) => x.startsWith(p)) || data.allowedSuffixes.some((s) => x.endsWith(s))) return 0;
    if (len < data.minLength && !NEVER_DOUBLED.has(x)) return 0;
    // `AB不AB`/`ABAB` verbs are covered above; a phrase that itself repeats (`哈哈哈哈`) was skipped.
    return len;
  }
  return 0;
}

function isSurrogateSplit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
}
