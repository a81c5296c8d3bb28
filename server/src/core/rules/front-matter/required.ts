/**
 * front-matter/required: a key the chosen schema requires is missing, most often `title` (Chirpy shows
 * an empty heading and the post is listed without a name). Reported on the opening `---`.
 *
 *   Bad:  ---
 *         date: 2024-05-22
 *         ---
 *   Good: ---
 *         title: AI × 加密
 *         date: 2024-05-22
 *         ---
 *
 * Fix: add the key (never fix-all), `title:` from the first `#` heading when there is one, else asked.
 */
import type { Heading } from 'mdast';
import type { Fix, Rule } from '../../types';
import { nodeSpan } from '../../document';
import { parseInstancePath } from '../../yamlPath';
import { eol, headerOf, openingFence, scalarSource, schemaErrors, schemaName, siteOf } from './site';

export const rule: Rule = {
  id: 'front-matter/required',
  description: 'Keys the front-matter schema requires (title).',
  defaultSeverity: 'warning',
  messages: {
    missing: {
      en: 'The front matter has no `{key}`, which the {generator} schema requires.',
      'zh-cn': 'Front matter 缺少 {generator} 要求的 `{key}`。',
    },
    missingIn: {
      en: '`{parent}` has no `{key}`, which the {generator} schema requires.',
      'zh-cn': '`{parent}` 缺少 {generator} 要求的 `{key}`。',
    },
    add: { en: 'Add `{key}: {value}`', 'zh-cn': '添加 `{key}: {value}`' },
    addInput: { en: 'Add `{key}`…', 'zh-cn': '添加 `{key}`…' },
    prompt: { en: 'Value of `{key}`', 'zh-cn': '`{key}` 的值' },
  },
  check(ctx) {
    const h = headerOf(ctx.post);
    if (!h?.data) return;
    const site = siteOf(ctx.workspace, ctx.config);
    for (const e of schemaErrors(ctx.post, site)) {
      if (e.keyword !== 'required') continue;
      const key = String((e.params as { missingProperty: string }).missingProperty);
      const parent = parseInstancePath(e.instancePath);
      if (parent.length) {
        ctx.report({ messageId: 'missingIn', data: { key, parent: parent.join('.'), generator: schemaName(site) }, span: h.range(parent, 'key') });
        continue;
      }
      const fence = openingFence(h.fm);
      const nl = eol(h.fm, ctx.post.text);
      const sep = h.fm.kind === 'toml' ? ' = ' : ': ';
      const fixes: Fix[] = [];
      const heading = key === 'title' ? firstHeading(ctx.post.root.children, ctx.post.text) : undefined;
      if (heading) {
        const value = scalarSource(heading, h.fm.kind);
        fixes.push({ title: ctx.t('add', { key, value }), edits: [{ span: { start: fence.end, end: fence.end }, newText: `${nl}${key}${sep}${value}` }] });
      }
      fixes.push({
        title: ctx.t('addInput', { key }),
        input: { prompt: ctx.t('prompt', { key }), placeholder: key, kind: 'text' },
        edits: [{ span: { start: fence.end, end: fence.end }, newText: `${nl}${key}${sep}${h.fm.kind === 'toml' ? '"{{input}}"' : '{{input}}'}` }],
      });
      ctx.report({ messageId: 'missing', data: { key, generator: schemaName(site) }, span: fence, fixes });
    }
  },
};

/** The text of the first level-1 heading, if the body has one. */
function firstHeading(children: readonly unknown[], text: string): string | undefined {
  for (const n of children as Heading[]) {
    if (n.type !== 'heading' || n.depth !== 1) continue;
    const s = nodeSpan(n);
    if (!s) return undefined;
    const t = text.slice(s.start, s.end).replace(/^#+\s*|\s*#*\s*$/g, '').replace(/[=]+\s*$/m, '').split('\n')[0].trim();
    return t || undefined;
  }
  return undefined;
}
