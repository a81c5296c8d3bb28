/**
 * Importers: existing terminology lists → Zhen glossary entries (`.zhen.yml` `glossary:` items).
 * Pure functions over file text; the host reads the files and writes the result.
 *
 *   importVale(acceptText, rejectText)  Vale `accept.txt` / `reject.txt` (one term or regex per line,
 *                                       `#` comments): accepted terms become entries that fix their
 *                                       spelling and casing; rejected terms become `avoid` entries.
 *   importTextlintTerminology(json)     textlint-rule-terminology `terms` JSON: an array of
 *                                       strings (the correct spelling) or `[pattern, replacement]` pairs.
 *   importPrh(yaml)                     prh YAML: `rules: [{expected, pattern | patterns, specs}]`.
 *
 * Regular-expression patterns cannot become glossary forms; they are skipped with a note in
 * `skipped` (a literal pattern such as `Javascript` or `(?i)github` is kept). Entries that share
 * a preferred form are merged.
 */
import { parse as parseYaml } from 'yaml';
import type { GlossaryEntryInput } from '../../types';
import { isLatinForm } from './glossary';

export interface ImportResult {
  entries: GlossaryEntryInput[];
  /** Lines or items that could not be converted, with the reason. */
  skipped: Array<{ item: string; reason: string }>;
}

/** A pattern usable as a literal form: plain text, or `(?i)` plus plain text. Returns undefined for real regexes. */
export function literalOf(pattern: string): string | undefined {
  let p = pattern.trim().replace(/^\(\?i\)/, '');
  // \b word boundaries around a literal are what Zhen's matcher does anyway.
  p = p.replace(/^\\b|\\b$/g, '');
  // Unescape escaped punctuation (`Node\.js`).
  const unescaped = p.replace(/\\([.\-+/ ])/g, '$1');
  if (!unescaped || /[\\[\](){}|*+?^$]/.test(unescaped.replace(/\+\+$/, ''))) return undefined;
  return unescaped;
}

function entryFor(preferred: string, avoid: string[]): GlossaryEntryInput {
  const e: GlossaryEntryInput = isLatinForm(preferred) ? { en: preferred } : { zh: preferred };
  const av = [...new Set(avoid.filter((a) => a && a !== preferred))];
  if (av.length) e.avoid = av;
  return e;
}

/** Merge entries with the same preferred form (their `avoid` lists joined). */
function mergeSame(entries: GlossaryEntryInput[]): GlossaryEntryInput[] {
  const byKey = new Map<string, GlossaryEntryInput>();
  const out: GlossaryEntryInput[] = [];
  for (const e of entries) {
    const k = String(e.zh ?? e.en ?? e.abbr ?? e.avoid?.join('|'));
    const prev = byKey.get(k);
    if (prev) {
      const av = [...new Set([...(prev.avoid ?? []), ...(e.avoid ?? [])])];
      if (av.length) prev.avoid = av;
      continue;
    }
    byKey.set(k, e);
    out.push(e);
  }
  return out;
}

function lines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

/**
 * Vale vocabularies. An accepted term (`GitHub`) becomes `{en: GitHub}`: Zhen then flags other
 * casings (`Github`). A rejected term has no replacement in Vale, so it becomes `{avoid: [term]}`
 * (reported without a fix); if the rejected term differs from an accepted one only in case, it is
 * attached to that entry instead.
 */
export function importVale(acceptText = '', rejectText = ''): ImportResult {
  const skipped: ImportResult['skipped'] = [];
  const entries: GlossaryEntryInput[] = [];
  const accepted = new Map<string, GlossaryEntryInput>();
  for (const l of lines(acceptText)) {
    const lit = literalOf(l);
    if (!lit) {
      skipped.push({ item: l, reason: 'regular expression' });
      continue;
    }
    const e = entryFor(lit, []);
    accepted.set(lit.toLowerCase(), e);
    entries.push(e);
  }
  for (const l of lines(rejectText)) {
    const lit = literalOf(l);
    if (!lit) {
      skipped.push({ item: l, reason: 'regular expression' });
      continue;
    }
    const same = accepted.get(lit.toLowerCase());
    if (same) {
      if (same.en !== lit && same.zh !== lit) same.avoid = [...new Set([...(same.avoid ?? []), lit])];
      continue;
    }
    entries.push({ avoid: [lit] });
  }
  return { entries: mergeSame(entries), skipped };
}

/**
 * textlint-rule-terminology: `["JavaScript", ["Javascript", "JavaScript"], ["(?:N|n)ode\\.?js", "Node.js"]]`.
 * A string is a correct spelling; a pair maps a pattern to its replacement.
 */
export function importTextlintTerminology(jsonText: string): ImportResult {
  const skipped: ImportResult['skipped'] = [];
  let data: unknown;
  try {
    data = JSON.parse(jsonText);
  } catch (err) {
    return { entries: [], skipped: [{ item: jsonText.slice(0, 60), reason: `not JSON: ${err instanceof Error ? err.message : String(err)}` }] };
  }
  if (data && typeof data === 'object' && !Array.isArray(data) && Array.isArray((data as { terms?: unknown }).terms)) data = (data as { terms: unknown[] }).terms;
  if (!Array.isArray(data)) return { entries: [], skipped: [{ item: String(jsonText).slice(0, 60), reason: 'expected an array of terms' }] };
  const entries: GlossaryEntryInput[] = [];
  for (const item of data) {
    if (typeof item === 'string') {
      const lit = literalOf(item);
      if (lit) entries.push(entryFor(lit, []));
      else skipped.push({ item, reason: 'regular expression' });
    } else if (Array.isArray(item) && item.length === 2 && typeof item[0] === 'string' && typeof item[1] === 'string') {
      const lit = literalOf(item[0]);
      if (!lit) {
        skipped.push({ item: JSON.stringify(item), reason: 'regular expression' });
        continue;
      }
      // A pattern differing from its replacement only in case is a casing rule: Zhen checks casing by itself.
      entries.push(entryFor(item[1], lit.toLowerCase() === item[1].toLowerCase() ? [] : [lit]));
    } else {
      skipped.push({ item: JSON.stringify(item), reason: 'neither a string nor a [pattern, replacement] pair' });
    }
  }
  return { entries: mergeSame(entries), skipped };
}

/** prh: `rules: [{ expected: "JavaScript", pattern: "javascript" }, { expected: "サーバー", patterns: ["サーバ"] }]`. */
export function importPrh(yamlText: string): ImportResult {
  const skipped: ImportResult['skipped'] = [];
  let data: unknown;
  try {
    data = parseYaml(yamlText);
  } catch (err) {
    return { entries: [], skipped: [{ item: yamlText.slice(0, 60), reason: `not YAML: ${err instanceof Error ? err.message : String(err)}` }] };
  }
  const rules = (data as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules)) return { entries: [], skipped: [{ item: 'rules', reason: 'no `rules:` list' }] };
  const entries: GlossaryEntryInput[] = [];
  for (const r of rules) {
    if (!r || typeof r !== 'object' || typeof (r as { expected?: unknown }).expected !== 'string') {
      skipped.push({ item: JSON.stringify(r), reason: 'no `expected`' });
      continue;
    }
    const rule = r as { expected: string; pattern?: unknown; patterns?: unknown };
    const raw = [rule.pattern, ...(Array.isArray(rule.patterns) ? rule.patterns : [rule.patterns])].filter((x): x is string => typeof x === 'string');
    const avoid: string[] = [];
    for (const p of raw) {
      // prh writes regexes as /…/flags.
      const lit = /^\/.*\/[a-z]*$/.test(p) ? literalOf(p.replace(/^\/|\/[a-z]*$/g, '')) : p;
      if (!lit) skipped.push({ item: p, reason: 'regular expression' });
      else if (lit.toLowerCase() !== rule.expected.toLowerCase()) avoid.push(lit);
    }
    entries.push(entryFor(rule.expected, avoid));
  }
  return { entries: mergeSame(entries), skipped };
}
