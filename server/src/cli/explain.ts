/**
 * What a rule catches, from its header comment (the rule's documentation, bundled at build time as
 * `zhen:rule-docs`): `zhen explain RULE`, `zhen mcp`'s explain tool and the SARIF rule help read it
 * here, one source.
 */
import ruleDocs from 'zhen:rule-docs';
import { allRules, didYouMean, families, type Language, type Rule } from '../core/index';

export interface RuleExplanation {
  id: string;
  family: string;
  description: string;
  defaultSeverity: string;
  defaultOptions?: unknown;
  /** The rule's header comment: what it catches, a Bad and a Good line, options. */
  documentation: string;
  bad?: string;
  good?: string;
  messages: Rule['messages'];
  configure: string;
}

export type Explained =
  | { kind: 'rule'; rule: RuleExplanation }
  | { kind: 'family'; family: string; rules: Array<{ id: string; defaultSeverity: string; description: string }> }
  | { kind: 'unknown'; id: string; guess?: string };

/** A rule's header comment, or undefined. */
export function ruleDoc(id: string): string | undefined {
  return ruleDocs[id];
}

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
    ...(fields.Options !== undefined ? { options: fields.Options } : {}),
  };
}

/** A rule id (or a family: `typo`, `typo/*`); unknown ids get the likeliest rule they meant. */
export function explainRule(input: string): Explained {
  const id = input.trim();
  const rule = allRules.find((r) => r.id === id);
  if (!rule) {
    const family = families.find((f) => f.name === id.replace(/\/\*?$/, ''));
    if (family) return { kind: 'family', family: family.name, rules: family.rules.map((r) => ({ id: r.id, defaultSeverity: String(r.defaultSeverity), description: r.description })) };
    const guess = didYouMean(id, allRules.map((r) => r.id)) ?? allRules.find((r) => r.id.endsWith('/' + id))?.id;
    return { kind: 'unknown', id, guess };
  }
  const doc = ruleDocs[rule.id] ?? '';
  const { bad, good } = ruleDocFields(rule.id, doc);
  return {
    kind: 'rule',
    rule: {
      id: rule.id,
      family: rule.id.split('/')[0],
      description: rule.description,
      defaultSeverity: String(rule.defaultSeverity),
      ...(rule.defaultOptions ? { defaultOptions: rule.defaultOptions } : {}),
      documentation: doc,
      ...(bad ? { bad } : {}),
      ...(good ? { good } : {}),
      messages: rule.messages,
      configure: `.zhen.yml: rules: { ${rule.id}: off | hint | info | warning | error }; in a post: <!-- zhen-disable-next-line ${rule.id} -->`,
    },
  };
}

/** `zhen explain` as text for a terminal. */
export function explainText(e: Explained, lang: Language): string {
  const zh = lang === 'zh-cn';
  if (e.kind === 'unknown') return '';
  if (e.kind === 'family') {
    const w = Math.max(...e.rules.map((r) => r.id.length));
    return `${zh ? `规则族 ${e.family}：` : `Family ${e.family}:`}\n${e.rules.map((r) => `  ${r.id.padEnd(w)}  ${r.defaultSeverity.padEnd(7)}  ${r.description}`).join('\n')}\n`;
  }
  const r = e.rule;
  const lines = [
    `${r.id} — ${r.description}`,
    `${zh ? '默认级别' : 'Default severity'}: ${r.defaultSeverity}`,
    ...(r.defaultOptions ? [`${zh ? '默认选项' : 'Default options'}: ${JSON.stringify(r.defaultOptions)}`] : []),
    '',
    r.documentation || r.description,
    '',
    zh ? '配置：' : 'Configure:',
    `  .zhen.yml:  rules: { ${r.id}: off | hint | info | warning | error }`,
    `  ${zh ? '文中' : 'in a post'}:  <!-- zhen-disable-next-line ${r.id} -->`,
  ];
  return lines.join('\n') + '\n';
}
