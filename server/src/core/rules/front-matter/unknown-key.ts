/**
 * front-matter/unknown-key: a key that nothing on the site reads. Generators keep every key (Jekyll
 * `page.x`, Hexo `page.x`, Hugo `.Params.x`, VuePress `$frontmatter.x`…), so a misspelt key is
 * silently ignored: the post loses its gallery, tags or image without a word. A key counts as
 * unknown only when the generator's schema, the site's theme (its keys in data/front-matter/*.theme.json,
 * its configuration, the keys its layouts read), the site's templates (Hexo `scaffolds/`, Hugo
 * `archetypes/`) and the site's other posts all lack it (see knowledge.ts); Hugo compares keys
 * case-insensitively, as `.Param` does (gohugoio/hugo, commit 58f31d2), and Hexo's aliases
 * `category`/`tag`/`photo` are keys (hexojs/hexo lib/plugins/processor/post.ts). A key close to a
 * known one gets "did you mean" and a fix; other unknown keys are reported only where the schema
 * says so (`additionalProperties: false` → warning; Chirpy → hint).
 *
 *   Bad:  lightgallary: true      (DoIt reads `lightgallery`; 49 other posts spell it so)
 *   Good: lightgallery: true
 *
 * Fix: rename to the key meant (fix-all).
 */
import type { Fix, Rule } from '../../types';
import { didYouMean } from '../../suggest';
import { parseInstancePath } from '../../yamlPath';
import { headerOf, schemaErrors, schemaName, siteOf, subSchema, valueAt } from './site';
import { knowledgeOf, type Known } from './knowledge';

export const rule: Rule = {
  id: 'front-matter/unknown-key',
  description: 'Front-matter keys that nothing on the site reads, with "did you mean".',
  defaultSeverity: 'warning',
  messages: {
    suggest: {
      en: 'Unknown key `{key}`: did you mean `{suggestion}` ({where})? Neither the {generator} schema nor the site\'s theme, templates or other posts have `{key}`, so nothing reads it.',
      'zh-cn': '未知的键 `{key}`：是不是 `{suggestion}`（{where}）？{generator} 规范、站点的主题、模板和其他文章都没有 `{key}`，没有任何地方会读取它。',
    },
    unknown: {
      en: 'Unknown key `{key}`: not part of the {generator} schema, and neither the site\'s theme, templates nor other posts use it.',
      'zh-cn': '未知的键 `{key}`：不属于 {generator} 的 front matter 规范，站点的主题、模板和其他文章也都没有用到它。',
    },
    inSchema: { en: 'a {generator} key', 'zh-cn': '{generator} 的键' },
    inFile: { en: 'known from {file}', 'zh-cn': '见于 {file}' },
    inPosts: { en: 'used in {count} other post(s)', 'zh-cn': '其他 {count} 篇文章在用' },
    rename: { en: 'Rename to `{suggestion}`', 'zh-cn': '改为 `{suggestion}`' },
  },
  check(ctx) {
    const h = headerOf(ctx.post);
    if (!h?.data) return;
    const site = siteOf(ctx.workspace, ctx.config);
    const know = knowledgeOf(site, ctx.workspace);
    const generator = schemaName(site);
    const fold = site.model.generator === 'hugo' ? (k: string) => k.toLowerCase() : (k: string) => k;
    const reported = new Set<string>();
    const where = (suggestion: string, inSchema: boolean): string => {
      const k: Known | undefined = know.source(suggestion);
      const parts: string[] = [];
      if (inSchema) parts.push(ctx.t('inSchema', { generator }));
      if (k?.file) parts.push(ctx.t('inFile', { file: k.file }));
      if (k?.posts) parts.push(ctx.t('inPosts', { count: k.posts }));
      return parts.join(ctx.config.language === 'zh-cn' ? '，' : ', ');
    };
    const report = (path: Array<string | number>, key: string, strict: boolean) => {
      const id = JSON.stringify(path);
      if (reported.has(id)) return;
      reported.add(id);
      const top = path.length === 1;
      const parent = subSchema(site.schema, path.slice(0, -1));
      const known = Object.keys(parent?.properties ?? {});
      const container = path.length > 1 ? valueAt(h.data, path.slice(0, -1)) : h.data;
      const present = new Set(container && typeof container === 'object' ? Object.keys(container).map(fold) : []);
      const candidates = new Set(known.filter((k) => !present.has(fold(k))));
      if (top) for (const [k] of know.candidates()) if (!present.has(fold(k))) candidates.add(k);
      const suggestion = didYouMean(key, candidates);
      if (!suggestion && !strict && site.schema['x-zhen-unknownKeys'] !== 'hint') return;
      if (!suggestion && !strict && !top) return;
      const span = h.range(path, 'key');
      const fixes: Fix[] = [];
      if (suggestion) {
        fixes.push({ title: ctx.t('rename', { suggestion }), isPreferred: true, edits: [{ span, newText: h.fm.kind === 'toml' || /^[\w-]+$/.test(suggestion) ? suggestion : JSON.stringify(suggestion) }] });
      }
      ctx.report({
        messageId: suggestion ? 'suggest' : 'unknown',
        data: { key, suggestion: suggestion ?? '', generator, where: suggestion ? where(suggestion, known.includes(suggestion)) : '' },
        span,
        fixes,
        severity: suggestion || strict ? undefined : 'hint',
        detail: { key, suggestion },
      });
    };
    for (const e of schemaErrors(ctx.post, site)) {
      if (e.keyword !== 'additionalProperties') continue;
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const path = [...parseInstancePath(e.instancePath), key];
      if (path.length === 1 && know.source(key)) continue;
      report(path, key, true);
    }
    if (site.schema.additionalProperties === false) return;
    const props = new Set(Object.keys(site.schema.properties ?? {}).map(fold));
    for (const key of Object.keys(h.data)) {
      if (props.has(fold(key)) || know.source(key)) continue;
      report([key], key, false);
    }
  },
};
