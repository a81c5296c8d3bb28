/**
 * claim/footnote-no-link: a footnote definition that gives no link or URL, so the reader
 * cannot check the source.
 *
 *   Bad:  [^1]: Demandsage 报告
 *   Good: [^1]: Demandsage 报告：https://www.demandsage.com/chatgpt-statistics/
 *
 * Links, bare URLs, `<a href>`, reference-style links and `doi:` identifiers count. Only
 * definitions that cite are checked: ones that open with a source label (来源：, Source:, 参考：)
 * or are a short name (`Demandsage 报告`). Explanatory notes (prose with a full stop) and full
 * bibliographic references (authors, year, title) are left alone.
 * Fix: append a URL given by the user, in angle brackets (`<https://…>`): kramdown, which Jekyll uses,
 * links a bare URL in no mode; `<url>` is a link in kramdown, goldmark (Hugo) and marked (Hexo).
 */
import type { Rule } from '../../types';
import { walk, nodeSpan } from '../../document';
import { footnotes } from './footnotes';
import { FIX_MESSAGES, INPUT, urlInput } from './fixes';

export const rule: Rule = {
  id: 'claim/footnote-no-link',
  description: 'A footnote definition gives a link to its source.',
  defaultSeverity: 'warning',
  messages: {
    noLink: { en: 'Footnote [^{label}] gives no link to its source.', 'zh-cn': '脚注 [^{label}] 没有给出来源链接。' },
    fixAddUrl: { en: 'Add the source URL…', 'zh-cn': '添加来源链接…' },
    ...FIX_MESSAGES,
  },
  check(ctx) {
    for (const d of footnotes(ctx.post).defs) {
      let linked = false;
      let lastEnd = -1;
      walk(d.node, (n) => {
        if (n.type === 'link' || n.type === 'linkReference') linked = true;
        if (n.type === 'html' && /<a\s[^>]*href/i.test(n.value)) linked = true;
        if ((n.type === 'text' || n.type === 'inlineCode') && /(?:https?:\/\/|www\.|doi:\s*10\.)\S/i.test(n.value)) linked = true;
        if (n.type === 'paragraph' && lastEnd < 0) lastEnd = nodeSpan(n)?.end ?? -1;
      });
      if (linked || !citesSource(ctx.post.text.slice(d.labelSpan.end, d.span.end))) continue;
      const at = lastEnd >= 0 ? lastEnd : d.span.end;
      const sep = /[\s：:]$/.test(ctx.post.text.slice(at - 1, at)) ? '' : ' ';
      ctx.report({
        messageId: 'noLink',
        data: { label: d.label },
        span: d.labelSpan,
        fixes: [{ title: ctx.t('fixAddUrl'), edits: [{ span: { start: at, end: at }, newText: `${sep}<${INPUT}>` }], input: urlInput(ctx) }],
      });
    }
  },
};

const SOURCE_LABEL = /^\s*(?:数据源|数据来源|资料来源|来源|出处|引自|参考|参见|见|Source|Data source|See|Via|Ref(?:erence)?)\s*[:：]?/i;

/** Does the definition's text cite a source that could be linked (rather than explain, or give a full reference)? */
function citesSource(body: string): boolean {
  const t = body.replace(/\s+/g, ' ').trim();
  if (!t) return true;
  if (SOURCE_LABEL.test(t)) return true;
  const fullReference = /\b(?:1[5-9]|20)\d{2}[a-z]?\b/.test(t) && t.length > 40;
  const explanatory = /[。！？]|[.!?]\s/.test(t.replace(/\b(?:[A-Z]|et al|ed|eds|vol|pp|No)\./g, ''));
  return !fullReference && !explanatory && t.length <= 60;
}
