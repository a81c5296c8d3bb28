/**
 * Front matter: YAML/TOML syntax, the site generator's schema (data/front-matter/*.schema.json,
 * validated with ajv), dates, assets, authors and taxonomy; plus completion and hover of keys and of
 * the tags and categories the workspace uses, and the family's slice of the workspace index.
 */
import type { CompletionItem, CompletionProvider, FeatureContext, HoverProvider, Rule, RuleFamily, Span, Summarizer } from '../../types';
import type { Post } from '../../document';
import { rule as yamlSyntax } from './yaml-syntax';
import { rule as tomlSyntax } from './toml-syntax';
import { rule as duplicateKey } from './duplicate-key';
import { rule as tabIndent } from './tab-indent';
import { rule as notAtStart } from './not-at-start';
import { rule as unknownKey } from './unknown-key';
import { rule as type } from './type';
import { rule as required } from './required';
import { rule as date } from './date';
import { rule as asset } from './asset';
import { rule as author } from './author';
import { rule as taxonomy, type FrontMatterSummary } from './taxonomy';
import { headerOf, isTemplatePath, keyDoc, listValues, schemaName, siteOf, subSchema, type JsonSchema } from './site';
import { kindOf, type Kind } from '../../site';

/** Tags, categories and authors of a post, whatever the generator, and its keys with their value kinds. */
export const summarize: Summarizer = (post: Post): FrontMatterSummary => {
  const data = headerOf(post)?.data ?? {};
  const keys: Record<string, Kind> = {};
  for (const [k, v] of Object.entries(data)) keys[k] = kindOf(v);
  return {
    tags: [...listValues(data.tags), ...listValues(data.tag)],
    categories: [...listValues(data.categories), ...listValues(data.category)],
    authors: [...listValues(data.author), ...listValues(data.authors)],
    keys,
  };
};

interface Place {
  fm: NonNullable<Post['frontMatter']>;
  lineStart: number;
  prefix: string;
  /** The line's text. */
  line: string;
}

function placeAt(ctx: FeatureContext): Place | undefined {
  const fm = ctx.post.frontMatter;
  if (!fm || ctx.offset < fm.contentSpan.start || ctx.offset > fm.contentSpan.end) return undefined;
  const text = ctx.post.text;
  const lineStart = text.lastIndexOf('\n', ctx.offset - 1) + 1;
  let lineEnd = text.indexOf('\n', ctx.offset);
  if (lineEnd < 0) lineEnd = text.length;
  return { fm, lineStart, prefix: text.slice(lineStart, ctx.offset), line: text.slice(lineStart, lineEnd).replace(/\r$/, '') };
}

/** The key that owns this line: its own `key:`, or the nearest less-indented `key:` above. */
function ownerKey(ctx: FeatureContext, p: Place): string[] {
  const text = ctx.post.text;
  const path: string[] = [];
  let indent = /^\s*/.exec(p.line)![0].length;
  const own = /^(\s*)([\w$-]+)\s*[:=]/.exec(p.line);
  if (own) path.unshift(own[2]);
  let i = p.lineStart;
  while (i > p.fm.contentSpan.start && indent > 0) {
    const prevStart = text.lastIndexOf('\n', i - 2) + 1;
    const l = text.slice(prevStart, i - 1);
    const m = /^(\s*)([\w$-]+)\s*:/.exec(l);
    if (m && m[1].length < indent) {
      path.unshift(m[2]);
      indent = m[1].length;
    }
    i = prevStart;
  }
  return path;
}

const keyCompletions: CompletionProvider = (ctx) => {
  const p = placeAt(ctx);
  if (!p) return [];
  const m = /^(\s*)([\w$-]*)$/.exec(p.prefix);
  if (!m) return [];
  const site = siteOf(ctx.workspace, ctx.config);
  const parentPath = m[1] ? ownerKey(ctx, { ...p, line: p.prefix }) : [];
  const schema: JsonSchema | undefined = parentPath.length ? subSchema(site.schema, parentPath) : site.schema;
  const props = Object.keys(schema?.properties ?? {});
  if (!props.length) return [];
  // Keys already written (read from the text: while typing, the header often does not parse).
  const present = new Set<string>();
  if (!parentPath.length) for (const l of p.fm.raw.split('\n')) {
    const k = /^["']?([\w$-]+)["']?\s*[:=]/.exec(l);
    if (k) present.add(k[1]);
  } else {
    let container: unknown = headerOf(ctx.post)?.data;
    for (const k of parentPath) container = container && typeof container === 'object' ? (container as Record<string, unknown>)[k] : undefined;
    if (container && typeof container === 'object') for (const k of Object.keys(container)) present.add(k);
  }
  const span: Span = { start: ctx.offset - m[2].length, end: ctx.offset };
  const sep = p.fm.kind === 'toml' ? ' = ' : ': ';
  return props
    .filter((k) => !present.has(k) || k === m[2])
    .map((k): CompletionItem => ({
      label: k,
      kind: 'property',
      // the schema it comes from; the generic one is no name a user knows ("default"): say what it is (#21)
      detail: site.generator === 'default' && !site.customPath ? (ctx.config.language === 'zh-cn' ? '常用的 front matter 字段' : 'common front matter key') : schemaName(site),
      documentation: keyDoc(site, [...parentPath, k].join('.'), ctx.config.language),
      insertText: k + sep,
      span,
    }));
};

const valueCompletions: CompletionProvider = (ctx) => {
  const p = placeAt(ctx);
  const index = ctx.workspace.index;
  if (!p || !index) return [];
  const keyed = /^([\w$-]+)\s*[:=]\s*(.*)$/.exec(p.prefix);
  const item = /^\s*-\s*(.*)$/.exec(p.prefix);
  if (!keyed && !item) return [];
  const key = keyed ? keyed[1] : ownerKey(ctx, p)[0];
  const site = siteOf(ctx.workspace, ctx.config);
  const kind = key ? (subSchema(site.schema, [key])?.['x-zhen-taxonomy'] as string | undefined) : undefined;
  if (kind !== 'tags' && kind !== 'categories') return [];
  const partial = /[^\s[,"'-][^[,"']*$/.exec(keyed ? keyed[2] : item![1])?.[0] ?? '';
  const counts = new Map<string, number>();
  for (const s of index.posts.values()) {
    const fm = s['front-matter'] as Partial<FrontMatterSummary> | undefined;
    for (const t of new Set(fm?.[kind] ?? [])) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const data = headerOf(ctx.post)?.data ?? {};
  const present = new Set(listValues(data[key!]));
  const width = String(Math.max(0, ...counts.values())).length;
  return [...counts]
    .filter(([t]) => !present.has(t) || t === partial)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([t, n]): CompletionItem => ({
      label: t,
      kind: 'value',
      detail: ctx.config.language === 'zh-cn' ? `${n} 篇文章` : `${n} post${n === 1 ? '' : 's'}`,
      insertText: /[,[\]{}#:"']/.test(t) || p.fm.kind === 'toml' ? JSON.stringify(t) : t,
      span: { start: ctx.offset - partial.length, end: ctx.offset },
      sortText: String(10 ** width - n).padStart(width + 1, '0') + t,
    }));
};

const keyHover: HoverProvider = (ctx) => {
  const p = placeAt(ctx);
  if (!p) return undefined;
  const m = /^(\s*)(["']?)([\w$-]+)\2\s*[:=]/.exec(p.line);
  if (!m) return undefined;
  const start = p.lineStart + m[1].length;
  const end = start + m[2].length * 2 + m[3].length;
  if (ctx.offset < start || ctx.offset > end) return undefined;
  const path = ownerKey(ctx, p);
  const site = siteOf(ctx.workspace, ctx.config);
  const doc = keyDoc(site, path.join('.'), ctx.config.language);
  if (!doc) return undefined;
  return { markdown: `**${path.join('.')}** · ${schemaName(site)}\n\n${doc}`, span: { start, end } };
};

/**
 * Front-matter templates (Hexo `scaffolds/`, Hugo `archetypes/`) are not posts: their values are
 * template expressions (`{{ title }}`), so no front-matter rule runs on them.
 */
function notOnTemplates<O>(rule: Rule<O>): Rule<O> {
  return { ...rule, check: (ctx) => (isTemplatePath(siteOf(ctx.workspace, ctx.config), ctx.workspace.path) ? undefined : rule.check?.(ctx)) };
}

export const family: RuleFamily = {
  name: 'front-matter',
  rules: [yamlSyntax, tomlSyntax, duplicateKey, tabIndent, notAtStart, unknownKey, type, required, date, asset, author, taxonomy].map(notOnTemplates),
  completions: [keyCompletions, valueCompletions],
  hovers: [keyHover],
  summarize,
};
