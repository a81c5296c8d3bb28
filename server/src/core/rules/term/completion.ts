/**
 * Completion of glossary terms while typing: the Chinese or Latin run before the cursor is
 * matched against the start of every form; at the concept's first use in the post, a concept
 * with an abbreviation is offered with its definition (`去中心` → `去中心化计算 (DeComp)`).
 */
import type { CompletionItem, CompletionProvider } from '../../types';
import { isCjkChar } from '../../cjk';
import { analyzeTerms } from './analysis';
import { isWordCode } from './matcher';

const MAX = 30;

export const glossaryCompletion: CompletionProvider = (ctx) => {
  const { prose } = ctx.post;
  let s = ctx.offset;
  const cjk = isCjkChar(prose[s - 1]);
  if (cjk) while (s > 0 && isCjkChar(prose[s - 1]) && ctx.offset - s < 12) s--;
  else while (s > 0 && (isWordCode(prose.charCodeAt(s - 1)) || prose[s - 1] === '-') && ctx.offset - s < 30) s--;
  const typed = prose.slice(s, ctx.offset);
  if ([...typed].length < (cjk ? 2 : 3)) return [];
  const terms = analyzeTerms(ctx.post, ctx.config);
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  for (const c of terms.glossary.concepts) {
    const forms = cjk ? c.zh : [...c.en, ...c.abbr];
    for (const f of forms) {
      let from = -1;
      if (cjk) {
        // The typed text may start anywhere in a longer Chinese run: try each suffix of the run.
        for (let i = 0; i < typed.length - 1 && from < 0; i++) if (f.startsWith(typed.slice(i)) && f !== typed.slice(i)) from = s + i;
      } else if (f.toLowerCase().startsWith(typed.toLowerCase()) && f !== typed) from = s;
      if (from < 0 || seen.has(f)) continue;
      seen.add(f);
      const usedBefore = (terms.conceptHits.get(c) ?? []).some((i) => terms.hitStart(i) < from);
      const abbr = c.abbr[0];
      const defined = abbr !== undefined && f !== abbr && !usedBefore;
      const insert = defined ? `${f} (${abbr})` : f;
      const d = ctx.config.language === 'zh-cn' ? c.definition?.zh ?? c.definition?.en : c.definition?.en ?? c.definition?.zh;
      items.push({
        label: insert,
        kind: 'text',
        detail: [c.zh[0], c.en[0], c.abbr[0]].filter(Boolean).join(' · '),
        documentation: d,
        insertText: insert,
        span: { start: from, end: ctx.offset },
        sortText: `${String(f.length).padStart(3, '0')}${f}`,
      });
      if (items.length >= MAX) return items;
    }
  }
  return items;
};
