/**
 * Shared by the front-matter rules (this file is not a rule): the header's data with positions
 * (YAML `---` or TOML `+++`), the site's generator and config (read through `ctx.workspace.files`),
 * and the generator's JSON Schema (data under data/front-matter/, compiled once with ajv).
 * Everything is memoised per post / per workspace object, so the rules of one run share it.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, isScalar, parseDocument } from 'yaml';
import { parse as parseToml, TomlDate, TomlError } from 'smol-toml';
import type { Config, Span, Workspace, WorkspaceFiles } from '../../types';
import { isTemplate, siteModel, type SiteModel } from '../../site';
import type { FrontMatter, Post } from '../../document';
import { yamlNode, yamlRange, type JsonPath } from '../../yamlPath';
import chirpySchema from '../../../../../data/front-matter/chirpy.schema.json';
import jekyllSchema from '../../../../../data/front-matter/jekyll.schema.json';
import hugoSchema from '../../../../../data/front-matter/hugo.schema.json';
import hexoSchema from '../../../../../data/front-matter/hexo.schema.json';
import defaultSchema from '../../../../../data/front-matter/default.schema.json';
import vuepressSchema from '../../../../../data/front-matter/vuepress.schema.json';
import vitepressSchema from '../../../../../data/front-matter/vitepress.schema.json';
import docusaurusSchema from '../../../../../data/front-matter/docusaurus.schema.json';
import mkdocsSchema from '../../../../../data/front-matter/mkdocs.schema.json';
import hopeTheme from '../../../../../data/front-matter/hope.theme.json';
import doitTheme from '../../../../../data/front-matter/doit.theme.json';
import nextTheme from '../../../../../data/front-matter/next.theme.json';
import materialTheme from '../../../../../data/front-matter/material.theme.json';
import keyDocs from '../../../../../data/front-matter/keys.json';

/**
 * The built-in front-matter schemas (`.zhen.yml` `frontMatter.schema`): one per generator, `chirpy`
 * (Jekyll with the Chirpy theme) and a lenient `default`. Not the site's generator (core/site.ts
 * `Generator`, which has `none` and no `chirpy`): `schemaFor` maps one to the other.
 */
export type SchemaId = 'chirpy' | 'jekyll' | 'hugo' | 'hexo' | 'vuepress' | 'vitepress' | 'docusaurus' | 'mkdocs' | 'default';
const SCHEMA_IDS: readonly SchemaId[] = ['chirpy', 'jekyll', 'hugo', 'hexo', 'vuepress', 'vitepress', 'docusaurus', 'mkdocs', 'default'];
export type JsonSchema = Record<string, any>;

const BUILTIN: Record<SchemaId, JsonSchema> = {
  chirpy: chirpySchema, jekyll: jekyllSchema, hugo: hugoSchema, hexo: hexoSchema, vuepress: vuepressSchema,
  vitepress: vitepressSchema, docusaurus: docusaurusSchema, mkdocs: mkdocsSchema, default: defaultSchema,
};

/** Themes whose front-matter keys Zhen knows (data/front-matter/*.theme.json, each key with its source). */
const THEME_SCHEMAS: Record<string, JsonSchema> = { hope: hopeTheme, doit: doitTheme, next: nextTheme, material: materialTheme };
const THEME_ALIASES: Record<string, string> = { chirpy: 'chirpy' };
for (const [name, schema] of Object.entries(THEME_SCHEMAS)) {
  THEME_ALIASES[name] = name;
  for (const alias of (schema['x-zhen-aliases'] as string[] | undefined) ?? []) THEME_ALIASES[alias] = name;
}

// ---------------------------------------------------------------------------------------------
// The header

export interface Header {
  fm: FrontMatter;
  /** The header as plain data; undefined when it does not parse (the syntax rules report that). */
  data?: Record<string, unknown>;
  /** The header parses but is not a mapping (e.g. a list or a bare string). */
  notMapping?: boolean;
  tomlError?: { line: number; column: number; message: string };
  /** Source span of the key or value at `path`; falls back to the nearest ancestor, then the header. */
  range(path: JsonPath, which?: 'key' | 'value'): Span;
  /** Source text of the value at `path` when it is a scalar written on one line. */
  scalarText(path: JsonPath): string | undefined;
}

const headers = new WeakMap<Post, Header | null>();

export function headerOf(post: Post): Header | undefined {
  let h = headers.get(post);
  if (h === undefined) {
    h = post.frontMatter ? makeHeader(post.frontMatter) : null;
    headers.set(post, h);
  }
  return h ?? undefined;
}

function makeHeader(fm: FrontMatter): Header {
  if (fm.kind === 'yaml' && fm.yaml) {
    const doc = fm.yaml;
    const h: Header = {
      fm,
      range(path, which = 'value') {
        const r = yamlRange(doc, path, which);
        return r ? { start: fm.contentSpan.start + r.start, end: fm.contentSpan.start + r.end } : openingFence(fm);
      },
      scalarText(path) {
        const node = yamlNode(doc, path);
        if (!isScalar(node) || !node.range) return undefined;
        const t = fm.raw.slice(node.range[0], node.range[1]);
        return t.includes('\n') ? undefined : t;
      },
    };
    if (doc.errors.some((e) => e.code !== 'DUPLICATE_KEY')) return h;
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
      h.data = {};
      return h;
    }
    if (!isMap(doc.contents)) {
      h.notMapping = true;
      return h;
    }
    try {
      h.data = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
    } catch {
      /* an alias bomb or similar: no data */
    }
    return h;
  }
  // TOML
  const lines = fm.raw.split('\n');
  const lineStarts: number[] = [];
  let at = 0;
  for (const l of lines) {
    lineStarts.push(at);
    at += l.length + 1;
  }
  const h: Header = {
    fm,
    range(path, which = 'value') {
      const r = tomlRange(lines, lineStarts, path, which);
      return r ? { start: fm.contentSpan.start + r.start, end: fm.contentSpan.start + r.end } : openingFence(fm);
    },
    scalarText(path) {
      const r = tomlRange(lines, lineStarts, path, 'value');
      if (!r || path.length !== 1) return undefined;
      return fm.raw.slice(r.start, r.end);
    },
  };
  try {
    h.data = plainToml(parseToml(fm.raw)) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof TomlError) h.tomlError = { line: err.line, column: err.column, message: err.message.split('\n')[0] };
    else h.tomlError = { line: 1, column: 1, message: err instanceof Error ? err.message : String(err) };
  }
  return h;
}

/** TOML dates become the strings they were written as (JSON Schema knows no dates). */
function plainToml(v: unknown): unknown {
  if (v instanceof TomlDate) return v.toISOString();
  if (Array.isArray(v)) return v.map(plainToml);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = plainToml(x);
    return o;
  }
  return v;
}

/** The opening `---`/`+++` line: where findings about the header as a whole go. */
export function openingFence(fm: FrontMatter): Span {
  return { start: fm.span.start, end: Math.max(fm.span.start, fm.contentSpan.start - 1) };
}

/**
 * TOML ranges by lines: `key = value` at the top (before any table header) or under
 * `[table]` for a two-segment path. Enough for front matter, which is shallow.
 */
function tomlRange(lines: string[], starts: number[], path: JsonPath, which: 'key' | 'value'): Span | undefined {
  if (!path.length) return undefined;
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const find = (key: string, table: string | undefined): Span | undefined => {
    let current: string | undefined;
    const keyRe = new RegExp(`^(\\s*)(${esc(key)}|"${esc(key)}"|'${esc(key)}')\\s*=[ \\t]*`);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].replace(/\r$/, '');
      const t = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(line);
      if (t) {
        current = t[1];
        continue;
      }
      if (current !== table) continue;
      const m = keyRe.exec(line);
      if (!m) continue;
      const keyStart = starts[i] + m[1].length;
      if (which === 'key') return { start: keyStart, end: keyStart + m[2].length };
      const from = m[0].length;
      return { start: starts[i] + from, end: starts[i] + tomlValueEnd(line, from) };
    }
    return undefined;
  };
  const top = String(path[0]);
  if (path.length >= 2 && typeof path[1] === 'string') return find(path[1], top) ?? find(top, undefined);
  return find(top, undefined);
}

/** Where a one-line TOML value ends: before a `#` comment outside strings, trailing space trimmed. */
function tomlValueEnd(line: string, from: number): number {
  let quote = '';
  let end = line.length;
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') {
      end = i;
      break;
    }
  }
  while (end > from && /\s/.test(line[end - 1])) end--;
  return end;
}

// ---------------------------------------------------------------------------------------------
// The site

export interface Site {
  /** The site model (core `site.ts`): generator, theme, renderer, what its files say about keys. */
  model: SiteModel;
  /** The built-in schema in force (a generator's, `chirpy` or `default`; see `customPath` for a custom one). */
  generator: SchemaId;
  /** How the schema was chosen. */
  chosenBy: 'config' | 'site' | 'default';
  /** The site config file that was read, if any, and its data. */
  configFile?: string;
  config: Record<string, unknown>;
  /** Site time zone (`timezone` / Hugo `timeZone`), if set. */
  timezone?: string;
  /** Whether the site publishes future-dated posts; undefined when unknown. */
  future?: boolean;
  /** The theme whose front-matter data (data/front-matter/*.theme.json) is merged into the schema. */
  theme?: string;
  /** The schema in force and its validator. */
  schema: JsonSchema;
  validate: ValidateFunction;
  /** Set when `.zhen.yml` names a schema file that cannot be used. */
  schemaProblem?: string;
  /** The workspace path of a custom schema in force. */
  customPath?: string;
}

const NAMES: Record<SchemaId, string> = { chirpy: 'Jekyll (Chirpy)', jekyll: 'Jekyll', hugo: 'Hugo', hexo: 'Hexo', vuepress: 'VuePress', vitepress: 'VitePress', docusaurus: 'Docusaurus', mkdocs: 'MkDocs', default: 'default' };

/** How messages name the schema in force: the generator, and the theme whose keys Zhen knows. */
export function schemaName(site: Site): string {
  if (site.customPath) return site.customPath;
  const theme = site.theme ? THEME_SCHEMAS[site.theme]?.title : undefined;
  return theme ? `${NAMES[site.generator]} + ${theme}` : NAMES[site.generator];
}

const sites = new WeakMap<SiteModel, Map<string, Site>>();

/** The schema for a generator found in the workspace. */
function schemaFor(model: SiteModel): SchemaId {
  switch (model.generator) {
    case 'jekyll':
      return model.theme === 'chirpy' ? 'chirpy' : 'jekyll';
    case 'none':
      return 'default';
    default:
      return model.generator;
  }
}

/** One lookup per workspace object (a host makes one per post and analysis): the rules of one run share it. */
const perWorkspace = new WeakMap<object, { config: object; site: Site }>();

export function siteOf(workspace: Readonly<Workspace>, config: Readonly<Config>): Site {
  const seen = workspace ? perWorkspace.get(workspace) : undefined;
  if (seen && seen.config === config) return seen.site;
  const site = lookUpSite(workspace, config);
  if (workspace) perWorkspace.set(workspace, { config, site });
  return site;
}

function lookUpSite(workspace: Readonly<Workspace>, config: Readonly<Config>): Site {
  const model = siteModel(workspace?.files, config, workspace?.index?.version);
  const wanted = String(config.frontMatter?.schema ?? '');
  let m = sites.get(model);
  if (!m) sites.set(model, (m = new Map()));
  let s = m.get(wanted);
  if (!s) {
    s = makeSite(model, workspace?.files, wanted);
    m.set(wanted, s);
  }
  return s;
}

function makeSite(model: SiteModel, files: WorkspaceFiles | undefined, wanted: string): Site {
  let generator = schemaFor(model);
  let chosenBy: Site['chosenBy'] = model.chosenBy;
  let customPath: string | undefined;
  let schemaProblem: string | undefined;
  let custom: { schema: JsonSchema; validate: ValidateFunction } | undefined;
  if (wanted) {
    if ((SCHEMA_IDS as readonly string[]).includes(wanted)) {
      generator = wanted as SchemaId;
      chosenBy = 'config';
    } else {
      const c = files ? loadCustom(files, wanted) : { problem: 'no workspace files' };
      if ('schema' in c) {
        custom = c;
        customPath = wanted;
        chosenBy = 'config';
      } else schemaProblem = `${wanted}: ${c.problem}`;
    }
  }
  const theme = model.theme ? THEME_ALIASES[model.theme] : undefined;
  const useTheme = !custom && theme && theme !== 'chirpy' && (THEME_SCHEMAS[theme]['x-zhen-generators'] as string[]).includes(generator) ? theme : undefined;
  const schema = custom?.schema ?? (useTheme ? withTheme(BUILTIN[generator], THEME_SCHEMAS[useTheme]) : BUILTIN[generator]);
  const validate = custom?.validate ?? compiled(useTheme ? `${generator}+${useTheme}` : generator, schema);
  return {
    model,
    generator,
    chosenBy,
    configFile: model.configFile,
    config: model.config,
    timezone: model.timezone,
    future: model.future,
    theme: useTheme,
    schema,
    validate,
    schemaProblem,
    customPath,
  };
}

/** The generator's schema with a theme's keys added (the theme's description of a key wins). */
function withTheme(base: JsonSchema, theme: JsonSchema): JsonSchema {
  return { ...base, properties: { ...(base.properties ?? {}), ...(theme.properties ?? {}) } };
}

/** Is this file a front-matter template (scaffold, archetype) rather than a post? */
export function isTemplatePath(site: Site, path: string | undefined): boolean {
  return isTemplate(site.model, path);
}

// Compiled once per process: built-in schemas by name, custom ones by their text.
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const compiledCache = new Map<string, ValidateFunction>();

function compiled(key: string, schema: JsonSchema): ValidateFunction {
  let v = compiledCache.get(key);
  if (!v) {
    v = ajv.compile({ ...schema, $id: undefined });
    compiledCache.set(key, v);
  }
  return v;
}

function loadCustom(files: WorkspaceFiles, path: string): { schema: JsonSchema; validate: ValidateFunction } | { problem: string } {
  const clean = path.replace(/^\.?\//, '');
  let text: string | undefined;
  try {
    text = files.read(clean);
  } catch {
    text = undefined;
  }
  if (text === undefined) return { problem: 'file not found' };
  const cacheKey = 'custom:' + text;
  try {
    const schema = (/\.ya?ml$/i.test(clean) ? parseDocument(text, { logLevel: 'error' }).toJS() : JSON.parse(text)) as JsonSchema;
    if (!schema || typeof schema !== 'object') return { problem: 'not a JSON Schema object' };
    return { schema, validate: compiled(cacheKey, schema) };
  } catch (err) {
    return { problem: err instanceof Error ? err.message.split('\n')[0] : String(err) };
  }
}

// ---------------------------------------------------------------------------------------------
// Validation and schema walking

const validations = new WeakMap<Post, { validate: ValidateFunction; errors: ErrorObject[] }>();

/** ajv errors for this post's header under the site's schema (memoised per post and schema). */
export function schemaErrors(post: Post, site: Site): ErrorObject[] {
  const h = headerOf(post);
  if (!h?.data) return [];
  const prev = validations.get(post);
  if (prev && prev.validate === site.validate) return prev.errors;
  site.validate(h.data);
  const errors = [...(site.validate.errors ?? [])];
  validations.set(post, { validate: site.validate, errors });
  return errors;
}

/** The sub-schema that describes the value at `path` (following properties and items). */
export function subSchema(schema: JsonSchema | undefined, path: JsonPath): JsonSchema | undefined {
  let s = schema;
  for (const seg of path) {
    if (!s || typeof s !== 'object') return undefined;
    if (typeof seg === 'number') s = Array.isArray(s.items) ? s.items[seg] : s.items;
    else s = s.properties?.[seg];
  }
  return s;
}

/** Documentation of a key (dotted path for nested keys) in the given language. */
export function keyDoc(site: Site, key: string, lang: 'en' | 'zh-cn'): string | undefined {
  const docs = keyDocs as Record<string, { en: string; 'zh-cn': string } | string>;
  const d = docs[`${site.generator}:${key}`] ?? docs[key];
  if (d && typeof d === 'object') return d[lang] ?? d.en;
  const s = subSchema(site.schema, key.split('.'));
  return typeof s?.description === 'string' ? s.description : undefined;
}

/** Values of a key as a list of strings (a Jekyll-style string is split on spaces, or on commas when it has them). */
export function listValues(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.flatMap((x) => (Array.isArray(x) ? listValues(x) : x === null || typeof x === 'object' ? [] : [String(x)]));
  if (typeof v === 'object') return [];
  const s = String(v).trim();
  if (!s) return [];
  return s.includes(',') ? s.split(',').map((x) => x.trim()).filter(Boolean) : [s];
}

/** Is this a remote or otherwise uncheckable reference (URL, data URI, protocol-relative, Liquid)? */
export function isRemote(p: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(p) || p.startsWith('//') || /\{\{|\{%/.test(p);
}

/** A value as YAML/TOML source text: plain when safe, JSON-quoted otherwise (valid in both YAML and TOML). */
export function scalarSource(s: string, kind: 'yaml' | 'toml'): string {
  if (kind === 'yaml' && /^[\p{L}\p{N}_][\p{L}\p{N}_ .+/()-]*$/u.test(s) && !/\s$/.test(s) && !/^(true|false|null|yes|no|on|off|~|[\d.+-]+)$/i.test(s)) return s;
  return JSON.stringify(s);
}

/** The line break the header uses. */
export function eol(fm: FrontMatter, text: string): string {
  return text.slice(fm.span.start, fm.contentSpan.start).endsWith('\r\n') ? '\r\n' : '\n';
}

/** The value at a JSON path in plain data. */
export function valueAt(data: unknown, path: ReadonlyArray<string | number>): unknown {
  let v = data;
  for (const seg of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[seg] : undefined;
  return v;
}

/**
 * The scalar items of a value with their paths: each string or number of a list, or the value itself
 * when it is one (a comma string is left to front-matter/type).
 */
export function scalarItems(key: string, v: unknown): Array<[Array<string | number>, string]> {
  if (Array.isArray(v)) return v.flatMap((x, i): Array<[Array<string | number>, string]> => (typeof x === 'string' || typeof x === 'number' ? [[[key, i], String(x)]] : []));
  if (typeof v === 'string' && !v.includes(',')) return [[[key], v]];
  if (typeof v === 'number') return [[[key], String(v)]];
  return [];
}
