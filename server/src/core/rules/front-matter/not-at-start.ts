/**
 * front-matter/not-at-start: a front matter the generator will not see. Jekyll, VuePress, VitePress,
 * Docusaurus (gray-matter) and MkDocs only read a header whose `---` is the very first line: a blank
 * line (or spaces) before it turns the header into body text. Hexo reads it after exactly one empty
 * line and Hugo after any blank lines (the parser then takes it as front matter: see dialect.ts
 * `headerAfterBlankLines`), so there only more is reported. Also an opening `---` whose closing `---`
 * is missing, and a byte-order mark before the header where it hides the header: Jekyll's
 * `Utils.has_yaml_header?` matches `\A---` on the raw bytes, so the file is copied as it is, not
 * rendered (Hugo's page lexer and hexo-fs skip a BOM; for a site of unknown kind it is a warning).
 *
 *   Bad:  (blank line)
 *         ---
 *         title: x
 *         ---
 *   Good: ---
 *         title: x
 *         ---
 *
 * Fix: remove what comes before the opening `---` (fix-all).
 */
import type { Rule } from '../../types';
import { siteOf } from './site';

const FENCE_RE = /^([ \t]*)(---|\+\+\+)[ \t]*\r?$/;
const KEY_RE = /^[ \t]*["']?[\w$-][\w$ .-]*["']?[ \t]*(:|=)(\s|$)/;

export const rule: Rule = {
  id: 'front-matter/not-at-start',
  description: 'A front matter that does not start on the first line, or is never closed.',
  defaultSeverity: 'error',
  messages: {
    leading: {
      en: 'The front matter must start on the first line: the generator treats this header as body text.',
      'zh-cn': 'Front matter 必须从第一行开始：否则生成器会把它当作正文。',
    },
    bom: {
      en: 'Byte-order mark (U+FEFF) before the front matter: some tools then miss the header.',
      'zh-cn': 'Front matter 前有字节顺序标记（U+FEFF），部分工具会因此读不到 front matter。',
    },
    bomJekyll: {
      en: 'Byte-order mark (U+FEFF) before the front matter: Jekyll looks for `---` at the very first byte, so it sees no header and copies this file as it is, unrendered.',
      'zh-cn': 'Front matter 前有字节顺序标记（U+FEFF）：Jekyll 只认文件第一个字节开始的 `---`，会认为没有 front matter，把文件原样复制而不渲染。',
    },
    unclosed: {
      en: 'The front matter is never closed: add a `{fence}` line after its last key.',
      'zh-cn': 'Front matter 没有结束：请在最后一个键之后加一行 `{fence}`。',
    },
    removeLeading: { en: 'Remove what comes before the front matter', 'zh-cn': '删除 front matter 前面的内容' },
    removeBom: { en: 'Remove the byte-order mark', 'zh-cn': '删除字节顺序标记' },
  },
  check(ctx) {
    const { text, lineStarts } = ctx.post;
    const fm = ctx.post.frontMatter;
    const generator = siteOf(ctx.workspace, ctx.config).model.generator;
    if (text.charCodeAt(0) === 0xfeff && fm && (generator === 'jekyll' || generator === 'none')) {
      const jekyll = generator === 'jekyll';
      ctx.report({
        messageId: jekyll ? 'bomJekyll' : 'bom',
        span: { start: 0, end: 1 },
        severity: jekyll ? 'error' : 'warning',
        fixes: [{ title: ctx.t('removeBom'), isPreferred: true, edits: [{ span: { start: 0, end: 1 }, newText: '' }] }],
      });
    }
    if (fm) return;
    const lineText = (i: number) => text.slice(lineStarts[i], i + 1 < lineStarts.length ? lineStarts[i + 1] - 1 : text.length).replace(/^\uFEFF/, '');
    // The first non-blank line.
    let first = 0;
    while (first < lineStarts.length && lineText(first).trim() === '') first++;
    if (first >= lineStarts.length) return;
    const open = FENCE_RE.exec(lineText(first));
    if (!open) return;
    // A header needs key lines after the fence; otherwise it is a thematic break.
    if (first + 1 >= lineStarts.length || !KEY_RE.test(lineText(first + 1))) return;
    let close = -1;
    for (let i = first + 1; i < lineStarts.length; i++) {
      const l = lineText(i).trimEnd();
      if (l.trim() === open[2] || (open[2] === '---' && l.trim() === '...')) {
        close = i;
        break;
      }
    }
    const fenceStart = lineStarts[first] + (first === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0) + open[1].length;
    const fenceSpan = { start: fenceStart, end: fenceStart + 3 };
    if (close < 0) {
      ctx.report({ messageId: 'unclosed', data: { fence: open[2] }, span: fenceSpan });
      return;
    }
    if (first > 0 || open[1]) {
      const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
      ctx.report({
        messageId: 'leading',
        span: { start, end: fenceStart },
        fixes: [{ title: ctx.t('removeLeading'), isPreferred: true, edits: [{ span: { start, end: fenceStart }, newText: '' }] }],
      });
    }
  },
};
