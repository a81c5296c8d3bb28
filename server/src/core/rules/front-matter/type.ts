/**
 * front-matter/type: a value of the wrong type or shape for the chosen schema: a string where a list
 * is wanted, `"true"` in quotes where a boolean is, more category levels than the theme shows, an
 * enum value the schema does not allow. A string with commas where a list is wanted is the common
 * case: Jekyll splits `ai, web` on spaces into the tags `ai,` and `web`; Hexo and Hugo take it as one
 * tag `ai, web` (Hugo: types.ToStringSlicePreserveString). A schema file named in `.zhen.yml` that
 * cannot be read or compiled is reported here too (the guessed schema is used).
 * A type is wrong only when the site disagrees too: the schema (generator + theme data) expects
 * another type, and neither the site's templates and theme configuration nor most of its other
 * posts that use the key write it this way (knowledge.ts). An empty value (`tags:`) is no value to
 * every generator (Hexo `data.tags || []`, Hugo skips a nil taxonomy, Jekyll `Array(nil)`): not
 * reported, except for a key the schema requires.
 *
 *   Bad:  tags: ai, web
 *   Good: tags: [ai, web]
 *
 * Fix: write it as a list, or unquote it (fix-all).
 */
import type { ErrorObject } from 'ajv';
import type { Fix, Rule, Span } from '../../types';
import { parseInstancePath } from '../../yamlPath';
import { headerOf, openingFence, scalarSource, schemaErrors, schemaName, siteOf, subSchema, valueAt, type Header } from './site';
import { knowledgeOf } from './knowledge';
import { kindOf as valueKind } from '../../site';

const YAML11_BOOL = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

export const rule: Rule = {
  id: 'front-matter/type',
  description: 'Front-matter values of the wrong type or shape.',
  defaultSeverity: 'warning',
  messages: {
    type: {
      en: '`{key}` should be {expected}, not {actual}.',
      'zh-cn': '`{key}` 应为{expected}，而不是{actual}。',
    },
    commaString: {
      en: '`{key}` is one string with commas; write it as a list, or the generator reads it as {read}.',
      'zh-cn': '`{key}` 是一个带逗号的字符串；请写成列表，否则生成器会读成 {read}。',
    },
    maxItems: {
      en: '`{key}` has {count} items; the {generator} schema allows at most {limit}.',
      'zh-cn': '`{key}` 有 {count} 项；{generator} 最多允许 {limit} 项。',
    },
    invalid: {
      en: '`{key}`: {detail} ({generator} schema).',
      'zh-cn': '`{key}`：{detail}（{generator} 规范）。',
    },
    notMapping: {
      en: 'The front matter must be a mapping of `key: value` lines.',
      'zh-cn': 'Front matter 必须由 `键: 值` 组成。',
    },
    schemaUnusable: {
      en: 'The front-matter schema `{problem}` from .zhen.yml cannot be used; checked against the {generator} schema instead.',
      'zh-cn': '.zhen.yml 指定的 front matter 规范无法使用（`{problem}`）；已改用 {generator} 规范检查。',
    },
    toList: { en: 'Write as a list: {list}', 'zh-cn': '写成列表：{list}' },
    toBoolean: { en: 'Write `{value}` without quotes', 'zh-cn': '去掉引号，写成 `{value}`' },
  },
  check(ctx) {
    const h = headerOf(ctx.post);
    if (!h) return;
    if (h.notMapping) {
      ctx.report({ messageId: 'notMapping', span: { start: h.fm.contentSpan.start, end: Math.max(h.fm.contentSpan.start, h.fm.contentSpan.end) } });
      return;
    }
    const site = siteOf(ctx.workspace, ctx.config);
    if (site.schemaProblem) ctx.report({ messageId: 'schemaUnusable', data: { problem: site.schemaProblem, generator: schemaName(site) }, span: openingFence(h.fm) });
    if (!h.data) return;
    const ruby = site.generator === 'chirpy' || site.generator === 'jekyll';
    const lang = ctx.config.language;
    const know = knowledgeOf(site, ctx.workspace);
    const required = new Set<string>(site.schema.required ?? []);
    const done = new Set<string>();
    const errors = schemaErrors(ctx.post, site).filter((e) => !['additionalProperties', 'required', 'anyOf', 'oneOf', 'if', 'not'].includes(e.keyword));
    for (const e of errors) {
      const path = parseInstancePath(e.instancePath);
      const id = e.instancePath;
      if (done.has(id)) continue;
      const key = path.join('.') || '(front matter)';
      const value = valueAt(h.data, path);
      const span = h.range(path, 'value');
      // An empty value is no value (unless the schema requires the key), and the site's own use wins.
      if (value === null && !(path.length === 1 && required.has(String(path[0])))) continue;
      if (e.keyword === 'type' && path.length === 1 && know.acceptsKind(String(path[0]), valueKind(value))) continue;
      if (e.keyword === 'type') {
        const expected = typeList(e);
        const text = h.scalarText(path);
        // Jekyll reads YAML 1.1, where yes/no/on/off are booleans.
        if (ruby && expected.includes('boolean') && text !== undefined && YAML11_BOOL.test(text)) continue;
        done.add(id);
        const fixes: Fix[] = [];
        if (expected.includes('array') && typeof value === 'string') fixes.push(listFix(ctx.t.bind(ctx), h, span, value));
        else if (expected.includes('boolean') && (value === 'true' || value === 'false')) {
          fixes.push({ title: ctx.t('toBoolean', { value }), isPreferred: true, edits: [{ span, newText: value }] });
        }
        ctx.report({
          messageId: 'type',
          data: { key, expected: expected.map((t) => typeName(t, lang)).join(lang === 'zh-cn' ? '或' : ' or '), actual: typeName(kindOf(value), lang) },
          span,
          fixes,
          detail: { expected, actual: kindOf(value) },
        });
        continue;
      }
      done.add(id);
      if (e.keyword === 'maxItems' && Array.isArray(value)) {
        ctx.report({ messageId: 'maxItems', data: { key, count: value.length, limit: Number((e.params as { limit: number }).limit), generator: schemaName(site) }, span });
        continue;
      }
      ctx.report({ messageId: 'invalid', data: { key, detail: e.message ?? e.keyword, generator: schemaName(site) }, span, detail: { keyword: e.keyword } });
    }
    // A comma-separated string where the schema also allows a string but means a list.
    for (const [key, v] of Object.entries(h.data)) {
      if (typeof v !== 'string' || !v.includes(',') || done.has('/' + key)) continue;
      const s = subSchema(site.schema, [key]);
      if (!s?.['x-zhen-list']) continue;
      const span = h.range([key], 'value');
      const read = ruby ? v.split(/\s+/).filter(Boolean).map((x) => `\`${x}\``).join(', ') : `\`${v}\``;
      ctx.report({ messageId: 'commaString', data: { key, read }, span, fixes: [listFix(ctx.t.bind(ctx), h, span, v)] });
    }
  },
};

function listFix(t: (id: string, d?: Record<string, string | number>) => string, h: Header, span: Span, value: string): Fix {
  const items = value.split(value.includes(',') ? ',' : /\s{2,}/).map((x) => x.trim()).filter(Boolean);
  const list = `[${items.map((x) => scalarSource(x, h.fm.kind)).join(', ')}]`;
  return { title: t('toList', { list }), isPreferred: true, edits: [{ span, newText: list }] };
}

function typeList(e: ErrorObject): string[] {
  const t = (e.params as { type?: string | string[] }).type;
  return Array.isArray(t) ? t : typeof t === 'string' ? t.split(',') : [];
}

function kindOf(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

const TYPE_NAMES: Record<string, [string, string]> = {
  array: ['a list', '列表'],
  string: ['a string', '字符串'],
  boolean: ['true or false', '布尔值（true 或 false）'],
  number: ['a number', '数字'],
  integer: ['an integer', '整数'],
  object: ['a mapping', '映射（键值对）'],
  null: ['empty', '空值'],
};

function typeName(t: string, lang: string): string {
  const n = TYPE_NAMES[t];
  return n ? (lang === 'zh-cn' ? n[1] : n[0]) : t;
}
