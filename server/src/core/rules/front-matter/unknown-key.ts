/**
 * front-matter/unknown-key: a key the chosen schema does not know. A misspelt key is silently
 * ignored by every generator, so the post loses its categories, tags or image without a word.
 * A key close to a known one gets "did you mean" and a fix; other unknown keys are reported only
 * where the schema says so (`additionalProperties: false` → warning; Chirpy → hint, since themes and
 * plugins read keys of their own; plain Jekyll, Hugo, Hexo → not at all, any key is a page variable).
 *
 *   Bad:  categeries: [Blockchain]
 *   Good: categories: [Blockchain]
 */
import type { Fix, Rule } from '../../types';
import { didYouMean } from '../../suggest';
import { parseInstancePath } from '../../yamlPath';
import { headerOf, schemaErrors, schemaName, siteOf, subSchema, valueAt } from './site';

export const rule: Rule = {
  id: 'front-matter/unknown-key',
  description: 'Unknown front-matter keys, with "did you mean".',
  defaultSeverity: 'warning',
  messages: {
    suggest: {
      en: 'Unknown key `{key}`: did you mean `{suggestion}`? The {generator} schema does not know `{key}`, so it is ignored.',
      'zh-cn': '未知的键 `{key}`：是不是 `{suggestion}`？{generator} 不认识 `{key}`，会忽略它。',
    },
    unknown: {
      en: 'Unknown key `{key}`: not part of the {generator} schema.',
      'zh-cn': '未知的键 `{key}`：不属于 {generator} 的 front matter 规范。',
    },
    rename: { en: 'Rename to `{suggestion}`', 'zh-cn': '改为 `{suggestion}`' },
  },
  check(ctx) {
    const h = headerOf(ctx.post);
    if (!h?.data) return;
    const site = siteOf(ctx.workspace, ctx.config);
    const generator = schemaName(site);
    const reported = new Set<string>();
    const report = (path: Array<string | number>, key: string, strict: boolean) => {
      const id = JSON.stringify(path);
      if (reported.has(id)) return;
      reported.add(id);
      const parent = subSchema(site.schema, path.slice(0, -1));
      const known = Object.keys(parent?.properties ?? {});
      const container = path.length > 1 ? valueAt(h.data, path.slice(0, -1)) : h.data;
      const present = new Set(container && typeof container === 'object' ? Object.keys(container) : []);
      const suggestion = didYouMean(key, known.filter((k) => !present.has(k)));
      if (!suggestion && !strict && site.schema['x-zhen-unknownKeys'] !== 'hint') return;
      if (!suggestion && !strict && path.length > 1) return;
      const span = h.range(path, 'key');
      const fixes: Fix[] = [];
      if (suggestion) {
        fixes.push({ title: ctx.t('rename', { suggestion }), isPreferred: true, edits: [{ span, newText: h.fm.kind === 'toml' || /^[\w-]+$/.test(suggestion) ? suggestion : JSON.stringify(suggestion) }] });
      }
      ctx.report({
        messageId: suggestion ? 'suggest' : 'unknown',
        data: { key, suggestion: suggestion ?? '', generator },
        span,
        fixes,
        severity: suggestion || strict ? undefined : 'hint',
        detail: { key, suggestion },
      });
    };
    for (const e of schemaErrors(ctx.post, site)) {
      if (e.keyword !== 'additionalProperties') continue;
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      report([...parseInstancePath(e.instancePath), key], key, true);
    }
    if (site.schema.additionalProperties === false) return;
    const props = site.schema.properties ?? {};
    for (const key of Object.keys(h.data)) if (!(key in props)) report([key], key, false);
  },
};
