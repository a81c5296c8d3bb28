/**
 * typo/stray-punctuation: punctuation that cannot stand where it is.
 *   - an enumeration comma `、` with nothing listed before it: right after a preposition or
 *     conjunction (`通过、文件哈希`), or at the start of a clause (`，、`);
 *   - two different stops written together (`，。`, `：，`, `、。`): the stronger one is kept (a run
 *     of the weaker one, `，，，？`, goes in one fix).
 *
 *   Bad:  同时通过、文件哈希或校验和方法来验证，。
 *   Good: 同时通过文件哈希或校验和方法来验证。
 *
 * Doubled marks (`！！`) are typo/punctuation's; `？！` and `！？` are fine. The lists are data
 * (`data/typo/stray-punctuation.json`).
 *
 * Fix: delete the stray mark (fix-all), except on a line of its own.
 */
import type { Rule } from '../../types';
import data from '../../../../../data/typo/stray-punctuation.json';

const AFTER_WORDS = data.notBeforeEnumerationComma;
const STRENGTH: Record<string, number> = data.strength;
const CLAUSE_START = /[，。；：！？（\n]/;
/** The code units of the marks in `strength`: every other character is skipped without a look. */
const MARK_CODE = new Uint8Array(0x10000);
for (const k of Object.keys(STRENGTH)) if (k.length === 1) MARK_CODE[k.charCodeAt(0)] = 1;

export const rule: Rule = {
  id: 'typo/stray-punctuation',
  description: 'Punctuation that cannot stand where it is: a 、 with nothing listed before it, two stops together.',
  defaultSeverity: 'warning',
  messages: {
    afterWord: { en: 'Nothing is listed before this "、" (it follows "{word}").', 'zh-cn': '“{word}”后面的“、”前没有并列项。' },
    clauseStart: { en: 'A "、" cannot open a clause.', 'zh-cn': '“、”不能出现在分句开头。' },
    together: { en: '"{pair}": two stops together; keep "{keep}".', 'zh-cn': '“{pair}”两个标点连用，应只保留“{keep}”。' },
    fix: { en: 'Remove "{punct}"', 'zh-cn': '删除“{punct}”' },
  },
  block(ctx) {
    const { prose } = ctx;
    const start = ctx.from;
    const end = ctx.to;
    for (let i = start; i < end; i++) {
      if (!MARK_CODE[prose.charCodeAt(i)]) continue;
      const c = prose[i];
      // Removing the only character of a line would leave a blank line that splits the paragraph
      // (and can turn the next line into a heading or table): report, do not fix.
      const remove = (at: number, messageId: string, data: Record<string, string>, span = { start: at, end: at + 1 }, to = at + 1) =>
        ctx.report({ messageId, data, span, fixes: aloneOnLine(ctx.text, at) ? undefined : [{ title: ctx.t('fix', { punct: prose.slice(at, to) }), edits: [{ span: { start: at, end: to }, newText: '' }], isPreferred: true }] });
      const next = prose[i + 1];
      if (c === '。' && prose[i - 1] === '。') continue; // `。。。：` is an ellipsis (typo/punctuation), then a colon
      if (i + 1 < end && next in STRENGTH && next !== c && !(isEnd(c) && isEnd(next))) {
        const keep = STRENGTH[next] >= STRENGTH[c] ? next : c;
        // The mark to drop may be a run (`，，，？`): it goes whole, in one fix.
        if (keep === next) {
          let from = i;
          while (from > start && prose[from - 1] === c) from--;
          remove(from, 'together', { pair: c + next, keep }, { start: from, end: i + 2 }, i + 1);
        } else {
          let to = i + 2;
          while (to < end && prose[to] === next) to++;
          remove(i + 1, 'together', { pair: c + next, keep }, { start: i, end: to }, to);
          i = to - 2;
        }
        i++;
        continue;
      }
      if (c !== '、') continue;
      let k = i - 1;
      while (k >= start && prose[k] === ' ') k--;
      if (k < start || CLAUSE_START.test(prose[k])) {
        remove(i, 'clauseStart', {});
        continue;
      }
      const word = AFTER_WORDS.find((w) => prose.startsWith(w, i - w.length));
      if (word) remove(i, 'afterWord', { word }, { start: i - word.length, end: i + 1 });
    }
  },
};

/** `。！？`: end marks; `？！` and `！？` together are an accepted emphasis. */
function isEnd(c: string): boolean {
  return c === '。' || c === '！' || c === '？';
}

/** Is the character at `at` the only one on its line but for blanks? */
function aloneOnLine(text: string, at: number): boolean {
  for (let k = at - 1; k >= 0 && text[k] !== '\n' && text[k] !== '\r'; k--) if (!/\s/.test(text[k])) return false;
  for (let k = at + 1; k < text.length && text[k] !== '\n' && text[k] !== '\r'; k++) if (!/\s/.test(text[k])) return false;
  return true;
}
