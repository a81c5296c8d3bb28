/**
 * claim/footnote-unused: a footnote definition `[^x]: …` that no `[^x]` in the post refers to
 * (renderers drop it, so the source it gives never shows).
 *
 *   Bad:  [^2]: 来源：https://example.com/report   (and no `[^2]` in the text)
 *   Good: 据该报告，用户增长了三倍[^2]。   with `[^2]: 来源：https://example.com/report`
 *
 * No fix: only the author knows where the source belongs (or whether it is still needed).
 */
import type { Rule } from '../../types';
import { footnotes } from './footnotes';

export const rule: Rule = {
  id: 'claim/footnote-unused',
  description: 'Every footnote definition is referenced.',
  defaultSeverity: 'warning',
  messages: {
    unused: { en: 'Footnote [^{label}] is defined but never referenced.', 'zh-cn': '脚注 [^{label}] 已定义但从未被引用。' },
  },
  check(ctx) {
    const fn = footnotes(ctx.post);
    const used = new Set(fn.refs.map((r) => r.id));
    for (const d of fn.defs) {
      if (!used.has(d.id)) ctx.report({ messageId: 'unused', data: { label: d.label }, span: d.labelSpan });
    }
  },
};
