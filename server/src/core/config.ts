/**
 * Configuration: defaults, merging of layers (bundled < .zhen.yml < editor settings),
 * per-rule settings, and reading a `.zhen.yml` text into a config with positioned problems.
 */
import Ajv, { type ErrorObject } from 'ajv';
import { isAlias, isScalar, parseDocument, visit, type Document } from 'yaml';
import zhenSchema from '../../../schemas/zhen.schema.json';
import type { Config, Fix, Language, Rule, RuleSetting, Severity, SeveritySetting, Span } from './types';
import { ruleMatches } from './document';
import { didYouMean } from './suggest';
import { onCodePoints } from './text';
import { parseInstancePath, yamlNode, yamlRange, type JsonPath } from './yamlPath';
import { TYPE_NAMES, configMessage, listOf } from './configMessages';
import { unclosedOpener, yamlErrorText } from './yamlErrors';
import { claimPatternProblems } from './rules/claim/detector';
import type { TypographyConfig } from './rules/typo/style';

/** The built-in front-matter schema names, as `.zhen.yml`'s schema lists them (its one source). */
const BUILTIN_SCHEMAS: readonly string[] = (zhenSchema.properties.frontMatter.properties.schema.anyOf.find((x) => 'enum' in x) as { enum: string[] }).enum;

export type ConfigInput = Partial<{ [K in keyof Config]: Config[K] }>;

export function defaultConfig(): Config {
  return {
    rules: {},
    language: 'en',
    frontMatter: {},
    sources: [],
    glossary: [],
    words: [],
    claims: {},
    typography: {},
    hover: { glossaryCard: 'first' },
    markdown: {},
    site: {},
    ignore: [],
  };
}

/** Merge config layers, later ones winning. Lists of sources and glossary entries are concatenated. */
export function resolveConfig(...layers: Array<ConfigInput | undefined>): Config {
  const c = defaultConfig();
  for (const l of layers) {
    if (!l) continue;
    if (l.rules) c.rules = { ...c.rules, ...l.rules };
    if (l.language) c.language = normalizeLanguage(l.language);
    if (l.frontMatter) c.frontMatter = { ...c.frontMatter, ...l.frontMatter };
    if (l.sources) c.sources = [...c.sources, ...l.sources];
    if (l.glossary) c.glossary = [...c.glossary, ...l.glossary];
    if (l.words) c.words = [...c.words, ...l.words];
    if (l.claims) c.claims = { ...c.claims, ...l.claims };
    if (l.typography) c.typography = { ...c.typography, ...typographyInput(l.typography) };
    if (l.hover && typeof l.hover === 'object') c.hover = { ...c.hover, ...l.hover };
    if (l.markdown) c.markdown = { ...c.markdown, ...l.markdown };
    if (l.site) c.site = { ...c.site, ...l.site };
    if (l.ignore) c.ignore = [...c.ignore, ...l.ignore];
    if (l.maxFileSize !== undefined) c.maxFileSize = l.maxFileSize;
  }
  return c;
}

/** `typography: auto` is every choice `auto` (the workspace's majority, see typo/style). */
export const TYPOGRAPHY_KEYS = ['spaceBetweenCjkAndLatin', 'spaceBetweenCjkAndDigits', 'spaceAroundCode', 'latinParentheses', 'cjkParentheses', 'quotes', 'fullwidthPunctuation', 'chineseEllipsis', 'halfwidthPunctuationInEnglish', 'fullwidthPunctuationAfterLatin', 'tightPunctuationAfterLatin'];
function typographyInput(t: unknown): TypographyConfig {
  if (t === 'auto') return Object.fromEntries(TYPOGRAPHY_KEYS.map((k) => [k, 'auto']));
  // A value of the wrong type is ignored where it is read (typo/style `typography`); `.zhen.yml` validation reports it.
  return t && typeof t === 'object' && !Array.isArray(t) ? (t as TypographyConfig) : {};
}

export function normalizeLanguage(l: string | undefined): Language {
  return l && /^zh/i.test(l) ? 'zh-cn' : 'en';
}

const SEVERITIES = new Set(['off', 'hint', 'info', 'warning', 'error']);

/** The most specific setting for a rule: exact id, then `family/*` or `family`, then `*`. */
function findSetting(config: Config, ruleId: string): RuleSetting | undefined {
  if (ruleId in config.rules) return config.rules[ruleId];
  let best: RuleSetting | undefined;
  let bestLen = -1;
  for (const [pattern, setting] of Object.entries(config.rules)) {
    if (pattern !== ruleId && ruleMatches(pattern, ruleId) && pattern.length > bestLen) {
      best = setting;
      bestLen = pattern.length;
    }
  }
  return best;
}

export function ruleSeverity(config: Config, rule: Pick<Rule, 'id' | 'defaultSeverity'>): SeveritySetting {
  const s = findSetting(config, rule.id);
  if (typeof s === 'string' && SEVERITIES.has(s)) return s as SeveritySetting;
  if (s && typeof s === 'object' && typeof s.severity === 'string' && SEVERITIES.has(s.severity)) return s.severity as SeveritySetting;
  return rule.defaultSeverity;
}

export function ruleOptions<O>(config: Config, rule: Rule<O>): O {
  const s = config.rules[rule.id];
  const base = (rule.defaultOptions ?? {}) as O;
  if (s && typeof s === 'object') {
    const { severity: _ignored, ...opts } = s;
    return { ...base, ...opts } as O;
  }
  return base;
}

/** Aliases a YAML document may expand to (the `yaml` package's limit): more is an alias bomb. */
export const MAX_ALIAS_COUNT = 100;

/**
 * A "billion laughs" alias bomb: aliases that would expand past MAX_ALIAS_COUNT. Returns a
 * message and the span (in the document's own offsets) of the first alias, or undefined.
 * Used for `.zhen.yml` and by front-matter/yaml-syntax for the front matter.
 */
export function yamlAliasBomb(doc: Document.Parsed | Document): { message: string; span: Span } | undefined {
  let hasAlias = false;
  visit(doc, { Alias: () => { hasAlias = true; return visit.BREAK; } });
  if (!hasAlias) return undefined;
  try {
    doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return undefined;
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    if (!/alias/i.test(detail)) return undefined;
    let span: Span = { start: 0, end: 1 };
    visit(doc, {
      Alias: (_k, node) => {
        if (isAlias(node) && node.range) span = { start: node.range[0], end: Math.max(node.range[1], node.range[0] + 1) };
        return visit.BREAK;
      },
    });
    return { message: `its aliases expand past ${MAX_ALIAS_COUNT} nodes (an alias bomb, "billion laughs"); not read. ${detail}.`, span };
  }
}

export interface ConfigProblem {
  message: string;
  span: Span;
  severity: Severity;
  /** What kind of problem: `yaml` (the file cannot be read; the last good config applies), `unknown-key`, `unknown-rule`, `value`, `pattern`, `restricted`. */
  code?: string;
  /** Edits that correct it (a misspelt key, rule id or value; a bracket left open), for quick fixes. */
  fixes?: Fix[];
}

export interface LoadedConfig {
  config: ConfigInput;
  problems: ConfigProblem[];
}

/** The rule ids and family names a `rules:` key may name (index.ts passes them: config.ts does not import the rules). */
export interface KnownRules {
  ids: readonly string[];
  families: readonly string[];
}

/** What `loadConfigText` checks against besides the schema, and the language of its messages. */
export interface ConfigLoadOptions {
  language?: Language;
  /** Rule ids and family names a `rules:` key may name (unknown ones are a warning with did-you-mean; the setting is kept, so a configuration written for a newer Zhen still loads). */
  rules?: KnownRules;
}

let validator: ReturnType<Ajv['compile']> | undefined;
function validate(data: unknown): ErrorObject[] {
  if (!validator) validator = new Ajv({ allErrors: true, strict: false, verbose: true, strictNumbers: true }).compile(zhenSchema);
  return validator(data) ? [] : [...(validator.errors ?? [])];
}

const TOP_KEYS = Object.keys((zhenSchema as { properties: Record<string, unknown> }).properties);
const SEVERITY_LIST = ['off', 'hint', 'info', 'warning', 'error'];
/** Severities as other linters spell them, and what Zhen calls them. */
const SEVERITY_ALIASES: Record<string, string> = {
  warn: 'warning', warnings: 'warning', err: 'error', errors: 'error', information: 'info', note: 'info',
  suggestion: 'hint', none: 'off', disable: 'off', disabled: 'off', ignore: 'off', false: 'off', '0': 'off', '1': 'warning', '2': 'error',
};

/**
 * Read `.zhen.yml` text. Never throws: YAML and schema problems come back with their ranges and
 * messages (in `options.language`), and each invalid value is dropped alone: the rest of its block
 * applies (`claim: warn` in `rules:` does not take `term/variant: off` beside it along).
 */
export function loadConfigText(text: string, options: ConfigLoadOptions = {}): LoadedConfig {
  const { config, problems } = readConfigText(text, options);
  return { config, problems: onCodePointsAll(text, problems) };
}

function readConfigText(text: string, o: ConfigLoadOptions): LoadedConfig {
  const lang: Language = o.language === 'zh-cn' ? 'zh-cn' : 'en';
  o = { ...o, language: lang };
  const problems: ConfigProblem[] = [];
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, logLevel: 'error' });
  for (const e of doc.errors) {
    const info = unclosedOpener(text, e.pos[0], e.message);
    let start = Math.min(e.pos[0], text.length);
    let end = Math.max(Math.min(e.pos[1], text.length), start + 1);
    if (info?.span) ({ start, end } = info.span);
    // An error found at the end of the file or on blank space: show it on the last character
    // before, the line the writer has to fix.
    if (!text.slice(start, end).trim()) {
      let k = start;
      while (k > 0 && /\s/.test(text[k - 1])) k--;
      if (k > 0) [start, end] = [k - 1, k];
    }
    const problem: ConfigProblem = { message: configMessage('yaml', lang, { detail: yamlErrorText(e, info, lang) }), span: { start, end }, severity: 'error', code: 'yaml' };
    if (info?.close && info.closeAt !== undefined) {
      problem.fixes = [{ title: configMessage('fixClose', lang, { close: info.close }), edits: [{ span: { start: info.closeAt, end: info.closeAt }, newText: info.close }], isPreferred: true }];
    }
    problems.push(problem);
  }
  const bomb = yamlAliasBomb(doc);
  if (bomb) {
    problems.push({ message: configMessage('yaml', lang, { detail: configMessage('aliasBomb', lang, { max: MAX_ALIAS_COUNT }) }), span: bomb.span, severity: 'error', code: 'yaml' });
    return { config: {}, problems };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const detail = lang === 'en' ? (err instanceof Error ? err.message : String(err)) : '此处无法解析';
    problems.push({ message: configMessage('yaml', lang, { detail }), span: { start: 0, end: Math.min(text.length, 1) }, severity: 'error', code: 'yaml' });
    return { config: {}, problems };
  }
  if (data === null || data === undefined) return { config: {}, problems };
  if (typeof data !== 'object' || Array.isArray(data)) {
    problems.push({ message: configMessage('notMapping', lang), span: { start: 0, end: text.length }, severity: 'error', code: 'value' });
    return { config: {}, problems };
  }
  const obj = data as Record<string, unknown>;
  // A key with nothing under it (`rules:` with every line below commented out) is unset, not wrong.
  for (const [k, v] of Object.entries(obj)) if (v === null && TOP_KEYS.includes(k)) delete obj[k];
  // Invalid values are dropped either way (a host without a last good config, the CLI or the
  // playground, uses what is valid); while the YAML is broken their problems wait (the editor keeps
  // the last good config).
  const valueProblems = [...ruleSettingProblems(doc, obj, o), ...schemaProblems(doc, obj, lang), ...patternProblems(doc, obj, lang)];
  if (!problems.length) {
    problems.push(...valueProblems);
    problems.sort((a, b) => a.span.start - b.span.start);
  }
  const config: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (TOP_KEYS.includes(k)) config[k] = v;
  if (typeof config.language === 'string') config.language = normalizeLanguage(config.language);
  return { config: config as ConfigInput, problems };
}

function rangeAt(doc: Document, path: JsonPath, which: 'key' | 'value' = 'value'): Span {
  const r = yamlRange(doc, path, which) ?? { start: 0, end: 0 };
  return { start: r.start, end: Math.max(r.end, r.start + 1) };
}

/** A quick fix that replaces the key or value at `path` with `to`. */
function replaceFix(doc: Document, path: JsonPath, which: 'key' | 'value', to: string, lang: Language): Fix[] {
  const r = yamlRange(doc, path, which);
  if (!r || r.end <= r.start) return [];
  const node = which === 'key' ? undefined : yamlNode(doc, path);
  // Keep the value's quotes: replace inside them.
  const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
  const span = quoted ? { start: r.start + 1, end: r.end - 1 } : r;
  return [{ title: configMessage('fixReplace', lang, { to }), edits: [{ span, newText: to }], isPreferred: true }];
}

/**
 * `rules:` checked entry by entry: a severity that is none (did-you-mean `warn` → `warning`), a
 * key that names no rule or family (did-you-mean `term/varient` → `term/variant`). An invalid
 * severity is dropped alone (of an object setting only `severity` goes; its options stay).
 */
function ruleSettingProblems(doc: Document, obj: Record<string, unknown>, o: ConfigLoadOptions): ConfigProblem[] {
  const lang = o.language ?? 'en';
  const rules = obj.rules;
  if (!rules || typeof rules !== 'object' || Array.isArray(rules)) return [];
  const out: ConfigProblem[] = [];
  const table = rules as Record<string, unknown>;
  const severityProblem = (path: JsonPath, value: unknown) => {
    const shown = typeof value === 'string' ? value : JSON.stringify(value);
    const suggestion = SEVERITY_ALIASES[String(value).toLowerCase()] ?? (typeof value === 'string' ? didYouMean(value, SEVERITY_LIST) : undefined);
    const data = { path: describePath(path), value: shown ?? String(value), suggestion: suggestion ?? '' };
    const p: ConfigProblem = { message: configMessage(suggestion ? 'severityDidYouMean' : 'severity', lang, data), span: rangeAt(doc, path), severity: 'error', code: 'value' };
    if (suggestion) p.fixes = replaceFix(doc, path, 'value', suggestion, lang);
    out.push(p);
  };
  for (const [key, value] of Object.entries(table)) {
    if (typeof value === 'string' && SEVERITY_LIST.includes(value)) {
      /* fine */
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      const sev = (value as Record<string, unknown>).severity;
      if (sev !== undefined && !(typeof sev === 'string' && SEVERITY_LIST.includes(sev))) {
        severityProblem(['rules', key, 'severity'], sev);
        delete (value as Record<string, unknown>).severity;
      }
    } else {
      severityProblem(['rules', key], value);
      delete table[key];
      continue;
    }
    if (o.rules && !knownRuleKey(key, o.rules)) {
      const candidates = [...o.rules.ids, ...o.rules.families];
      const suggestion = didYouMean(key, candidates) ?? didYouMean(key.replace(/\/\*$/, ''), o.rules.families) ?? o.rules.ids.find((id) => id.endsWith('/' + key));
      const data = { key, suggestion: suggestion ?? '', families: listOf(o.rules.families, lang) };
      const p: ConfigProblem = { message: configMessage(suggestion ? 'unknownRuleDidYouMean' : 'unknownRule', lang, data), span: rangeAt(doc, ['rules', key], 'key'), severity: 'warning', code: 'unknown-rule' };
      if (suggestion) p.fixes = replaceFix(doc, ['rules', key], 'key', suggestion, lang);
      out.push(p);
    }
  }
  return out;
}

function knownRuleKey(key: string, rules: NonNullable<ConfigLoadOptions['rules']>): boolean {
  if (key === '*' || rules.ids.includes(key) || rules.families.includes(key)) return true;
  return key.endsWith('/*') && rules.families.includes(key.slice(0, -2));
}

/**
 * The schema's verdict, value by value: each error gets a message that names what is allowed, and
 * the value it is about is removed from `obj` (an item from its list, a key from its block).
 * Removing a value can leave its parent invalid (a source without its `url`): such parents go in
 * later rounds, without a second message.
 */
function schemaProblems(doc: Document, obj: Record<string, unknown>, lang: Language): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  for (let round = 0; round < 8; round++) {
    const errors = validate(obj);
    if (!errors.length) break;
    const drop = new Map<string, JsonPath>();
    for (const e of errors) {
      // The branches of a `oneOf`/`anyOf`: the combined error speaks for them.
      if (/\/(?:anyOf|oneOf)\/\d+\//.test(e.schemaPath)) continue;
      const path = parseInstancePath(e.instancePath);
      if (e.keyword === 'additionalProperties') path.push(String((e.params as { additionalProperty: string }).additionalProperty));
      const k = JSON.stringify(path);
      if (round === 0 && !drop.has(k)) out.push(schemaProblem(doc, e, path, lang));
      drop.set(k, path);
    }
    if (!drop.size) break;
    // Deepest and last first, so the indexes of what is still to go stay right.
    const paths = dedupePaths([...drop.values()].map(dropPath)).sort(comparePathsDescending);
    for (const p of paths) removeAt(obj, p);
  }
  return out;
}

function schemaProblem(doc: Document, e: ErrorObject, path: JsonPath, lang: Language): ConfigProblem {
  const at = describePath(path);
  const value = yamlValue(doc, path);
  const problem = (message: string, which: 'key' | 'value' = 'value', fixes?: Fix[]): ConfigProblem => {
    const p: ConfigProblem = { message, span: rangeAt(doc, path, which), severity: 'error', code: which === 'key' ? 'unknown-key' : 'value' };
    if (fixes?.length) p.fixes = fixes;
    return p;
  };
  const last = path[path.length - 1];
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(last);
      const parent = e.parentSchema as { properties?: Record<string, unknown> } | undefined;
      const suggestion = didYouMean(key, Object.keys(parent?.properties ?? (path.length === 1 ? Object.fromEntries(TOP_KEYS.map((k) => [k, 1])) : {})));
      return problem(configMessage(suggestion ? 'unknownKeyDidYouMean' : 'unknownKey', lang, { key, suggestion: suggestion ?? '' }), 'key', suggestion ? replaceFix(doc, path, 'key', suggestion, lang) : undefined);
    }
    case 'enum': {
      const allowed = ((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).map(String);
      const suggestion = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
      const data = { path: at, value: String(value), values: listOf(allowed, lang), suggestion: suggestion ?? '' };
      return problem(configMessage(suggestion ? 'enumDidYouMean' : 'enum', lang, data), 'value', suggestion ? replaceFix(doc, path, 'value', suggestion, lang) : undefined);
    }
    case 'type': {
      const t = String((e.params as { type?: unknown }).type ?? '').split(',')[0];
      return problem(configMessage('type', lang, { path: at, type: TYPE_NAMES[t]?.[lang] ?? t }));
    }
    case 'required':
      return problem(configMessage('required', lang, { path: at, prop: String((e.params as { missingProperty?: unknown }).missingProperty) }));
    case 'minLength':
    case 'minItems':
      return problem(configMessage('empty', lang, { path: at }));
    case 'minimum':
      return problem(configMessage('minimum', lang, { path: at, limit: String((e.params as { limit?: unknown }).limit) }));
    case 'pattern':
      if (last === 'url' || last === 'link') return problem(configMessage('url', lang, { path: at }));
      return problem(configMessage('invalid', lang, { path: at }));
    case 'anyOf':
    case 'oneOf':
      if (path[0] === 'glossary' && path.length === 2) return problem(configMessage('glossaryForm', lang, { path: at }));
      if (path[0] === 'frontMatter' && last === 'schema') return problem(configMessage('schema', lang, { value: String(value), names: BUILTIN_SCHEMAS.join(lang === 'zh-cn' ? '、' : ', ') }));
      if (path[0] === 'maxFileSize') return problem(configMessage('size', lang, { value: String(value) }));
      if (path[0] === 'claims') return problem(configMessage('claimPattern', lang, { path: at }));
      if (e.schemaPath.includes('stringOrList') || (path.length === 3 && path[0] === 'glossary')) return problem(configMessage('type', lang, { path: at, type: lang === 'zh-cn' ? '文本或文本列表' : 'a text or a list of texts' }));
      return problem(configMessage('invalid', lang, { path: at }));
    default:
      return problem(configMessage('invalid', lang, { path: at }));
  }
}

/** The plain value at `path` in the YAML document, if any. */
function yamlValue(doc: Document, path: JsonPath): unknown {
  const node = yamlNode(doc, path);
  return isScalar(node) ? node.value : undefined;
}

/** What goes for a problem at `path`: the value itself, except that a claims feature or a glossary entry goes whole (without its weight, or one of its spellings, it means something else). */
function dropPath(path: JsonPath): JsonPath {
  if (path[0] === 'claims' && path[1] === 'features' && typeof path[2] === 'number') return path.slice(0, 3);
  if (path[0] === 'glossary' && typeof path[1] === 'number') return path.slice(0, 2);
  return path;
}

/** Paths without those inside another one of them (removing the outer removes them). */
function dedupePaths(paths: JsonPath[]): JsonPath[] {
  const unique = [...new Map(paths.map((p) => [JSON.stringify(p), p])).values()];
  return unique.filter((p) => !unique.some((q) => q.length < p.length && q.every((x, k) => x === p[k])));
}

function comparePathsDescending(a: JsonPath, b: JsonPath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    if (typeof a[i] === 'number' && typeof b[i] === 'number') return (b[i] as number) - (a[i] as number);
    return String(b[i]).localeCompare(String(a[i]));
  }
  return b.length - a.length;
}

/** Remove the value at `path` (a key of its object, an item of its list). */
function removeAt(obj: Record<string, unknown>, path: JsonPath): void {
  if (!path.length) return;
  let parent: unknown = obj;
  for (const seg of path.slice(0, -1)) {
    if (!parent || typeof parent !== 'object') return;
    parent = (parent as Record<string | number, unknown>)[seg];
  }
  const last = path[path.length - 1];
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[String(last)];
}

/**
 * `claims` patterns (cues, ignore, features' patterns) the linear-time engine refuses
 * (userPattern.ts): reported at the pattern, and that pattern alone is dropped (a cue or ignore
 * item, one of a feature's patterns).
 */
function patternProblems(doc: Document, obj: Record<string, unknown>, lang: Language): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const found = claimPatternProblems(obj.claims);
  for (const p of found) {
    const path = ['claims', ...p.path];
    const problem = firstLine(p.message);
    out.push({ message: configMessage('pattern', lang, { path: describePath(path), problem: lang === 'zh-cn' ? patternProblemZh(problem) : problem }), span: rangeAt(doc, path), severity: 'error', code: 'pattern' });
  }
  // Deepest and last first, so the indexes of what is still to go stay right.
  const drops = found.map((p) => (p.path[0] === 'features' ? ['claims', ...p.path] : ['claims', ...p.path.slice(0, 2)]));
  for (const path of drops.sort(comparePathsDescending)) removeAt(obj, path);
  return out;
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}

/** userPattern.ts's reasons in Chinese. */
function patternProblemZh(problem: string): string {
  if (/^lookahead/.test(problem)) return '不支持前瞻（(?= 或 (?!）：自定义模式在线性时间的正则引擎 RE2 上运行';
  if (/^backreferences/.test(problem)) return '不支持反向引用（\\1、\\k<name>）：自定义模式在线性时间的正则引擎 RE2 上运行';
  const long = /^longer than (\d+)/.exec(problem);
  if (long) return `超过了 ${long[1]} 个字符`;
  return '不是有效的正则表达式（RE2 语法）';
}

/**
 * The problems with their spans inside the text and at least one character long (a problem at
 * the very end, such as the empty key of a file ending in `!!`, is shown on the last character),
 * on code-point boundaries (YAML counts in UTF-16 units).
 */
function onCodePointsAll(text: string, problems: ConfigProblem[]): ConfigProblem[] {
  const n = text.length;
  return problems.map((p) => {
    let start = Math.min(Math.max(0, p.span.start), n);
    let end = Math.min(Math.max(start, p.span.end), n);
    if (start === end && n > 0) {
      if (end < n) end++;
      else start--;
    }
    return { ...p, span: onCodePoints(text, { start, end }) };
  });
}

function describePath(path: Array<string | number>): string {
  return path.length ? path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[') : 'The configuration';
}

