/**
 * The glossary card on hover (issue #19: hovers that earn their place). By default it shows on a
 * term's first use in the post, where the post defines it, and on terms the glossary marks
 * `explain` (multi-sense terms such as 推理), not on every `AI`; `hover.glossaryCard: every`
 * (setting `zhen.hover.glossaryCard`) shows it on every use. The card is short: both languages,
 * one line of definition, the sense in use here, where the post defines it, and a "more" link to
 * the full card (`card`, also what **Zhen: Show Glossary** shows): the senses, the preferred
 * spellings, how often this post and the workspace use each spelling, the reference link.
 */
import type { FeatureContext, HoverProvider, Language, Span } from '../../types';
import { positionAt } from '../../text';
import { analyzeTerms, type PostTerms, type TermHit } from './analysis';
import type { Concept } from './glossary';
import { senseByContext } from './sense';
import { aggregateTerms } from './summary';

const L = {
  en: { preferred: 'Preferred', abbr: 'Abbreviation', variants: 'Also written', avoid: 'Avoid', senses: 'Senses', here: 'Sense here', defined: 'Defined in this post', line: 'line', post: 'This post', workspace: 'Workspace', posts: 'posts', ref: 'Reference', byContext: 'by its context', byDefinition: 'as the post defines it', notDefined: 'not defined in this post', more: 'More…', moreTitle: 'The full card in Zhen: Show Glossary' },
  'zh-cn': { preferred: '推荐写法', abbr: '缩写', variants: '其他写法', avoid: '避免', senses: '词义', here: '此处词义', defined: '本文定义', line: '第', post: '本文', workspace: '工作区', posts: '篇', ref: '参考', byContext: '依上下文', byDefinition: '按本文定义', notDefined: '本文未定义', more: '更多…', moreTitle: '在“Zhen: 显示术语表”中查看完整卡片' },
} satisfies Record<Language, Record<string, string>>;

/** The VS Code command that shows a concept's full card (client/src/glossary.ts). */
const SHOW_GLOSSARY = 'zhen.showGlossary';

export const glossaryHover: HoverProvider = (ctx) => {
  const terms = analyzeTerms(ctx.post, ctx.config);
  const hit = hitWhere(terms, (i) => terms.hitStart(i) <= ctx.offset && ctx.offset < terms.hitEnd(i)) ?? hitWhere(terms, (i) => terms.hitEnd(i) === ctx.offset);
  if (hit) {
    if (!earnsCard(ctx, terms, hit)) return undefined;
    return { markdown: shortCard(ctx, terms, hit.concept, hit), span: { start: hit.start, end: hit.end } };
  }
  // An abbreviation the glossary does not know but the post defines (`DeComp`).
  const tok = terms.tokens.find((t) => t.start <= ctx.offset && ctx.offset <= t.end);
  if (tok) {
    const def = terms.abbrDefs.get(tok.text);
    if (!def) return undefined;
    const first = terms.tokens.find((t) => t.text === tok.text);
    const atDef = tok.start < def.span.end && def.span.start < tok.end;
    if (ctx.config.hover?.glossaryCard !== 'every' && first !== tok && !atDef) return undefined;
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
/** Does this use of a term get the card: every use (setting), an `explain` term, its first use, or its definition? */
/** The first hit (placed) whose place passes `test`. */
function hitWhere(terms: PostTerms, test: (i: number) => boolean): TermHit | undefined {
  for (let i = 0; i < terms.blockHits.length; i++) if (test(i)) return terms.hitAt(i);
  return undefined;
}

function earnsCard(ctx: FeatureContext, terms: PostTerms, hit: TermHit): boolean {
  if (ctx.config.hover?.glossaryCard === 'every' || hit.concept.explain) return true;
  const hits = terms.hitsOf(hit.concept);
  let first = hit;
  for (const h of hits) if (h.start < first.start) first = h;
  if (first === hit || first.start === hit.start) return true;
  return definitionSpans(terms, hit.concept).some((s) => hit.start < s.end && s.start < hit.end);
}

/** Where the post defines a concept: a tie of its two spellings, a sense definition, an abbreviation's definition. */
function definitionSpans(terms: PostTerms, c: Concept): Span[] {
  const spans: Span[] = [];
  const tie = terms.tied.get(c);
  if (tie) spans.push(tie);
  const sd = terms.senseDefs.get(c);
  if (sd && !spans.some((s) => s.start === sd.span.start)) spans.push(sd.span);
  for (const a of c.abbr) {
    const d = terms.abbrDefs.get(a);
    if (d && !spans.some((s) => s.start === d.span.start)) spans.push(d.span);
  }
  return spans;
}

/** The sense of a multi-sense term at a hit, and how it was told. */
function senseHere(ctx: FeatureContext, terms: PostTerms, c: Concept, hit: TermHit): string | undefined {
  if (!c.senses?.length) return undefined;
  const l = L[ctx.config.language];
  const marked = terms.senseMarks.get(hit.start);
  const byCtx = senseByContext(ctx.post, hit, c.senses);
  const def = terms.senseDefs.get(c);
  const here = marked ?? byCtx ?? def?.sense;
  const p = P[ctx.config.language];
  return here ? `${l.here}${p.colon}**${here.en}**${p.paren(marked || byCtx ? l.byContext : l.byDefinition)}` : undefined;
}

/** The hover's card: both languages, one line of definition, the sense here, where it is defined, "more". */
export function shortCard(ctx: FeatureContext, terms: PostTerms, c: Concept, hit: TermHit): string {
  const lang = ctx.config.language;
  const l = L[lang];
  const out: string[] = [title(c)];
  const def = lang === 'zh-cn' ? c.definition?.zh ?? c.definition?.en : c.definition?.en ?? c.definition?.zh;
  if (def) out.push(firstLine(def));
  if (c.senses?.length) {
    out.push(`${l.senses}${P[lang].colon}${c.senses.map((s) => `**${s.en}**${s.zh ? P[lang].paren(s.zh) : ''}`).join(' · ')}`);
    const here = senseHere(ctx, terms, c, hit);
    if (here) out.push(here);
  }
  const defs = definitionSpans(terms, c);
  if (defs.length) out.push(`${l.defined}${P[lang].colon}${defs.map((s) => `${lineLabel(lang, positionAt(ctx.post.lineStarts, s.start).line + 1)} \`${ctx.post.text.slice(s.start, s.end)}\``).join(P[lang].semi)}`);
  out.push(`[${l.more}](command:${SHOW_GLOSSARY}?${encodeURIComponent(JSON.stringify([c.id]))} "${l.moreTitle}")`);
  // Markdown line breaks: two spaces at the end of each line but the last.
  return out.map((x, i) => (i < out.length - 1 ? `${x}  ` : x)).join('\n');
}

function title(c: Concept): string {
  const t = [c.zh[0], c.en[0], c.abbr[0]].filter(Boolean);
  return `**${t[0] ?? c.id}**${t.length > 1 ? ' · ' + t.slice(1).join(' · ') : ''}`;
}

/** The first sentence or line of a definition (a card gets one line). */
function firstLine(s: string): string {
  const line = s.split('\n')[0].trim();
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}

function lineLabel(lang: Language, line: number): string {
  return lang === 'zh-cn' ? `第 ${line} 行` : `line ${line}`;
}

/** The full card (Zhen: Show Glossary): also the senses, spellings, uses in the post and the workspace, the reference. */
export function card(ctx: FeatureContext, terms: PostTerms, c: Concept, hit?: TermHit): string {
  const lang = ctx.config.language;
  const l = L[lang];
  const p = P[lang];
  const out: string[] = [];
  out.push(title(c));
  // A Chinese card gives the Chinese definition (the English one only when there is none).
  const defs = lang === 'zh-cn' ? [c.definition?.zh ?? c.definition?.en].filter(Boolean) : [c.definition?.zh, c.definition?.en].filter(Boolean);
  if (defs.length) out.push('', ...defs.map((d) => `${d}`));
  if (c.senses?.length) {
    out.push('', `${l.senses}${p.colon.trimEnd()}`);
    for (const s of c.senses) {
      const d = lang === 'zh-cn' ? s.definition?.zh ?? s.definition?.en : s.definition?.en ?? s.definition?.zh;
      out.push(`- **${s.en}**${s.zh ? p.paren(s.zh) : ''}${d ? `${p.colon}${d}` : ''}`);
    }
    const here = hit ? senseHere(ctx, terms, c, hit) : undefined;
    if (here) out.push('', here);
  }
  const pref = [c.zh[0], c.en[0]].filter(Boolean).map((x) => `\`${x}\``).join(' / ');
  const lines: string[] = [];
  if (pref) lines.push(`${l.preferred}${p.colon}${pref}`);
  if (c.abbr.length) lines.push(`${l.abbr}${p.colon}${c.abbr.map((x) => `\`${x}\``).join(p.sep)}`);
  const also = [...c.zh.slice(1), ...c.en.slice(1), ...c.variants];
  if (also.length) lines.push(`${l.variants}${p.colon}${also.map((x) => `\`${x}\``).join(p.sep)}`);
  if (c.avoid.length) lines.push(`${l.avoid}${p.colon}${c.avoid.map((x) => `~~${x}~~`).join(p.sep)}`);
  // Where the post defines it.
  const defSpans = definitionSpans(terms, c);
  if (defSpans.length) {
    lines.push(`${l.defined}${p.colon}${defSpans.map((s) => `${lineLabel(lang, positionAt(ctx.post.lineStarts, s.start).line + 1)} \`${ctx.post.text.slice(s.start, s.end)}\``).join(p.semi)}`);
  } else if (c.abbr.length) lines.push(`${l.defined}${p.colon}${l.notDefined}`);
  // Counts in this post and in the workspace.
  const mine = new Map<string, number>();
  for (const h of terms.hitsOf(c)) mine.set(h.text, (mine.get(h.text) ?? 0) + 1);
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
