/**
 * What a rule catches, from its header comment (the rule's documentation, bundled at build time as
 * `zhen:rule-docs`): `zhen explain RULE`, `zhen mcp`'s explain tool and the SARIF rule help read it
 * here, one source.
 */
import ruleDocs from 'zhen:rule-docs';
import { allRules, didYouMean, families, type Language, type Rule } from '../core/index';
import { ruleDocFields } from '../core/ruleDocs';

// The header reader lives in the core (the `.zhen.yml` hover and the README tables read it too); re-exported for the tests.
export { ruleDocFields } from '../core/ruleDocs';

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
