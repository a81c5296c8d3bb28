/**
 * term/abbr-undefined: an abbreviation (mixed case too: `DeComp`, `OTel`) used before the post
 * defines it, or a glossary abbreviation the post never defines. Definitions are
 * `全称 (ABBR)`, `全称（简称 ABBR）`, `Full Name (ABBR)` and `ABBR（全称）`. Abbreviations every
 * reader knows (AI, GPU, API, URL, …: `data/glossary/well-known.json`) pass, and so do those the
 * user lists in `.zhen.yml` with only `abbr:`. Uses in headings do not count as the first use.
 *
 *   Bad:  推动了 DeComp 的创新……加密领域的去中心化计算 (DeComp) 正崛起。
 *   Good: 推动了去中心化计算 (DeComp) 的创新……DeComp 正崛起。  (or `DeComp（去中心化计算）` at first use)
 *
 * Options: `unknown` (default false) also reports all-caps words that neither the glossary nor
 * the well-known list knows and that the post never defines.
 * Fixes: define it at the first use as `ABBR（全称）` (the post's own full name, else the
 * glossary's); add the abbreviation to the glossary as known (`.zhen.yml`).
 */
import type { Fix, Rule } from '../../types';
import { positionAt } from '../../text';
import { isCjkChar } from '../../cjk';
import { analyzeTerms } from './analysis';
import type { Concept } from './glossary';
import { addToGlossaryFix } from './fixes';

interface Options {
  unknown: boolean;
}

interface Use {
  start: number;
  end: number;
  text: string;
  inHeading: boolean;
  inDefinition: boolean;
  cited: boolean;
}

export const rule: Rule<Options> = {
  id: 'term/abbr-undefined',
  description: 'An abbreviation used before its definition, or never defined.',
  defaultSeverity: 'info',
  defaultOptions: { unknown: false },
  messages: {
    beforeDefinition: {
      en: '"{abbr}" is used before its definition on line {line}: define it at its first use.',
      'zh-cn': '“{abbr}”在第 {line} 行才给出定义，应在首次出现时定义。',
    },
    undefined: {
      en: '"{abbr}" ({full}) is never defined in this post: write the full name at its first use.',
      'zh-cn': '本文未定义“{abbr}”（{full}），应在首次出现时写出全称。',
    },
    unknown: {
      en: '"{abbr}" is never defined in this post.',
      'zh-cn': '本文未定义缩写“{abbr}”。',
    },
    fixDefine: { en: 'Define it here: "{text}"', 'zh-cn': '在此处定义：“{text}”' },
    fixKnown: { en: 'Add "{abbr}" to the glossary as well known (.zhen.yml)', 'zh-cn': '将“{abbr}”作为常见缩写加入术语表（.zhen.yml）' },
  },
  check(ctx) {
    const { post } = ctx;
    const terms = analyzeTerms(post, ctx.config);
    const { glossary } = terms;
    const uses = new Map<string, Use[]>();
    const push = (u: Use) => {
      const arr = uses.get(u.text);
      if (arr) arr.push(u);
      else uses.set(u.text, [u]);
    };
    const tokenStarts = new Set<number>();
    for (const t of terms.tokens) {
      push(t);
      tokenStarts.add(t.start);
    }
    for (const h of terms.hits) if (h.form.kind === 'abbr' && h.exact && !tokenStarts.has(h.start)) push(h);

    for (const [abbr, list] of uses) {
      if (glossary.wellKnown.has(abbr.toLowerCase())) continue;
      const forms = glossary.byText.get(abbr.toLowerCase()) ?? [];
      const abbrForm = forms.find((f) => f.kind === 'abbr');
      // A glossary name (GitHub, OpenAI) is not an abbreviation.
      if (!abbrForm && forms.length) continue;
      const concept = abbrForm?.concept;
      if (concept?.wellKnown) continue;
      // A link on the abbreviation (`[PITR](/br/pitr.md)`) explains it.
      if (list.some((u) => (u as { linked?: boolean }).linked)) continue;
      // Uses in headings, definitions and cited titles (`[DeepSeek 3FS 源码解读——RDMA篇](https://…)`) are not the first use in running text.
      const first = list.filter((u) => !u.inDefinition && !u.inHeading && !u.cited).sort((a, b) => a.start - b.start)[0];
      if (!first) continue;
      const def = terms.abbrDefs.get(abbr) ?? [...terms.abbrDefs.values()].find((d) => d.abbr.toLowerCase() === abbr.toLowerCase());
      if (def) {
        if (first.start >= def.span.start) continue;
        // Used earlier in the same paragraph or sentence as the definition: close enough.
        if (post.blocks.some((b) => b.span.start <= first.start && def.span.start < b.span.end && first.start < b.span.end && def.span.start >= b.span.start)) continue;
        const line = positionAt(post.lineStarts, def.span.start).line + 1;
        ctx.report({
          messageId: 'beforeDefinition',
          data: { abbr, line },
          span: { start: first.start, end: first.end },
          fixes: defineFixes(ctx, first, abbr, def.full ?? fullName(concept, terms.chinese)),
          detail: { abbr, definedAt: def.span.start },
        });
      } else if (concept) {
        const full = fullName(concept, terms.chinese);
        ctx.report({
          messageId: 'undefined',
          data: { abbr, full: full ?? abbr },
          span: { start: first.start, end: first.end },
          fixes: defineFixes(ctx, first, abbr, full),
          detail: { abbr, concept: concept.id },
        });
      } else if (ctx.options.unknown && /^[A-Z]{2,6}$/.test(abbr)) {
        ctx.report({
          messageId: 'unknown',
          data: { abbr },
          span: { start: first.start, end: first.end },
          fixes: [addToGlossaryFix(ctx.t('fixKnown', { abbr }), { abbr })],
          detail: { abbr },
        });
      }
    }
  },
};

function fullName(c: Concept | undefined, chinese: boolean): string | undefined {
  if (!c) return undefined;
  return (chinese ? c.zh[0] ?? c.en[0] : c.en[0] ?? c.zh[0]) ?? undefined;
}

/**
 * Define the abbreviation at its first use, in the `ABBR（全称）` form so the edit stays on the
 * abbreviation: `DeComp` → `DeComp（去中心化计算）` (Chinese full name, full-width parentheses),
 * `LLM` → `LLM (large language model)` (English full name).
 */
function defineFixes(ctx: { t: (id: string, d?: Record<string, string | number>) => string }, use: Use, abbr: string, full: string | undefined): Fix[] {
  const fixes: Fix[] = [];
  if (full && full !== abbr) {
    const text = isCjkChar(full[0]) ? `（${full}）` : ` (${full})`;
    fixes.push({ title: ctx.t('fixDefine', { text: abbr + text }), edits: [{ span: { start: use.end, end: use.end }, newText: text }] });
  }
  fixes.push(addToGlossaryFix(ctx.t('fixKnown', { abbr }), { abbr }));
  return fixes;
}
