/**
 * A rule's documentation is its header comment (ARCHITECTURE.md, "Adding a rule"). This file reads
 * its fields, for every place that shows them: `zhen explain`, the README's rule tables
 * (scripts/docs/rules.ts) and the `.zhen.yml` hover on a rule id (configAssist.ts). The comments
 * themselves are bundled by the hosts (the `zhen:rule-docs` build module) and handed in: pure, no I/O.
 */
import type { Rule } from './types';

/**
 * The fields of a rule's header comment (ARCHITECTURE.md, "Adding a rule"):
 *   `family/name: what it catches` (the first paragraph),
 *   `Bad:` and `Good:` lines,
 *   `Fix:` / `Fixes:` / `No fix:` (what the quick fixes do; `No fix:` says why there is none),
 *   `Options:` (when the rule has options; each option by name, with its default).
 * Anything else is detail that `zhen explain` prints whole. The default severity and options are
 * the `rule` object's (`defaultSeverity`, `defaultOptions`), in the same file.
 */
export interface RuleDocFields {
  catches: string;
  bad?: string;
  good?: string;
  /** The fix text without its label; undefined with `No fix:` or without the field. */
  fix?: string;
  /** `none` for `No fix:`, `missing` when the header says nothing about fixes. */
  fixKind: 'fix' | 'none' | 'missing';
  /** Why there is no fix (the `No fix:` text). */
  noFix?: string;
  options?: string;
}

const FIELD = /^(Bad|Good|Fix|Fixes|No fix|Options):\s*/;

export function ruleDocFields(id: string, doc: string): RuleDocFields {
  const lines = doc.split('\n');
  const first: string[] = [];
  let i = 0;
  // A list in it (`  - not a date …;`) reads on as one sentence.
  for (; i < lines.length && lines[i].trim(); i++) first.push(lines[i].trim().replace(/^- /, ''));
  const catches = first.join(' ').replace(new RegExp(`^${id.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\s*`), '');
  const fields: Record<string, string> = {};
  let open: string | undefined;
  let indent = 0;
  for (; i < lines.length; i++) {
    const line = lines[i].trim();
    const depth = lines[i].length - lines[i].trimStart().length;
    const m = FIELD.exec(line);
    if (m) {
      open = m[1];
      indent = depth;
      fields[open] = line.slice(m[0].length);
    } else if (!line) open = undefined;
    // A Bad or Good example goes on (a line of its own) only on lines indented deeper than its label.
    else if (open && open !== 'Bad' && open !== 'Good') fields[open] += ' ' + line;
    else if (open && depth > indent) fields[open] += '\n' + line;
    else open = undefined;
  }
  const fix = fields.Fix ?? fields.Fixes;
  return {
    catches,
    ...(fields.Bad !== undefined ? { bad: fields.Bad } : {}),
    ...(fields.Good !== undefined ? { good: fields.Good } : {}),
    ...(fix !== undefined ? { fix } : {}),
    fixKind: fix !== undefined ? 'fix' : fields['No fix'] !== undefined ? 'none' : 'missing',
    ...(fields['No fix'] ? { noFix: fields['No fix'] } : {}),
    ...(fields.Options !== undefined ? { options: fields.Options } : {}),
  };
}

/** A rule's header, as Markdown for a hover: what it catches, Bad → Good, fix, options (with the defaults), default severity. */
export function ruleDocMarkdown(rule: Pick<Rule<unknown>, 'id' | 'description' | 'defaultSeverity' | 'defaultOptions'>, doc: string | undefined): string {
  const f = doc ? ruleDocFields(rule.id, doc) : undefined;
  const out = [`**${rule.id}** (default: ${rule.defaultSeverity})`, '', f?.catches || rule.description];
  if (f?.bad !== undefined && f.good !== undefined) out.push('', `Bad: ${inline(f.bad)}  `, `Good: ${inline(f.good)}`);
  if (f?.fixKind === 'fix') out.push('', `Fix: ${f.fix}`);
  else if (f?.fixKind === 'none') out.push('', `No fix${f.noFix ? `: ${f.noFix}` : '.'}`);
  const defaults = rule.defaultOptions && typeof rule.defaultOptions === 'object' && Object.keys(rule.defaultOptions).length ? ` (defaults: \`${JSON.stringify(rule.defaultOptions)}\`)` : '';
  if (f?.options) out.push('', `Options: ${f.options}${defaults}`);
  out.push('', `\`zhen explain ${rule.id}\` prints its documentation.`);
  return out.join('\n');
}

/** An example line of a header in a Markdown paragraph: literal, its lines kept apart. */
function inline(text: string): string {
  return literalMarkdown(text).split('\n').map((l) => l.trim()).join('  \n');
}

/** Example text shown literally in Markdown: outside its `code` spans, Markdown syntax is escaped (`**重要。**` shows its stars). */
export function literalMarkdown(text: string): string {
  return text.split(/(`+[^`]*`+)/).map((part, i) => (i % 2 ? part : part.replace(/[*_[\]<>\\]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '\\' + c)))).join('');
}
