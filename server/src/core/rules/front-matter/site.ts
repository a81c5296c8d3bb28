/**
 * Shared by the front-matter rules (this file is not a rule): the header's data with positions
 * (YAML `---` or TOML `+++`), the site's generator and config (read through `ctx.workspace.files`),
 * and the generator's JSON Schema (data under data/front-matter/, compiled once with ajv).
 * Everything is memoised per post / per workspace object, so the rules of one run share it.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, isScalar, parseDocument, type Document } from 'yaml';
import { parse as parseToml, TomlDate, TomlError } from 'smol-toml';
import type { Config, Span, Workspace, WorkspaceFiles } from '../../types';
import type { FrontMatter, Post } from '../../document';
import { yamlNode, yamlRange, type JsonPath } from '../../yamlPath';
import chirpySchema from '../../../../../data/front-matter/chirpy.schema.json';
import jekyllSchema from '../../../../../data/front-matter/jekyll.schema.json';
import hugoSchema from '../../../../../data/front-matter/hugo.schema.json';
import hexoSchema from '../../../../../data/front-matter/hexo.schema.json';
import defaultSchema from '../../../../../data/front-matter/default.schema.json';
import keyDocs from '../../../../../data/front-matter/keys.json';

export type Generator = 'chirpy' | 'jekyll' | 'hugo' | 'hexo' | 'default';
export const GENERATORS: readonly Generator[] = ['chirpy', 'jekyll', 'hugo', 'hexo', 'default'];
export type JsonSchema = Record<string, any>;

const BUILTIN: Record<Generator, JsonSchema> = { chirpy: chirpySchema, jekyll: jekyllSchema, hugo: hugoSchema, hexo: hexoSchema, default: defaultSchema };

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
    h = post.frontMatter ? makeHeader(post, post.frontMatter) : null;
    headers.set(post, h);
  }
  return h ?? undefined;
}

function makeHeader(post: Post, fm: FrontMatter): Header {
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
  generator: Generator;
  /** How the generator was chosen. */
  chosenBy: 'config' | 'site' | 'default';
  /** The site config file that was read, if any, and its data. */
  configFile?: string;
  config: Record<string, unknown>;
  /** Site time zone (`timezone` / Hugo `timeZone`), if set. */
  timezone?: string;
  /** Whether the site publishes future-dated posts; undefined when unknown. */
  future?: boolean;
  /** The schema in force and its validator. */
  schema: JsonSchema;
  validate: ValidateFunction;
  /** Set when `.zhen.yml` names a schema file that cannot be used. */
  schemaProblem?: string;
  /** The workspace path of a custom schema in force. */
  customPath?: string;
}

const NAMES: Record<Generator, string> = { chirpy: 'Jekyll (Chirpy)', jekyll: 'Jekyll', hugo: 'Hugo', hexo: 'Hexo', default: 'default' };

/** How messages name the schema in force. */
export function schemaName(site: Site): string {
  return site.customPath ?? NAMES[site.generator];
}

const sites = new WeakMap<object, Map<string, Site>>();
const NO_WORKSPACE = {};

export function siteOf(workspace: Readonly<Workspace>, config: Readonly<Config>): Site {
  // Recomputed when the host bumps the index version (a file changed), so an edited _config.yml counts;
  // kept per file access (one per workspace root), not per workspace object, which a host may make per analysis.
  const key = `${String(config.frontMatter?.schema ?? '')}\u0000${workspace?.index?.version ?? ''}`;
  const holder = (workspace?.files ?? NO_WORKSPACE) as object;
  let m = sites.get(holder);
  if (!m) {
    m = new Map();
    sites.set(holder, m);
  }
  let s = m.get(key);
  if (!s) {
    s = makeSite(workspace?.files, String(config.frontMatter?.schema ?? ''));
    if (m.size > 8) m.clear();
    m.set(key, s);
  }
  return s;
}

function readData(files: WorkspaceFiles, path: string): Record<string, unknown> | undefined {
  let text: string | undefined;
  try {
    text = files.read(path);
  } catch {
    return undefined;
  }
  if (text === undefined) return undefined;
  // Parsed once per content: a site config of megabytes is read again when the index changes, not parsed again.
  const seen = parsedData.get(path);
  if (seen && seen.text === text) return seen.data;
  const data = parseData(path, text);
  parsedData.set(path, { text, data });
  if (parsedData.size > 16) parsedData.delete(parsedData.keys().next().value as string);
  return data;
}

const parsedData = new Map<string, { text: string; data: Record<string, unknown> }>();

function parseData(path: string, text: string): Record<string, unknown> {
  try {
    const v = path.endsWith('.toml') ? parseToml(text) : path.endsWith('.json') ? JSON.parse(text) : parseDocument(text, { logLevel: 'error' }).toJS({ maxAliasCount: 100 });
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const HUGO_CONFIGS = ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json', 'config.toml', 'config/_default/hugo.toml', 'config/_default/config.toml'];
const HEXO_KEYS = ['new_post_name', 'post_asset_folder', 'source_dir', 'public_dir', 'default_layout', 'relative_link', 'titlecase', 'deploy'];

function makeSite(files: WorkspaceFiles | undefined, wanted: string): Site {
  let generator: Generator = 'default';
  let chosenBy: Site['chosenBy'] = 'default';
  let configFile: string | undefined;
  let config: Record<string, unknown> = {};
  const has = (p: string) => {
    try {
      return !!files?.exists(p);
    } catch {
      return false;
    }
  };
  if (files) {
    const hugo = HUGO_CONFIGS.find(has);
    if (has('_config.yml') || has('_config.yaml')) {
      configFile = has('_config.yml') ? '_config.yml' : '_config.yaml';
      config = readData(files, configFile) ?? {};
      const gem = has('Gemfile') ? files.read('Gemfile') ?? '' : '';
      const theme = String(config.theme ?? '') + ' ' + String(config.remote_theme ?? '');
      if (/chirpy/i.test(theme) || /jekyll-theme-chirpy/.test(gem)) generator = 'chirpy';
      else if (HEXO_KEYS.some((k) => k in config) || has('scaffolds') || has('scaffolds/post.md')) generator = 'hexo';
      else generator = 'jekyll';
      chosenBy = 'site';
    } else if (hugo) {
      configFile = hugo;
      config = readData(files, hugo) ?? {};
      generator = 'hugo';
      chosenBy = 'site';
    }
  }
  const site: Site = { generator, chosenBy, configFile, config, schema: BUILTIN[generator], validate: compiled(generator, BUILTIN[generator]) };
  if (wanted) {
    if ((GENERATORS as readonly string[]).includes(wanted)) {
      site.generator = wanted as Generator;
      site.schema = BUILTIN[site.generator];
      site.validate = compiled(site.generator, site.schema);
      site.chosenBy = 'config';
    } else {
      const custom = files ? loadCustom(files, wanted) : { problem: 'no workspace files' };
      if ('schema' in custom) {
        site.schema = custom.schema;
        site.validate = custom.validate;
        site.chosenBy = 'config';
        site.customPath = wanted;
      } else site.schemaProblem = `${wanted}: ${custom.problem}`;
    }
  }
  const g = site.generator;
  const tz = g === 'hugo' ? config.timeZone ?? config.timezone : config.timezone;
  if (typeof tz === 'string' && tz.trim()) site.timezone = tz.trim();
  if (configFile) {
    if (g === 'hugo') site.future = config.buildFuture === true;
    else if (g === 'hexo') site.future = config.future !== false; // Hexo's default is `future: true`
    else site.future = config.future === true;
  }
  return site;
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

/** Top-level keys of the header whose schema carries the annotation `x-zhen-<name>`. */
export function annotatedKeys(site: Site, name: string): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  const props = site.schema.properties ?? {};
  for (const [k, s] of Object.entries(props)) {
    const v = (s as JsonSchema)?.[`x-zhen-${name}`];
    if (v !== undefined && v !== false) out.push([k, v]);
  }
  return out;
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
