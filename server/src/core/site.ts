/**
 * The site model: which generator builds the workspace, with which theme, Markdown renderer and
 * dialect, read from the workspace's own files (through `Workspace.files`; nothing is executed:
 * JavaScript and TypeScript configs are read as text). `.zhen.yml` `site:` overrides each part.
 *
 * Detected (first match wins):
 *   - MkDocs: `mkdocs.yml`; theme `theme.name`; Python-Markdown, so admonition bodies are prose;
 *     `pymdownx.arithmatex` → `$…$` is math.
 *   - Docusaurus: `docusaurus.config.{ts,js,mjs,cjs}`; MDX, also for `.md` unless the config sets
 *     `markdown: { format: 'detect' | 'md' }` (Docusaurus 3 "MDX vs. CommonMark"); `remark-math` → `$`.
 *   - VitePress: `.vitepress/config.*` (in the root, `docs/`, `src/`, `site/`, `website/`) or the
 *     `vitepress` package; markdown-it.
 *   - VuePress: `.vuepress/config.*` there, or a `vuepress`/`@vuepress/*`/`vuepress-theme-*` package;
 *     markdown-it; theme `hope` (vuepress-theme-hope), `reco`, else `default`.
 *   - Hugo: `hugo.{toml,yaml,yml,json}`, `config/_default/{hugo,config}.*` (with `params.*` beside
 *     them), or `config.{toml,yaml,yml,json}` holding Hugo settings; goldmark; theme `theme`.
 *   - Hexo: `_config.yml` with Hexo's settings, a `hexo` package or `scaffolds/`; marked (or
 *     markdown-it with hexo-renderer-markdown-it); theme `theme`, its config `_config.<theme>.yml`
 *     or `themes/<theme>/_config.yml`; a header after one empty line is read.
 *   - Jekyll: other `_config.yml`; kramdown; theme `theme`/`remote_theme` or a `jekyll-theme-*` gem.
 *
 * What the site knows about front matter besides its generator: the keys and value kinds of its
 * templates (Hexo `scaffolds/`, Hugo `archetypes/`), of its theme's configuration (Hugo page params
 * fall back to `params` and `params.page`), and the keys its layouts read (`page.x`, `.Params.x`,
 * `frontmatter.x` in the theme's and the site's layout files, where they are in the workspace).
 * A config file that cannot be read is a problem on that file; the rest is used.
 */
import { parseDocument } from 'yaml';
import { parse as parseToml } from 'smol-toml';
import type { Config, Span, WorkspaceFiles } from './types';
import { COMMONMARK, RENDERERS, dialectKey, type Dialect, type Renderer } from './dialect';

export type Generator = 'jekyll' | 'hexo' | 'hugo' | 'vuepress' | 'vitepress' | 'docusaurus' | 'mkdocs' | 'none';
export const GENERATOR_NAMES: readonly Generator[] = ['jekyll', 'hexo', 'hugo', 'vuepress', 'vitepress', 'docusaurus', 'mkdocs', 'none'];

/** A value kind as front matter holds it: JSON types, with `integer` folded into `number`. */
export type Kind = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'null';

export interface SiteProblem {
  /** Root-relative path of the file. */
  path: string;
  message: string;
  /** Span in that file's text. */
  span: Span;
}

/** What the site itself says about a front-matter key, and where. */
export interface KnownKey {
  /** Where the key was seen: `scaffolds/post.md`, `_config.next.yml`, `themes/x/layout/post.ejs`… */
  source: string;
  /** Value kinds seen there (empty: the key is read, its kind unknown). */
  kinds: Kind[];
}

export interface SiteModel {
  generator: Generator;
  /** The theme's short name, lower case (`chirpy`, `next`, `doit`, `hope`, `material`), if known. */
  theme?: string;
  /** How the generator was chosen. */
  chosenBy: 'config' | 'site' | 'default';
  /** The site configuration file that was read, and its data (Hugo: merged from `config/_default/`). */
  configFile?: string;
  config: Record<string, unknown>;
  /** The theme configuration files that were read, and their data merged. */
  themeConfigFiles: string[];
  themeConfig: Record<string, unknown>;
  /** Front-matter keys the site's templates, theme configuration and layouts know (lower case for Hugo). */
  keys: Map<string, KnownKey>;
  /** Folders of front-matter templates (not posts): `scaffolds/`, `archetypes/`. */
  templates: string[];
  renderer: Renderer;
  /** The dialect of `.md` posts (`dialectFor` adds MDX by path). */
  dialect: Dialect;
  /** Docusaurus 3 parses `.md` as MDX unless `markdown.format` says otherwise. */
  mdxMarkdown: boolean;
  /** `$…$` is inline math on this site (from its math extension or plugin). */
  singleDollarMath: boolean;
  /** The generator's pages can switch math on in front matter (`math: true`), which makes `$…$` math there. */
  mathPerPage: boolean;
  /** Site time zone (`timezone` / Hugo `timeZone`), if set. */
  timezone?: string;
  /** Whether the site publishes future-dated posts; undefined when unknown. */
  future?: boolean;
  problems: SiteProblem[];
  /** Every file the model read (a host's cache of findings depends on them). */
  reads: string[];
  /** The layout files among them. */
  layoutFiles: Set<string>;
}

const DEFAULT_RENDERER: Record<Generator, Renderer> = { jekyll: 'kramdown', hexo: 'marked', hugo: 'goldmark', vuepress: 'markdown-it', vitepress: 'markdown-it', docusaurus: 'mdx', mkdocs: 'python-markdown', none: 'commonmark' };
const NAMES: Record<Generator, string> = { jekyll: 'Jekyll', hexo: 'Hexo', hugo: 'Hugo', vuepress: 'VuePress', vitepress: 'VitePress', docusaurus: 'Docusaurus', mkdocs: 'MkDocs', none: 'Markdown' };
export function generatorName(g: Generator): string {
  return NAMES[g];
}

// ---------------------------------------------------------------------------------------------
// Memoised per workspace files object (a host keeps one per folder). A kept model is used again
// while the site's own settings files (not the theme's layouts) read the same: a host that lives
// long (the language server) sees an edited `_config.yml` at once, a theme's edited layouts after
// a restart.

interface Kept {
  site: SiteModel;
  probe: Array<[string, string | undefined]>;
}

const models = new WeakMap<object, Map<string, Kept>>();
const NO_FILES = {};

export function siteModel(files: WorkspaceFiles | undefined, config: Readonly<Config>, _version?: number): SiteModel {
  const o: Overrides = { ...(config.site ?? {}), schema: typeof config.frontMatter?.schema === 'string' ? config.frontMatter.schema : undefined };
  const key = `${o.generator ?? ''}\u0000${o.theme ?? ''}\u0000${o.renderer ?? ''}\u0000${o.schema ?? ''}`;
  const holder = (files ?? NO_FILES) as object;
  let m = models.get(holder);
  if (!m) models.set(holder, (m = new Map()));
  const kept = m.get(key);
  if (kept && kept.probe.every(([p, t]) => safeRead(files, p) === t)) return kept.site;
  const site = detect(files, o);
  const probe = site.reads.filter((p) => !site.layoutFiles.has(p)).map((p): [string, string | undefined] => [p, safeRead(files, p)]);
  if (m.size > 8) m.clear();
  m.set(key, { site, probe });
  return site;
}

function safeRead(files: WorkspaceFiles | undefined, p: string): string | undefined {
  try {
    return files?.read(p);
  } catch {
    return undefined;
  }
}

/**
 * The dialect of one post: the site's, with MDX for `.mdx` files (and `.md` where the site parses
 * them as MDX), and `$…$` math where the page switches math on and the theme then renders `$…$`
 * (`math: true` / `math: {enable: true}` in the header, DoIt/LoveIt/FixIt).
 */
export function dialectFor(site: SiteModel, path: string | undefined, text?: string): Dialect {
  const mdx = !!path && (/\.mdx$/i.test(path) || (site.mdxMarkdown && /\.md$/i.test(path)));
  const math = !site.dialect.singleDollarMath && site.mathPerPage && text !== undefined && pageMath(text);
  if (!mdx && !math) return site.dialect;
  return { ...site.dialect, ...(mdx ? { mdx: true, renderer: 'mdx' as const } : {}), ...(math ? { singleDollarMath: true } : {}) };
}

/** Does the header switch math on (`math: true`, `math:\n  enable: true`, TOML `math = true`)? */
function pageMath(text: string): boolean {
  const m = /^\uFEFF?(---|\+\+\+)[ \t]*\r?\n([\s\S]*?)\r?\n\1[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) return false;
  return /^math[ \t]*[:=][ \t]*true\b/m.test(m[2]) || /^math[ \t]*:[ \t]*\r?\n[ \t]+enable[ \t]*:[ \t]*true\b/m.test(m[2]);
}

/** Is the file a front-matter template (a Hexo scaffold, a Hugo archetype) rather than a post? */
export function isTemplate(site: SiteModel, path: string | undefined): boolean {
  return !!path && site.templates.some((t) => path.startsWith(t));
}

export { dialectKey };

// ---------------------------------------------------------------------------------------------
// Reading files

class Reader {
  problems: SiteProblem[] = [];
  reads: string[] = [];
  /** Each file is read once per look at the site. */
  private texts = new Map<string, string | undefined>();
  constructor(private files: WorkspaceFiles | undefined) {}
  has(p: string): boolean {
    try {
      return !!this.files?.exists(p);
    } catch {
      return false;
    }
  }
  text(p: string): string | undefined {
    if (!this.files) return undefined;
    if (this.texts.has(p)) return this.texts.get(p);
    let t: string | undefined;
    try {
      t = this.has(p) ? this.files.read(p) : undefined;
    } catch {
      t = undefined;
    }
    this.texts.set(p, t);
    if (t !== undefined) this.reads.push(p);
    return t;
  }
  list(dir: string): string[] {
    try {
      return this.files?.list?.(dir) ?? [];
    } catch {
      return [];
    }
  }
  /**
   * A YAML, TOML or JSON file as data; a problem (and `{}`) when it does not parse. Parsed once per
   * content: a site config of megabytes is parsed again when it changes, not when anything else does.
   */
  data(p: string): Record<string, unknown> | undefined {
    const text = this.text(p);
    if (text === undefined) return undefined;
    const seen = parsedData.get(p);
    if (seen && seen.text === text) {
      this.problems.push(...seen.problems);
      return seen.data;
    }
    const before = this.problems.length;
    const data = this.parseData(p, text);
    parsedData.delete(p);
    parsedData.set(p, { text, data, problems: this.problems.slice(before) });
    if (parsedData.size > 16) parsedData.delete(parsedData.keys().next().value as string);
    return data;
  }
  private parseData(p: string, text: string): Record<string, unknown> {
    if (/\.toml$/i.test(p)) {
      try {
        return plain(parseToml(text));
      } catch (err) {
        const e = err as { line?: number; column?: number; message?: string };
        this.problem(p, text, e.line ? offsetOf(text, e.line, e.column ?? 1) : 0, `TOML: ${String(e.message ?? err).split('\n')[0]}`);
        return {};
      }
    }
    if (/\.json$/i.test(p)) {
      try {
        return plain(JSON.parse(text));
      } catch (err) {
        const at = /position (\d+)/.exec(String(err))?.[1];
        this.problem(p, text, at ? Number(at) : 0, `JSON: ${String((err as Error).message ?? err).split('\n')[0]}`);
        return {};
      }
    }
    // YAML: MkDocs configs carry Python tags (`!!python/name:…`, `!ENV`), which are data here, not errors.
    const doc = parseDocument(text, { logLevel: 'silent', uniqueKeys: false, customTags: [] });
    const err = doc.errors.find((e) => !/tag/i.test(e.message) && e.code !== 'DUPLICATE_KEY');
    if (err) {
      this.problem(p, text, err.pos?.[0] ?? 0, `YAML: ${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
      try {
        return plain(doc.toJS({ maxAliasCount: 100 }));
      } catch {
        return {};
      }
    }
    try {
      return plain(doc.toJS({ maxAliasCount: 100 }));
    } catch (e) {
      this.problem(p, text, 0, `YAML: ${(e as Error).message.split('\n')[0]}`);
      return {};
    }
  }
  problem(path: string, text: string, at: number, message: string): void {
    const start = Math.max(0, Math.min(at, text.length));
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    this.problems.push({ path, message: `${message} (Zhen read the rest of the site's settings it could)`, span: { start, end: Math.max(end, start) } });
  }
}

/** The data of the site's settings files by path, kept with the text they were parsed from (16 files at most). */
const parsedData = new Map<string, { text: string; data: Record<string, unknown>; problems: SiteProblem[] }>();

function offsetOf(text: string, line: number, column: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return text.length;
    at = nl + 1;
  }
  return at + Math.max(0, column - 1);
}

function plain(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function record(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function kindOf(v: unknown): Kind {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'object') return v instanceof Date ? 'string' : 'object';
  return 'string';
}

// ---------------------------------------------------------------------------------------------
// Detection

const HEXO_KEYS = ['new_post_name', 'post_asset_folder', 'source_dir', 'public_dir', 'default_layout', 'relative_link', 'titlecase', 'deploy', 'skip_render'];
const HUGO_KEYS = ['baseURL', 'baseurl', 'languageCode', 'defaultContentLanguage', 'theme', 'params', 'taxonomies', 'markup', 'contentDir', 'publishDir', 'enableRobotsTXT', 'hasCJKLanguage', 'summaryLength', 'paginate', 'permalinks'];
const DOC_DIRS = ['', 'docs/', 'src/', 'doc/', 'site/', 'website/'];
const JS_EXT = ['ts', 'mts', 'js', 'mjs', 'cjs'];

interface Overrides {
  generator?: string;
  theme?: string;
  renderer?: string;
  /** `frontMatter.schema`, when it names a generator. */
  schema?: string;
}

function detect(files: WorkspaceFiles | undefined, o: Overrides): SiteModel {
  const r = new Reader(files);
  const s: SiteModel = {
    generator: 'none',
    chosenBy: 'default',
    config: {},
    themeConfigFiles: [],
    themeConfig: {},
    keys: new Map(),
    templates: [],
    renderer: 'commonmark',
    dialect: COMMONMARK,
    mdxMarkdown: false,
    singleDollarMath: false,
    mathPerPage: false,
    problems: r.problems,
    reads: r.reads,
    layoutFiles: new Set(),
  };
  const pkg = r.has('package.json') ? r.data('package.json') ?? {} : {};
  const deps = { ...record(pkg.dependencies), ...record(pkg.devDependencies) };
  const dep = (re: RegExp) => Object.keys(deps).some((d) => re.test(d));

  const wanted = (GENERATOR_NAMES as readonly string[]).includes(o.generator ?? '') ? (o.generator as Generator) : undefined;
  const found = files ? sniff(r, pkg, deps, dep) : undefined;
  // A front-matter schema named after a generator says which generator it is when nothing else does.
  const bySchema = !wanted && !found && o.schema ? (o.schema === 'chirpy' ? 'jekyll' : (GENERATOR_NAMES as readonly string[]).includes(o.schema) ? (o.schema as Generator) : undefined) : undefined;
  const generator = wanted ?? found?.generator ?? bySchema ?? 'none';
  s.generator = generator;
  s.chosenBy = wanted || bySchema ? 'config' : found ? 'site' : 'default';
  if (bySchema && o.schema === 'chirpy') s.theme = 'chirpy';
  s.renderer = DEFAULT_RENDERER[generator];
  if (files) read(r, s, generator, found?.generator === generator ? found.configFile : undefined, dep);
  if (o.theme) s.theme = o.theme.toLowerCase();
  if (o.renderer && (RENDERERS as readonly string[]).includes(o.renderer)) s.renderer = o.renderer as Renderer;
  s.dialect = {
    renderer: s.renderer,
    indentedBlocks: s.renderer === 'python-markdown' || dep(/^hexo-admonition$/),
    mdx: false,
    headerAfterBlankLines: generator === 'hexo' ? 'one' : generator === 'hugo' ? 'any' : false,
    singleDollarMath: s.singleDollarMath,
  };
  return s;
}

/** Which generator the workspace's files name, and its config file. */
function sniff(r: Reader, pkg: Record<string, unknown>, deps: Record<string, unknown>, dep: (re: RegExp) => boolean): { generator: Generator; configFile?: string } | undefined {
  if (r.has('mkdocs.yml')) return { generator: 'mkdocs', configFile: 'mkdocs.yml' };
  if (r.has('mkdocs.yaml')) return { generator: 'mkdocs', configFile: 'mkdocs.yaml' };
  for (const e of JS_EXT) if (r.has(`docusaurus.config.${e}`)) return { generator: 'docusaurus', configFile: `docusaurus.config.${e}` };
  for (const d of DOC_DIRS) for (const e of JS_EXT) if (r.has(`${d}.vitepress/config.${e}`)) return { generator: 'vitepress', configFile: `${d}.vitepress/config.${e}` };
  for (const d of DOC_DIRS) for (const e of JS_EXT) if (r.has(`${d}.vuepress/config.${e}`)) return { generator: 'vuepress', configFile: `${d}.vuepress/config.${e}` };
  for (const f of ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json', 'config/_default/hugo.toml', 'config/_default/hugo.yaml', 'config/_default/hugo.yml', 'config/_default/hugo.json', 'config/_default/config.toml', 'config/_default/config.yaml', 'config/_default/config.yml', 'config/_default/config.json']) {
    if (r.has(f)) return { generator: 'hugo', configFile: f };
  }
  if (r.has('_config.yml') || r.has('_config.yaml')) {
    const configFile = r.has('_config.yml') ? '_config.yml' : '_config.yaml';
    const text = r.text(configFile) ?? '';
    const hexo = 'hexo' in deps || 'hexo' in pkg || HEXO_KEYS.some((k) => new RegExp(`^${k}\\s*:`, 'm').test(text)) || r.has('scaffolds');
    return { generator: hexo ? 'hexo' : 'jekyll', configFile };
  }
  for (const f of ['config.toml', 'config.yaml', 'config.yml', 'config.json']) {
    if (!r.has(f)) continue;
    const text = r.text(f) ?? '';
    // `config.*` is a common name: Hugo only when it holds Hugo's settings or the site has Hugo's folders.
    const hugoish = HUGO_KEYS.some((k) => new RegExp(`(?:^|[{,])\\s*"?${k}"?\\s*[=:]`, 'm').test(text)) || r.has('archetypes') || r.has('content');
    if (hugoish) return { generator: 'hugo', configFile: f };
  }
  if (dep(/^vitepress$/)) return { generator: 'vitepress' };
  if (dep(/^(vuepress|@vuepress\/|vuepress-theme-)/)) return { generator: 'vuepress' };
  if (dep(/^@docusaurus\/core$/)) return { generator: 'docusaurus' };
  if (dep(/^hexo$/)) return { generator: 'hexo' };
  return undefined;
}

function read(r: Reader, s: SiteModel, g: Generator, configFile: string | undefined, dep: (re: RegExp) => boolean): void {
  switch (g) {
    case 'jekyll': {
      s.renderer = 'kramdown';
      readConfig(r, s, configFile ?? (r.has('_config.yml') ? '_config.yml' : '_config.yaml'));
      const gem = r.text('Gemfile') ?? '';
      const theme = String(s.config.theme ?? s.config.remote_theme ?? '') || /gem\s+["'](jekyll-theme-[\w-]+)["']/.exec(gem)?.[1] || '';
      if (theme) s.theme = themeName(theme);
      if (/commonmark/i.test(String(s.config.markdown ?? ''))) s.renderer = 'commonmark';
      layoutKeys(r, s, ['_layouts/', '_includes/'], /\b(?:page|post)\.([A-Za-z_][\w-]*)/g, /\.(html|liquid)$/i);
      break;
    }
    case 'hexo': {
      s.renderer = dep(/^hexo-renderer-markdown-it/) ? 'markdown-it' : dep(/^hexo-renderer-pandoc$/) ? 'commonmark' : 'marked';
      readConfig(r, s, configFile ?? '_config.yml');
      const theme = typeof s.config.theme === 'string' ? s.config.theme.trim() : '';
      if (theme) {
        s.theme = themeName(theme);
        for (const f of [`themes/${theme}/_config.yml`, `_config.${theme}.yml`]) readThemeConfig(r, s, f);
        layoutKeys(r, s, [`themes/${theme}/layout/`], /\b(?:page|post|item)\.([A-Za-z_][\w-]*)/g, /\.(ejs|njk|swig|pug|jade|art|hbs|html)$/i);
      }
      s.templates.push('scaffolds/');
      templateKeys(r, s, 'scaffolds/');
      break;
    }
    case 'hugo': {
      s.renderer = 'goldmark';
      readConfig(r, s, configFile!);
      if (configFile?.startsWith('config/')) {
        const dir = configFile.slice(0, configFile.lastIndexOf('/') + 1);
        for (const part of ['params', 'markup', 'languages']) {
          for (const e of ['toml', 'yaml', 'yml', 'json']) {
            const d = r.has(`${dir}${part}.${e}`) ? r.data(`${dir}${part}.${e}`) : undefined;
            if (d) s.config[part] = { ...record(s.config[part]), ...d };
          }
        }
      }
      const themes = (Array.isArray(s.config.theme) ? s.config.theme : [s.config.theme]).filter((x): x is string => typeof x === 'string' && !!x.trim());
      if (themes.length) s.theme = themeName(themes[0]);
      // Page params fall back to site params (`.Param`, and themes such as DoIt merge `params.page`).
      const params = caseless(record(s.config.params));
      addKeys(s, params, s.configFile ?? 'config');
      addKeys(s, caseless(record(params.page)), `${s.configFile ?? 'config'} [params.page]`);
      for (const lang of Object.values(record(s.config.languages))) addKeys(s, caseless(record(record(lang).params)), s.configFile ?? 'config');
      for (const t of themes) {
        for (const f of [`themes/${t}/hugo.toml`, `themes/${t}/config.toml`, `themes/${t}/hugo.yaml`, `themes/${t}/config.yaml`]) if (r.has(f)) readThemeConfig(r, s, f);
        s.templates.push(`themes/${t}/archetypes/`);
        templateKeys(r, s, `themes/${t}/archetypes/`);
      }
      const tp = caseless(record(s.themeConfig.params));
      addKeys(s, tp, s.themeConfigFiles[0] ?? 'theme');
      addKeys(s, caseless(record(tp.page)), s.themeConfigFiles[0] ?? 'theme');
      s.templates.push('archetypes/');
      templateKeys(r, s, 'archetypes/');
      layoutKeys(r, s, ['layouts/', ...themes.map((t) => `themes/${t}/layouts/`)], /(?:\.Params\.|\$params\.|\.Param\s+"|index\s+\.Params\s+")([A-Za-z_][\w-]*)/g, /\.(html|xml|json)$/i);
      const markup = JSON.stringify(s.config.markup ?? {});
      const math = record(record(params.page).math);
      const doitLike = /^(doit|loveit|fixit)$/.test(s.theme ?? '');
      s.singleDollarMath = /passthrough/.test(markup) && /\["\$","\$"\]/.test(markup.replace(/\s/g, '')) || (doitLike && (math.enable === true || record(params.math).enable === true));
      s.mathPerPage = doitLike;
      const tz = s.config.timeZone ?? s.config.timezone;
      if (typeof tz === 'string' && tz.trim()) s.timezone = tz.trim();
      s.future = s.config.buildFuture === true;
      return;
    }
    case 'mkdocs': {
      s.renderer = 'python-markdown';
      readConfig(r, s, configFile ?? 'mkdocs.yml');
      const theme = s.config.theme;
      const name = typeof theme === 'string' ? theme : typeof record(theme).name === 'string' ? String(record(theme).name) : 'mkdocs';
      s.theme = themeName(name);
      const ext = JSON.stringify(s.config.markdown_extensions ?? []);
      s.singleDollarMath = /pymdownx\.arithmatex/.test(ext);
      const custom = record(theme).custom_dir;
      if (typeof custom === 'string') layoutKeys(r, s, [custom.replace(/\/?$/, '/')], /\bpage\.meta\.([A-Za-z_][\w-]*)/g, /\.html$/i);
      return;
    }
    case 'docusaurus': {
      s.renderer = 'mdx';
      const text = configFile ? r.text(configFile) ?? '' : '';
      s.configFile = configFile;
      s.mdxMarkdown = !/format\s*:\s*['"](detect|md)['"]/.test(text);
      s.singleDollarMath = /remark-math|remarkMath/.test(text);
      s.theme = /preset-classic|['"]classic['"]/.test(text) ? 'classic' : undefined;
      break;
    }
    case 'vitepress': {
      s.renderer = 'markdown-it';
      const text = configFile ? r.text(configFile) ?? '' : '';
      s.configFile = configFile;
      s.singleDollarMath = /\bmath\s*:\s*true/.test(text);
      const dir = configFile ? configFile.slice(0, configFile.lastIndexOf('/') + 1) : '.vitepress/';
      s.theme = r.has(`${dir}theme`) ? 'custom' : 'default';
      layoutKeys(r, s, [`${dir}theme/`], /\b(?:frontmatter(?:\.value)?|\$frontmatter)\.([A-Za-z_][\w-]*)/g, /\.(vue|ts|js|mts|mjs)$/i);
      break;
    }
    case 'vuepress': {
      s.renderer = 'markdown-it';
      s.configFile = configFile;
      const dir = configFile ? configFile.slice(0, configFile.lastIndexOf('/') + 1) : '.vuepress/';
      const text = [configFile, ...JS_EXT.map((e) => `${dir}theme.${e}`)].map((f) => (f && r.has(f) ? r.text(f) ?? '' : '')).join('\n');
      s.theme = /hopeTheme\(|vuepress-theme-hope/.test(text) || dep(/^vuepress-theme-hope$/) ? 'hope' : dep(/^vuepress-theme-reco$/) ? 'reco' : 'default';
      s.singleDollarMath = /\b(math|katex|mathjax)\s*:\s*(true|\{)/.test(text);
      layoutKeys(r, s, [`${dir}theme/`, `${dir}components/`, `${dir}layouts/`], /\b(?:frontmatter(?:\.value)?|\$frontmatter)\.([A-Za-z_][\w-]*)/g, /\.(vue|ts|js|mts|mjs)$/i);
      break;
    }
    case 'none':
      return;
  }
  if (g === 'jekyll' || g === 'hexo') {
    const tz = s.config.timezone;
    if (typeof tz === 'string' && tz.trim()) s.timezone = tz.trim();
    if (s.configFile) s.future = g === 'hexo' ? s.config.future !== false : s.config.future === true;
  }
}

function readConfig(r: Reader, s: SiteModel, file: string): void {
  s.configFile = file;
  s.config = { ...r.data(file) }; // a copy: the parsed data is shared (Reader.data) and Hugo's config parts are merged in
}

function readThemeConfig(r: Reader, s: SiteModel, file: string): void {
  const d = r.data(file);
  if (!d) return;
  s.themeConfigFiles.push(file);
  s.themeConfig = { ...s.themeConfig, ...d };
  if (s.generator === 'hexo') addKeys(s, d, file);
}

/** `jekyll-theme-chirpy`, `cotes2020/jekyll-theme-chirpy@v7`, `hexo-theme-next`, `DoIt` → `chirpy`, `next`, `doit`. */
export function themeName(raw: string): string {
  return raw.trim().replace(/@.*$/, '').replace(/^.*\//, '').replace(/^(jekyll|hexo|hugo|vuepress)-theme-/i, '').replace(/-theme$/i, '').toLowerCase();
}

/** Hugo reads param keys case-insensitively: lower-case them. */
function caseless(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k.toLowerCase()] = v;
  return out;
}

function addKey(s: SiteModel, key: string, source: string, kind?: Kind): void {
  const k = s.generator === 'hugo' ? key.toLowerCase() : key;
  let e = s.keys.get(k);
  if (!e) s.keys.set(k, (e = { source, kinds: [] }));
  if (kind && !e.kinds.includes(kind)) e.kinds.push(kind);
}

function addKeys(s: SiteModel, data: Record<string, unknown>, source: string): void {
  for (const [k, v] of Object.entries(data)) addKey(s, k, source, kindOf(v));
}

const MAX_LAYOUT_FILES = 400;
const MAX_LAYOUT_BYTES = 4 << 20;

/** Keys the layout files under `dirs` read (`page.x`…): known to the site, of unknown kind. */
function layoutKeys(r: Reader, s: SiteModel, dirs: string[], re: RegExp, ext: RegExp): void {
  let files = 0;
  let bytes = 0;
  const queue = [...dirs];
  while (queue.length && files < MAX_LAYOUT_FILES && bytes < MAX_LAYOUT_BYTES) {
    const dir = queue.shift()!;
    for (const name of r.list(dir)) {
      if (name.endsWith('/')) {
        if (name !== 'node_modules/' && !name.startsWith('.')) queue.push(dir + name);
        continue;
      }
      if (!ext.test(name) || files >= MAX_LAYOUT_FILES) continue;
      const t = r.text(dir + name);
      if (t === undefined) continue;
      s.layoutFiles.add(dir + name);
      files++;
      bytes += t.length;
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(t))) addKey(s, m[1], dir + name);
    }
  }
}

/**
 * Keys and value kinds of front-matter templates (`scaffolds/*.md`, `archetypes/*.md`): their values
 * are template expressions (`{{ title }}`, `{{ .Date }}`), read here as placeholders of unknown kind.
 */
function templateKeys(r: Reader, s: SiteModel, dir: string): void {
  for (const name of r.list(dir)) {
    if (name.endsWith('/') || !/\.(md|markdown)$/i.test(name)) continue;
    const text = r.text(dir + name);
    if (text === undefined) continue;
    const m = /^(---|\+\+\+)[ \t]*\r?\n([\s\S]*?)\r?\n\1[ \t]*(\r?\n|$)/.exec(text.replace(/^\uFEFF/, ''));
    if (!m) continue;
    const raw = m[2].replace(/\{\{[\s\S]*?\}\}/g, 'zhen-template-value');
    let data: Record<string, unknown> = {};
    try {
      data = m[1] === '+++' ? plain(parseToml(raw)) : plain(parseDocument(raw, { logLevel: 'silent' }).toJS());
    } catch {
      data = {};
    }
    for (const line of raw.split('\n')) {
      const k = /^["']?([A-Za-z_][\w-]*)["']?\s*[:=]/.exec(line);
      if (k) addKey(s, k[1], dir + name);
    }
    for (const [k, v] of Object.entries(data)) {
      if (v === 'zhen-template-value' || v === null) addKey(s, k, dir + name);
      else addKey(s, k, dir + name, kindOf(v));
    }
  }
}
