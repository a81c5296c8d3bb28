/**
 * Completion and hover inside `.zhen.yml`, from its JSON Schema (schemas/zhen.schema.json) and the
 * rules themselves: keys at every level, values of enums and booleans, rule ids and families under
 * `rules:` (with their default severity and description; the hover on a rule id shows its header
 * docs, ruleDocs.ts), and a rule's options. The language server answers with it, so every LSP
 * editor gets it, with or without a YAML extension.
 *
 * The text is read line by line (block mappings and sequences, as people write `.zhen.yml`), not
 * parsed whole: the file is usually half written while completing. Pure: no I/O.
 */
import zhenSchema from '../../../schemas/zhen.schema.json';
import type { CompletionItem, Span } from './types';
import { families } from './rules';
import { ruleDocMarkdown } from './ruleDocs';

type Schema = {
  type?: string | string[];
  description?: string;
  markdownDescription?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: unknown[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  $ref?: string;
  default?: unknown;
  examples?: unknown[];
};

const ROOT = zhenSchema as Schema & { definitions?: Record<string, Schema> };
const SEVERITIES = ['off', 'hint', 'info', 'warning', 'error'];

function deref(s: Schema | undefined): Schema | undefined {
  if (s?.$ref?.startsWith('#/definitions/')) return ROOT.definitions?.[s.$ref.slice('#/definitions/'.length)];
  return s;
}

/** The schema's branches (anyOf/oneOf), dereferenced, with the schema itself. */
function branches(s: Schema | undefined): Schema[] {
  const d = deref(s);
  if (!d) return [];
  return [d, ...[...(d.anyOf ?? []), ...(d.oneOf ?? [])].flatMap(branches)];
}

/** One step of a path in `.zhen.yml`: a key, or an item of a sequence. */
type Step = string | number;

const allRules = () => families.flatMap((f) => f.rules);

/** The schema at a path (rule objects under `rules:` get `severity` and the rule's options). */
function schemaAt(path: Step[]): Schema | undefined {
  let s: Schema | undefined = ROOT;
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    if (!s) return undefined;
    if (i === 1 && path[0] === 'rules') {
      s = ruleSchema(String(step));
      continue;
    }
    const bs = branches(s);
    if (typeof step === 'number') s = bs.map((b) => b.items).find(Boolean);
    else s = bs.map((b) => b.properties?.[step]).find(Boolean) ?? bs.map((b) => (typeof b.additionalProperties === 'object' ? b.additionalProperties : undefined)).find(Boolean);
  }
  return s;
}

/** A rule's setting as a schema: a severity, or an object with `severity` and the rule's options. */
function ruleSchema(id: string): Schema {
  const rule = allRules().find((r) => r.id === id);
  const options: Record<string, Schema> = {};
  for (const [k, v] of Object.entries((rule?.defaultOptions ?? {}) as Record<string, unknown>)) {
    options[k] = { type: typeof v === 'boolean' ? 'boolean' : typeof v === 'number' ? 'number' : Array.isArray(v) ? 'array' : typeof v === 'string' ? 'string' : 'object', description: `Option of ${id} (default: ${JSON.stringify(v)}).`, default: v };
  }
  return {
    description: rule ? `${rule.id}: ${rule.description} Default: ${rule.defaultSeverity}.` : undefined,
    anyOf: [{ enum: SEVERITIES }, { type: 'object', properties: { severity: { enum: SEVERITIES, description: 'The severity of the rule: off, hint, info, warning or error.' }, ...options } }],
  };
}

interface Line {
  start: number;
  text: string;
  indent: number;
  /** `- ` markers that open sequence items on this line. */
  dashes: number;
  /** Where the content starts, after the indentation and the `- ` markers. */
  contentCol: number;
  /** The key written on this line (`key:`), if any. */
  key?: string;
  /** The column of the colon after the key. */
  colon: number;
}

function lines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    const t = raw.replace(/\r$/, '');
    const indent = t.length - t.trimStart().length;
    let col = indent;
    let dashes = 0;
    while (t[col] === '-' && (t[col + 1] === ' ' || col + 1 === t.length)) {
      dashes++;
      col++;
      while (t[col] === ' ') col++;
    }
    const m = /^((?:"[^"]*"|'[^']*'|[^\s#:'"-][^:#]*?|-[^\s:#][^:#]*?))\s*:(?=\s|$)/.exec(t.slice(col));
    out.push({ start, text: t, indent, dashes, contentCol: col, key: m ? unquote(m[1]) : undefined, colon: m ? col + m[0].length - 1 : -1 });
    start += raw.length + 1;
  }
  return out;
}

function unquote(s: string): string {
  return /^(["']).*\1$/.test(s) ? s.slice(1, -1) : s.trim();
}

const blank = (l: Line) => !l.text.trim() || l.text.trimStart().startsWith('#');

/** Which item of its sequence the `- ` on line `i` opens (0-based). */
function itemIndex(ls: Line[], i: number): number {
  let k = 0;
  for (let j = i - 1; j >= 0; j--) {
    const m = ls[j];
    if (blank(m)) continue;
    if (m.indent < ls[i].indent) break;
    if (m.indent === ls[i].indent && m.dashes) k++;
  }
  return k;
}

/**
 * The path of the mapping that holds column `col` on line `n`: each line above with a key at a
 * smaller column is a parent; a `- ` item at a smaller column is a sequence index (and its key,
 * when that is at a smaller column too, a parent inside the item).
 */
function parentPath(ls: Line[], n: number, col: number): Step[] {
  const path: Step[] = [];
  let limit = col;
  for (let i = n - 1; i >= 0 && limit > 0; i--) {
    const l = ls[i];
    if (blank(l) || l.indent >= limit) continue;
    if (l.dashes) {
      if (l.key !== undefined && l.contentCol < limit) path.unshift(l.key);
      path.unshift(itemIndex(ls, i));
    } else if (l.key !== undefined) path.unshift(l.key);
    limit = l.indent;
  }
  return path;
}

export interface ConfigAssistContext {
  /** Where the cursor is: a key (or a new key), or the value of `path`. */
  kind: 'key' | 'value';
  path: Step[];
  /** The range completion replaces: the word being typed. */
  span: Span;
  /** Keys already present in the mapping (not offered again). */
  siblings: string[];
}

function lineAt(ls: Line[], offset: number): number {
  const n = ls.findIndex((l, i) => offset >= l.start && (i === ls.length - 1 || offset < ls[i + 1].start));
  return n < 0 ? ls.length - 1 : n;
}

/** The path of the mapping whose key starts at `col` on line `n` (inside the item the line opens, if any). */
function mappingPath(ls: Line[], n: number, col: number): Step[] {
  const l = ls[n];
  if (l.dashes && col >= l.contentCol) return [...parentPath(ls, n, l.indent), itemIndex(ls, n)];
  return parentPath(ls, n, col);
}

/** What is being written at `offset`: a key of the mapping at `path`, or the value at `path`. */
export function configContextAt(text: string, offset: number): ConfigAssistContext {
  const ls = lines(text);
  const n = lineAt(ls, offset);
  const line = ls[n];
  const col = Math.min(offset - line.start, line.text.length);
  let s = col;
  while (s > 0 && /[^\s:,[\]{}#'"]/.test(line.text[s - 1])) s--;
  const span = { start: line.start + s, end: line.start + col };
  if (line.key !== undefined && col > line.colon) return { kind: 'value', path: [...mappingPath(ls, n, line.contentCol), line.key], span, siblings: [] };
  // A key: the one being typed on this line, or a new one at the cursor.
  const keyCol = line.text.trim() ? line.contentCol : col;
  const path = mappingPath(ls, n, keyCol);
  const siblings: string[] = [];
  for (let i = 0; i < ls.length; i++) {
    if (i === n || ls[i].key === undefined || ls[i].contentCol !== keyCol) continue;
    if (JSON.stringify(mappingPath(ls, i, ls[i].contentCol)) === JSON.stringify(path)) siblings.push(ls[i].key!);
  }
  return { kind: 'key', path, span, siblings };
}

const describe = (s: Schema | undefined) => s?.markdownDescription ?? s?.description;

/** What to offer: `schema: false` when another tool already completes and explains the schema's keys and values (only rule ids and a rule's options then). */
export interface ConfigAssistOptions {
  /** False: another extension completes and describes keys from the schema; only rule ids and options here. */
  schema?: boolean;
  /**
   * Each rule's header comment by rule id (the hosts' `zhen:rule-docs` build module): the hover on a
   * rule id shows its fields (`ruleDocMarkdown`). Without it, the rule's one-line description.
   */
  ruleDocs?: Readonly<Record<string, string>>;
}

/** Completion items at `offset` of a `.zhen.yml` text. */
export function configCompletionsAt(text: string, offset: number, options: ConfigAssistOptions = {}): CompletionItem[] {
  const ctx = configContextAt(text, offset);
  const out: CompletionItem[] = [];
  const schema = options.schema !== false;
  const ruleOptions = ctx.path.length === 2 && ctx.path[0] === 'rules';
  if (!schema && !(ctx.kind === 'key' && (ruleOptions || (ctx.path.length === 1 && ctx.path[0] === 'rules')))) return [];
  if (ctx.kind === 'key') {
    if (ctx.path.length === 1 && ctx.path[0] === 'rules') {
      const taken = new Set(ctx.siblings);
      for (const f of families) {
        if (!taken.has(f.name)) out.push({ label: f.name, kind: 'property', detail: `rule family (${f.rules.length} rules)`, documentation: f.rules.map((r) => `- \`${r.id}\`: ${r.description}`).join('\n'), insertText: `${f.name}: `, span: ctx.span });
        for (const r of f.rules) if (!taken.has(r.id)) out.push({ label: r.id, kind: 'property', detail: `default: ${r.defaultSeverity}`, documentation: r.description, insertText: `${r.id}: `, span: ctx.span });
      }
      return out;
    }
    const s = schemaAt(ctx.path);
    const props = new Map<string, Schema>();
    for (const b of branches(s)) for (const [k, v] of Object.entries(b.properties ?? {})) if (!props.has(k)) props.set(k, v);
    for (const [k, v] of props) {
      if (ctx.siblings.includes(k) || (!schema && k === 'severity')) continue;
      const d = deref(v);
      const block = branches(d).some((b) => b.type === 'object' || b.properties) && !branches(d).some((b) => b.enum);
      const list = branches(d).some((b) => b.type === 'array');
      out.push({ label: k, kind: 'property', detail: typeName(d), documentation: describe(d), insertText: block ? `${k}:\n${' '.repeat(indentOf(text, offset) + 2)}` : list ? `${k}: ` : `${k}: `, span: ctx.span });
    }
    return out;
  }
  const s = schemaAt(ctx.path);
  const values = new Set<string>();
  for (const b of branches(s)) {
    for (const e of b.enum ?? []) values.add(String(e));
    if (b.type === 'boolean') ['true', 'false'].forEach((v) => values.add(v));
  }
  for (const v of values) out.push({ label: v, kind: 'value', detail: typeName(s), documentation: describe(s), span: ctx.span });
  return out;
}

function typeName(s: Schema | undefined): string | undefined {
  const types = new Set(branches(s).flatMap((b) => (b.enum ? ['enum'] : b.type ? [b.type].flat() : [])));
  return types.size ? [...types].join(' | ') : undefined;
}

function indentOf(text: string, offset: number): number {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const line = text.slice(start, offset);
  return line.length - line.trimStart().length;
}

/** Hover text (Markdown) for the key at `offset` of a `.zhen.yml` text, and the span it covers. */
export function configHoverAt(text: string, offset: number, options: ConfigAssistOptions = {}): { markdown: string; span: Span } | undefined {
  const ls = lines(text);
  const n = lineAt(ls, offset);
  const line = ls[n];
  const col = offset - line.start;
  if (line.key === undefined || col < line.contentCol || col > line.colon) return undefined;
  const span = { start: line.start + line.contentCol, end: line.start + line.colon };
  const path = [...mappingPath(ls, n, line.contentCol), line.key];
  if (path.length === 2 && path[0] === 'rules') {
    const rule = allRules().find((r) => r.id === line.key);
    const family = families.find((f) => f.name === String(line.key).replace(/\/\*$/, ''));
    if (rule) return { markdown: ruleDocMarkdown(rule, options.ruleDocs?.[rule.id]), span };
    if (family) return { markdown: `**${family.name}**: ${family.rules.length} rules\n\n${family.rules.map((r) => `- \`${r.id}\`: ${r.description}`).join('\n')}`, span };
    if (line.key === '*') return { markdown: '**\\***: every rule.', span };
    return undefined;
  }
  if (options.schema === false) return undefined;
  const schema = schemaAt(path);
  const d = describe(deref(schema));
  const name = path.filter((p) => typeof p === 'string').join('.');
  return d ? { markdown: `**${name}**${typeName(schema) ? ` (${typeName(schema)})` : ''}\n\n${d}`, span } : undefined;
}
