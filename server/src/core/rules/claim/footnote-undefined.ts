/**
 * claim/footnote-undefined: a footnote reference `[^x]` with no `[^x]: …` definition in the post.
 * (remark-gfm leaves such a reference as plain text, so it renders as `[^x]`.)
 *
 *   Bad:  据统计，七成开发者使用 AI 工具[^3]。   (and no `[^3]:` anywhere)
 *   Good: 据统计，七成开发者使用 AI 工具[^3]。   plus `[^3]: 来源：https://survey.stackoverflow.co/2024/`
 *
 * Fix: add the definition at the end of the post, with the URL from the user.
 */
import type { Rule } from '../../types';
import { footnotes } from './footnotes';
import { FIX_MESSAGES, appendDefinitionEdit, urlInput } from './fixes';

export const rule: Rule = {
  id: 'claim/footnote-undefined',
  description: 'Every footnote reference has a definition.',
  defaultSeverity: 'warning',
  messages: {
    undefined: { en: 'Footnote [^{label}] is never defined.', 'zh-cn': '脚注 [^{label}] 没有定义。' },
    fixDefine: { en: 'Define [^{label}] with the source URL…', 'zh-cn': '定义脚注 [^{label}] 并填写来源链接…' },
    ...FIX_MESSAGES,
  },
  check(ctx) {
    const done = new Set<string>();
    for (const r of footnotes(ctx.post).refs) {
      if (r.defined) continue;
      const first = !done.has(r.id);
      done.add(r.id);
      ctx.report({
        messageId: 'undefined',
        data: { label: r.label },
        span: r.span,
        fixes: first ? [{ title: ctx.t('fixDefine', { label: r.label }), edits: [appendDefinitionEdit(ctx.post, r.label)], input: urlInput(ctx) }] : undefined,
      });
    }
  },
};
