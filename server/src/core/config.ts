/**
 * Configuration: defaults, merging of layers (bundled < .zhen.yml < editor settings),
 * per-rule settings, and reading a `.zhen.yml` text into a config with positioned problems.
 */
import Ajv, { type ErrorObject } from 'ajv';
import { isAlias, parseDocument, visit, type Document } from 'yaml';
import zhenSchema from '../../../schemas/zhen.schema.json';
import type { Config, Language, Rule, RuleSetting, Severity, SeveritySetting, Span } from './types';
import { ruleMatches } from './document';
import { didYouMean } from './suggest';
import { onCodePoints } from './text';
import { parseInstancePath, yamlRange } from './yamlPath';
import { claimPatternProblems } from './rules/claim/detector';

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
const TYPOGRAPHY_KEYS = ['spaceBetweenCjkAndLatin', 'spaceBetweenCjkAndDigits', 'spaceAroundCode', 'latinParentheses', 'cjkParentheses', 'quotes', 'fullwidthPunctuation', 'halfwidthPunctuationInEnglish'];
function typographyInput(t: unknown): Record<string, unknown> {
  if (t === 'auto') return Object.fromEntries(TYPOGRAPHY_KEYS.map((k) => [k, 'auto']));
  return t && typeof t === 'object' && !Array.isArray(t) ? (t as Record<string, unknown>) : {};
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
}

export interface LoadedConfig {
  config: ConfigInput;
  problems: ConfigProblem[];
}

let validator: ReturnType<Ajv['compile']> | undefined;
function validate(data: unknown): ErrorObject[] {
  if (!validator) validator = new Ajv({ allErrors: true, strict: false }).compile(zhenSchema);
  return validator(data) ? [] : [...(validator.errors ?? [])];
}

const TOP_KEYS = Object.keys((zhenSchema as { properties: Record<string, unknown> }).properties);

/**
 * Read `.zhen.yml` text. Never throws: YAML and schema problems come back with their
 * ranges, and the parts that are valid are still used (an invalid key is dropped).
 */
export function loadConfigText(text: string, known?: KnownRules): LoadedConfig {
  const { config, problems } = readConfigText(text, known);
  return { config, problems: onCodePointsAll(text, problems) };
}

/** The rule ids and family names a `rules:` key may name (index.ts passes them: config.ts does not import the rules). */
export interface KnownRules {
  ids: readonly string[];
  families: readonly string[];
}

/**
 * `rules:` keys that name no rule: a warning with the likeliest rule meant (the setting is kept,
 * so a configuration written for a newer Zhen still loads).
 */
function unknownRuleProblems(doc: ReturnType<typeof parseDocument>, rules: unknown, known: KnownRules): ConfigProblem[] {
  if (!rules || typeof rules !== 'object' || Array.isArray(rules)) return [];
  const ids = new Set(known.ids);
  const families = new Set(known.families);
  const out: ConfigProblem[] = [];
  for (const key of Object.keys(rules)) {
    if (key === '*' || ids.has(key) || families.has(key) || (key.endsWith('/*') && families.has(key.slice(0, -2)))) continue;
    const guess = didYouMean(key, [...known.ids, ...known.families]) ?? known.ids.find((id) => id.endsWith('/' + key));
    const r = yamlRange(doc, ['rules', key], 'key') ?? { start: 0, end: 0 };
    out.push({ message: `Unknown rule "${key}"${guess ? `: did you mean "${guess}"?` : ` (zhen rules lists them).`}`, span: { start: r.start, end: Math.max(r.end, r.start + 1) }, severity: 'warning' });
  }
  return out;
}

function readConfigText(text: string, known?: KnownRules): LoadedConfig {
  const problems: ConfigProblem[] = [];
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, logLevel: 'error' });
  for (const e of doc.errors) {
    let start = Math.min(e.pos[0], text.length);
    let end = Math.max(Math.min(e.pos[1], text.length), start + 1);
    // An error found at the end of the file or on blank space (an unclosed `[`): show it on the
    // last character before, the line the writer has to fix.
    if (!text.slice(start, end).trim()) {
      let k = start;
      while (k > 0 && /\s/.test(text[k - 1])) k--;
      if (k > 0) [start, end] = [k - 1, k];
    }
    problems.push({ message: `YAML: ${firstLine(e.message)}`, span: { start, end }, severity: 'error' });
  }
  const bomb = yamlAliasBomb(doc);
  if (bomb) {
    problems.push({ message: `YAML: ${bomb.message}`, span: bomb.span, severity: 'error' });
    return { config: {}, problems };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    problems.push({ message: `YAML: ${err instanceof Error ? err.message : String(err)}`, span: { start: 0, end: Math.min(text.length, 1) }, severity: 'error' });
    return { config: {}, problems };
  }
  if (data === null || data === undefined) return { config: {}, problems };
  if (typeof data !== 'object' || Array.isArray(data)) {
    problems.push({ message: 'The configuration must be a mapping of keys (language, rules, sources, glossary, …).', span: { start: 0, end: text.length }, severity: 'error' });
    return { config: {}, problems };
  }
  const obj = { ...(data as Record<string, unknown>) };
  const bad = new Set<string>();
  // Under `claims`, only the faulty part is dropped (a weight, a threshold, a feature, a pattern): the rest applies.
  const claimsBad: Array<Array<string | number>> = [];
  for (const e of validate(obj)) {
    // The branches of an `anyOf` or `oneOf` that failed: the `anyOf`/`oneOf` error itself says it once.
    if (e.schemaPath.includes('/anyOf/') || e.schemaPath.includes('/oneOf/')) continue;
    const path = parseInstancePath(e.instancePath);
    let message: string;
    let which: 'key' | 'value' = 'value';
    if (e.keyword === 'additionalProperties') {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      path.push(key);
      which = 'key';
      const candidates = path.length === 1 ? TOP_KEYS : [];
      const s = didYouMean(key, candidates);
      message = `Unknown key "${key}"${s ? `: did you mean "${s}"?` : '.'}`;
    } else if (e.keyword === 'oneOf' || e.keyword === 'anyOf') {
      message = path[0] === 'glossary' && e.keyword === 'anyOf'
        ? 'A glossary entry needs at least one form: zh, en or abbr.'
        : e.schemaPath.includes('stringOrList')
          ? `${describePath(path)}: must be a string or a list of strings.`
          : path[0] === 'rules' && path.length === 2
            ? `${describePath(path)}: must be off, hint, info, warning or error, or a mapping with severity and options.`
            : `${describePath(path)}: not one of the allowed forms.`;
    } else if (e.keyword === 'pattern' && (path[path.length - 1] === 'url' || path[path.length - 1] === 'link')) {
      message = `${describePath(path)}: not a URL (http:// or https://).`;
    } else {
      message = `${describePath(path)}: ${e.message ?? 'invalid'}.`;
    }
    const r = yamlRange(doc, path, which) ?? { start: 0, end: 0 };
    problems.push({ message, span: { start: r.start, end: Math.max(r.end, r.start + 1) }, severity: 'error' });
    if (path[0] === 'claims' && path.length >= 2) claimsBad.push(claimsDropPath(path));
    else if (typeof path[0] === 'string') bad.add(path.length >= 2 && typeof path[1] === 'number' ? `${path[0]}/${path[1]}` : String(path[0]));
  }
  // Patterns the linear-time engine refuses (userPattern.ts): reported at the pattern and skipped.
  for (const p of claimPatternProblems(obj.claims)) {
    const path = ['claims', ...p.path];
    const r = yamlRange(doc, path, 'value') ?? { start: 0, end: 0 };
    problems.push({ message: `${describePath(path)}: ${firstLine(p.message)}; this pattern is skipped.`, span: { start: r.start, end: Math.max(r.end, r.start + 1) }, severity: 'error' });
    claimsBad.push(path);
  }
  if (claimsBad.length && obj.claims && typeof obj.claims === 'object' && !bad.has('claims')) obj.claims = pruned(obj.claims, claimsBad.map((p) => p.slice(1)));
  // Drop what is invalid, keep the rest.
  const config: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (!TOP_KEYS.includes(k) || bad.has(k)) continue;
    if (Array.isArray(v)) {
      config[k] = v.filter((_, i) => !bad.has(`${k}/${i}`));
    } else config[k] = v;
  }
  if (typeof config.language === 'string') config.language = normalizeLanguage(config.language);
  if (known && !bad.has('rules')) problems.push(...unknownRuleProblems(doc, config.rules, known));
  return { config: config as ConfigInput, problems };
}

/** What to drop for a schema problem under `claims`: the list item, the map entry or the key it is in. */
function claimsDropPath(path: Array<string | number>): Array<string | number> {
  const key = path[1];
  if ((key === 'cues' || key === 'ignore' || key === 'features') && typeof path[2] === 'number') return path.slice(0, 3);
  if (key === 'weights' && path.length >= 3) return path.slice(0, 3);
  if (key === 'captionLabels' && path.length >= 3) return path.slice(0, typeof path[3] === 'number' ? 4 : 3);
  return path.slice(0, 2);
}

/** A copy of a JSON value without the values at the given paths (array items by index). */
function pruned(value: unknown, paths: Array<Array<string | number>>): unknown {
  if (paths.some((p) => p.length === 0)) return undefined;
  if (Array.isArray(value)) {
    return value
      .map((v, i) => (paths.some((p) => p.length === 1 && p[0] === i) ? DROP : pruned(v, paths.filter((p) => p[0] === i).map((p) => p.slice(1)))))
      .filter((v) => v !== DROP);
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (paths.some((p) => p.length === 1 && p[0] === k)) continue;
      out[k] = pruned(v, paths.filter((p) => p[0] === k).map((p) => p.slice(1)));
    }
    return out;
  }
  return value;
}
const DROP = Symbol('drop');

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

function firstLine(s: string): string {
  return s.split('\n')[0];
}
