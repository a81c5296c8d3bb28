/**
 * front-matter/asset: a local image or other asset named in the front matter (`image`, `image.path`,
 * `image.lqip`, Hugo `images`, Hexo `cover`/`thumbnail`/`photos`, any key the schema marks with
 * `x-zhen-asset`) that does not exist in the workspace. Site-root paths (`/assets/img/x.png`) resolve
 * against the workspace root with Chirpy's `media_subpath` (front matter or `_config.yml` defaults)
 * applied; Hugo also looks in `static/`, `assets/` and the page bundle, Hexo in `source/` and the
 * post's asset folder, Docusaurus in `static/`, VuePress in `.vuepress/public/`, VitePress in
 * `public/` beside `.vitepress/`. Remote URLs, data URIs and Liquid are never checked, nor is anything
 * when the site serves media from a `cdn`, nor a site-root path when the generator's static folder
 * (`static/`, `public/`, Hexo `source/`) is not in the workspace at all (a checkout of the posts
 * only, or media kept elsewhere: Zhen cannot tell).
 *
 *   Bad:  image: /assets/img/cover.png      (no such file)
 *   Good: image: /assets/img/ai-crypto.png  (the file exists)
 *
 * No fix: Zhen cannot know which file was meant.
 */
import type { Rule, Span, WorkspaceFiles } from '../../types';
import { headerOf, isRemote, siteOf, subSchema, type Header, type Site } from './site';

export const rule: Rule = {
  id: 'front-matter/asset',
  description: 'Local asset paths in the front matter that do not exist.',
  defaultSeverity: 'warning',
  messages: {
    missing: {
      en: '`{key}`: `{value}` does not exist in the workspace (looked for {looked}).',
      'zh-cn': '`{key}`：工作区中不存在 `{value}`（查找了 {looked}）。',
    },
  },
  check(ctx) {
    const files = ctx.workspace.files;
    const h = headerOf(ctx.post);
    if (!files || !h?.data) return;
    const site = siteOf(ctx.workspace, ctx.config);
    if (site.generator === 'chirpy' && typeof site.config.cdn === 'string' && site.config.cdn.trim()) return;
    const postPath = ctx.workspace.path ?? '';
    for (const { path, value } of assetValues(h, site)) {
      const candidates = resolve(value, site, h.data, postPath);
      if (!candidates.length || candidates.some((c) => safeExists(files, c))) continue;
      const roots = staticRoots(site);
      if (value.startsWith('/') && roots.length && !roots.some((r) => safeExists(files, r))) continue;
      const span: Span = h.range(path, 'value');
      ctx.report({
        messageId: 'missing',
        data: { key: path.join('.'), value, looked: candidates.map((c) => `\`${c}\``).join(', ') },
        span,
        detail: { candidates },
      });
    }
  },
};

function safeExists(files: WorkspaceFiles, p: string): boolean {
  try {
    return files.exists(p);
  } catch {
    return true; // cannot tell: do not report
  }
}

/** Every string in the header that the schema marks as an asset, with its path. */
function assetValues(h: Header, site: Site): Array<{ path: Array<string | number>; value: string }> {
  const out: Array<{ path: Array<string | number>; value: string }> = [];
  const visit = (v: unknown, path: Array<string | number>, depth: number) => {
    const s = subSchema(site.schema, path);
    if (!s || depth > 3) return;
    if (typeof v === 'string') {
      if (s['x-zhen-asset']) out.push({ path, value: v.trim() });
    } else if (Array.isArray(v)) v.forEach((x, i) => visit(x, [...path, i], depth + 1));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, [...path, k], depth + 1);
  };
  for (const [k, v] of Object.entries(h.data ?? {})) visit(v, [k], 0);
  return out;
}

/** The folders a generator serves site-root paths from (empty: the workspace root itself). */
function staticRoots(site: Site): string[] {
  const cfg = site.model.configFile ?? '';
  switch (site.generator) {
    case 'hugo':
      return ['static', 'assets'];
    case 'hexo':
      return ['source'];
    case 'docusaurus':
      return ['static'];
    case 'vuepress':
      return [cfg.replace(/\/?config\.[a-z]+$/, '/public').replace(/^\//, '')];
    case 'vitepress':
      return [cfg.replace(/\.vitepress\/config\.[a-z]+$/, 'public')];
    default:
      return [];
  }
}

/** Root-relative candidate files for a front-matter asset reference; empty when it cannot be checked. */
function resolve(value: string, site: Site, data: Record<string, unknown>, postPath: string): string[] {
  if (!value || isRemote(value)) return [];
  let p = value.replace(/[?#].*$/, '');
  try {
    p = decodeURI(p);
  } catch {
    /* keep as written */
  }
  const postDir = postPath.includes('/') ? postPath.slice(0, postPath.lastIndexOf('/') + 1) : '';
  const clean = (x: string) => normalize(x.replace(/\/{2,}/g, '/').replace(/^\/+/, ''));
  const out: string[] = [];
  const baseurl = typeof site.config.baseurl === 'string' ? site.config.baseurl.replace(/^\/+|\/+$/g, '') : '';
  const add = (x: string | undefined) => {
    if (x === undefined) return;
    const c = clean(x);
    if (c && !c.startsWith('../') && !out.includes(c)) out.push(c);
    if (baseurl && c.startsWith(baseurl + '/')) add(c.slice(baseurl.length + 1));
  };
  switch (site.generator) {
    case 'chirpy': {
      const sub = mediaSubpath(site, data);
      add(sub ? `${sub}/${p}` : p);
      break;
    }
    case 'hugo':
      if (p.startsWith('/')) {
        add(`static/${p}`);
        add(`assets/${p}`);
      } else {
        add(`${postDir}${p}`);
        add(`static/${p}`);
        add(`assets/${p}`);
      }
      break;
    case 'docusaurus':
    case 'vuepress':
    case 'vitepress': {
      // Root paths are served from the static folder; others are relative to the post.
      const cfg = site.model.configFile ?? '';
      const base = site.generator === 'docusaurus' ? 'static/' : site.generator === 'vuepress' ? cfg.replace(/config\.[a-z]+$/, 'public/') : cfg.replace(/\.vitepress\/config\.[a-z]+$/, 'public/');
      if (p.startsWith('/')) add(`${base}${p}`);
      else add(`${postDir}${p}`);
      break;
    }
    case 'hexo': {
      add(`source/${p}`);
      const slug = postPath.replace(/^.*\//, '').replace(/\.(md|markdown)$/i, '');
      add(`${postDir}${slug}/${p}`);
      if (!p.startsWith('/')) add(`${postDir}${p}`);
      break;
    }
    default:
      add(p);
      if (!p.startsWith('/')) add(`${postDir}${p}`);
  }
  return out;
}

/** Chirpy's `media_subpath` (or the older `img_path`): the post's own, else the `_config.yml` defaults for posts. */
function mediaSubpath(site: Site, data: Record<string, unknown>): string | undefined {
  for (const k of ['media_subpath', 'img_path']) if (typeof data[k] === 'string') return data[k] as string;
  const defaults = site.config.defaults;
  if (!Array.isArray(defaults)) return undefined;
  for (const d of defaults) {
    const values = (d as { values?: Record<string, unknown> })?.values;
    const scope = (d as { scope?: { path?: string; type?: string } })?.scope ?? {};
    const applies = !scope.path || scope.path === '_posts' || scope.type === 'posts';
    if (!applies || !values) continue;
    for (const k of ['media_subpath', 'img_path']) if (typeof values[k] === 'string') return values[k] as string;
  }
  return undefined;
}

function normalize(p: string): string {
  const parts: string[] = [];
  for (const s of p.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') {
      if (parts.length && parts[parts.length - 1] !== '..') parts.pop();
      else parts.push('..');
    } else parts.push(s);
  }
  return parts.join('/');
}
