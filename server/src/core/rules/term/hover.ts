/**
 * The glossary card on hover over any glossary term or abbreviation: both languages, the
 * definition, the senses and the one in use here, the preferred spellings, where the post
 * defines it, how often this post and the workspace use each spelling, the reference link.
 */
import type { FeatureContext, HoverProvider, Language, Span } from '../../types';
import { positionAt } from '../../text';
import { analyzeTerms, type PostTerms, type TermHit } from './analysis';
import type { Concept } from './glossary';
import { senseByContext } from './sense';
import { aggregateTerms } from './summary';

const L = {
  en: { preferred: 'Preferred', abbr: 'Abbreviation', variants: 'Also written', avoid: 'Avoid', senses: 'Senses', here: 'Sense here', defined: 'Defined in this post', line: 'line', post: 'This post', workspace: 'Workspace', posts: 'posts', ref: 'Reference', byContext: 'by its context', byDefinition: 'as the post defines it', notDefined: 'not defined in this post' },
  'zh-cn': { preferred: '推荐写法', abbr: '缩写', variants: '其他写法', avoid: '避免', senses: '词义', here: '此处词义', defined: '本文定义', line: '第', post: '本文', workspace: '工作区', posts: '篇', ref: '参考', byContext: '依上下文', byDefinition: '按本文定义', notDefined: '本文未定义' },
} satisfies Record<Language, Record<string, string>>;

export const glossaryHover: HoverProvider = (ctx) => {
  const terms = analyzeTerms(ctx.post, ctx.config);
  const hit = terms.hits.find((h) => h.start <= ctx.offset && ctx.offset < h.end) ?? terms.hits.find((h) => h.end === ctx.offset);
  if (hit) return { markdown: card(ctx, terms, hit.concept, hit), span: { start: hit.start, end: hit.end } };
  // An abbreviation the glossary does not know but the post defines (`DeComp`).
  const tok = terms.tokens.find((t) => t.start <= ctx.offset && ctx.offset <= t.end);
  if (tok) {
    const def = terms.abbrDefs.get(tok.text);
    if (!def) return undefined;
    const l = L[ctx.config.language];
    const line = positionAt(ctx.post.lineStarts, def.span.start).line + 1;
    const md = [`**${tok.text}**${def.full ? ` · ${def.full}` : ''}`, '', `${l.defined}${P[ctx.config.language].colon}${lineLabel(ctx.config.language, line)} \`${ctx.post.text.slice(def.span.start, def.span.end)}\``];
    return { markdown: md.join('\n'), span: { start: tok.start, end: tok.end } };
  }
  return undefined;
};

/** The card's punctuation in the message language (Chinese cards follow Zhen's own typesetting rules). */
const P = {
  en: { colon: ': ', sep: ', ', semi: '; ', paren: (x: string) => ` (${x})` },
  'zh-cn': { colon: '：', sep: '、', semi: '；', paren: (x: string) => `（${x}）` },
} satisfies Record<Language, { colon: string; sep: string; semi: string; paren: (x: string) => string }>;

function lineLabel(lang: Language, line: number): string {
  return lang === 'zh-cn' ? `第 ${line} 行` : `line ${line}`;
}

export function card(ctx: FeatureContext, terms: PostTerms, c: Concept, hit?: TermHit): string {
  const lang = ctx.config.language;
  const l = L[lang];
  const p = P[lang];
  const out: string[] = [];
  const title = [c.zh[0], c.en[0], c.abbr[0]].filter(Boolean);
  out.push(`**${title[0] ?? c.id}**${title.length > 1 ? ' · ' + title.slice(1).join(' · ') : ''}`);
  // A Chinese card gives the Chinese definition (the English one only when there is none).
  const defs = lang === 'zh-cn' ? [c.definition?.zh ?? c.definition?.en].filter(Boolean) : [c.definition?.zh, c.definition?.en].filter(Boolean);
  if (defs.length) out.push('', ...defs.map((d) => `${d}`));
  if (c.senses?.length) {
    out.push('', `${l.senses}${p.colon.trimEnd()}`);
    for (const s of c.senses) {
      const d = lang === 'zh-cn' ? s.definition?.zh ?? s.definition?.en : s.definition?.en ?? s.definition?.zh;
      out.push(`- **${s.en}**${s.zh ? p.paren(s.zh) : ''}${d ? `${p.colon}${d}` : ''}`);
    }
    if (hit) {
      const marked = terms.senseMarks.get(hit.start);
      const byCtx = senseByContext(ctx.post, hit, c.senses);
      const def = terms.senseDefs.get(c);
      const here = marked ?? byCtx ?? def?.sense;
      if (here) out.push('', `${l.here}${p.colon}**${here.en}**${p.paren(marked || byCtx ? l.byContext : l.byDefinition)}`);
    }
  }
  const pref = [c.zh[0], c.en[0]].filter(Boolean).map((x) => `\`${x}\``).join(' / ');
  const lines: string[] = [];
  if (pref) lines.push(`${l.preferred}${p.colon}${pref}`);
  if (c.abbr.length) lines.push(`${l.abbr}${p.colon}${c.abbr.map((x) => `\`${x}\``).join(p.sep)}`);
  const also = [...c.zh.slice(1), ...c.en.slice(1), ...c.variants];
  if (also.length) lines.push(`${l.variants}${p.colon}${also.map((x) => `\`${x}\``).join(p.sep)}`);
  if (c.avoid.length) lines.push(`${l.avoid}${p.colon}${c.avoid.map((x) => `~~${x}~~`).join(p.sep)}`);
  // Where the post defines it.
  const defSpans: Span[] = [];
  const tie = terms.tied.get(c);
  if (tie) defSpans.push(tie);
  const sd = terms.senseDefs.get(c);
  if (sd && !defSpans.some((s) => s.start === sd.span.start)) defSpans.push(sd.span);
  for (const a of c.abbr) {
    const d = terms.abbrDefs.get(a);
    if (d && !defSpans.some((s) => s.start === d.span.start)) defSpans.push(d.span);
  }
  if (defSpans.length) {
    lines.push(`${l.defined}${p.colon}${defSpans.map((s) => `${lineLabel(lang, positionAt(ctx.post.lineStarts, s.start).line + 1)} \`${ctx.post.text.slice(s.start, s.end)}\``).join(p.semi)}`);
  } else if (c.abbr.length) lines.push(`${l.defined}${p.colon}${l.notDefined}`);
  // Counts in this post and in the workspace.
  const mine = new Map<string, number>();
  for (const h of terms.byConcept.get(c) ?? []) mine.set(h.text, (mine.get(h.text) ?? 0) + 1);
  if (mine.size) lines.push(`${l.post}${p.colon}${[...mine].map(([f, n]) => `\`${f}\` ×${n}`).join(p.sep)}`);
  const index = ctx.workspace.index;
  if (index && index.posts.size) {
    const st = aggregateTerms(index).get(c.id);
    if (st && st.size) lines.push(`${l.workspace}${p.colon}${[...st].sort((a, b) => b[1].uses - a[1].uses).map(([f, s]) => `\`${f}\` ×${s.uses}${p.paren(`${s.posts.length} ${l.posts}`)}`).join(p.sep)}`);
  }
  if (lines.length) out.push('', ...lines.map((x) => `- ${x}`));
  if (c.link) out.push('', `[${l.ref}](${c.link})`);
  return out.join('\n');
}
