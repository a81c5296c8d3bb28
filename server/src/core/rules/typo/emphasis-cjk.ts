/**
 * typo/emphasis-cjk: `**…**` or `*…*` that CommonMark leaves as literal asterisks because a
 * delimiter sits between punctuation and a Chinese character (the flanking rules,
 * commonmark-spec#650): `**重要。**后文` shows the stars. GitHub, Hugo (goldmark), Hexo (marked),
 * VuePress/VitePress (markdown-it), Docusaurus (MDX) and VS Code's preview follow CommonMark;
 * kramdown (Jekyll) and Python-Markdown (MkDocs) render such emphasis, so on sites that use them
 * (the site's renderer, core site.ts; `.zhen.yml` `site.renderer`) nothing is reported.
 *
 *   Bad:  这是**重要。**后文，以及**“引用”**说明。
 *   Good: 这是**重要**。后文，以及“**引用**”说明。
 *
 * Fix: move the punctuation at the inner edge outside the delimiters (fix-all), offered only
 * when re-parsing the paragraph shows that the emphasis then renders.
 */
import type { Nodes } from 'mdast';
import type { Rule } from '../../types';
import { parsePost, walk } from '../../document';
import { flankingEmphasis } from '../../dialect';

const PAIR_RE = /(?<![*\\])(\*\*|\*)(?![*\s])([^\n*]{1,200}?)(?<![\s*\\])\1(?!\*)/g;
const PUNCT_RE = /[\p{P}\p{S}]/u;
const WS_RE = /\s/;

export const rule: Rule = {
  id: 'typo/emphasis-cjk',
  description: 'Emphasis that CommonMark does not render because of punctuation at its inner edge next to Chinese.',
  defaultSeverity: 'warning',
  messages: {
    unrendered: {
      en: 'This emphasis is not rendered by CommonMark: move "{punct}" outside the "{delim}".',
      'zh-cn': 'CommonMark 不会渲染此处强调：应把“{punct}”移到“{delim}”外面。',
    },
    fix: { en: 'Move the punctuation outside', 'zh-cn': '把标点移到强调外' },
  },
  block(ctx) {
    if (!flankingEmphasis(ctx.dialect.renderer)) return;
    const { prose, text } = ctx;
    const start = ctx.from;
    const end = ctx.to;
    const slice = prose.slice(start, end);
    if (!slice.includes('*')) return;
    PAIR_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = PAIR_RE.exec(slice))) {
      const [all, delim, inner] = m;
      const s = start + m.index;
      const e = s + all.length;
      // Both delimiters must be literal text, and the inner text must be prose.
      if (text.slice(s, e) !== all) continue;
      const before = s > start ? prose[s - 1] : ' ';
      const after = e < end ? prose[e] : ' ';
      const lead = /^[\p{P}\p{S}]+/u.exec(inner)?.[0] ?? '';
      const trail = /[\p{P}\p{S}]+$/u.exec(inner)?.[0] ?? '';
      if (lead.length + trail.length >= inner.length) continue;
      const openFails = lead !== '' && !WS_RE.test(before) && !PUNCT_RE.test(before);
      const closeFails = trail !== '' && !WS_RE.test(after) && !PUNCT_RE.test(after);
      if (!openFails && !closeFails) continue;
      const core = inner.slice(openFails ? lead.length : 0, closeFails ? inner.length - trail.length : inner.length);
      const fixed = (openFails ? lead : '') + delim + core + delim + (closeFails ? trail : '');
      const blockFixed = text.slice(start, s) + fixed + text.slice(e, end);
      if (!renders(blockFixed, delim)) continue;
      ctx.report({
        messageId: 'unrendered',
        data: { punct: [openFails ? lead : '', closeFails ? trail : ''].filter(Boolean).join(' '), delim },
        span: { start: s, end: e },
        fixes: [{ title: ctx.t('fix'), edits: [{ span: { start: s, end: e }, newText: fixed }], isPreferred: true }],
      });
    }
  },
};

/** Does the paragraph, parsed alone, contain the emphasis? */
function renders(paragraph: string, delim: string): boolean {
  const want = delim === '**' ? 'strong' : 'emphasis';
  let found = false;
  walk(parsePost(paragraph).root as Nodes, (n) => {
    if (n.type === want) found = true;
  });
  return found;
}
