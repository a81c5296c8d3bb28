/**
 * The README's rule tables, written from the rules: one table per family between
 * `<!-- rules:begin FAMILY -->` and `<!-- rules:end -->`, each row from the rule file (the header
 * comment's fields, parsed by `ruleDocFields`; the `rule` object's default severity and options).
 * `npm run docs` writes them (scripts/docs.mjs); test/docs.readme.test.ts fails when they are stale.
 */
import ruleDocs from 'zhen:rule-docs';
import { literalMarkdown, ruleDocFields } from '../../server/src/core/ruleDocs';
import { families } from '../../server/src/core/index';

const NUMBERS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

/** A header's text as one Markdown table cell (an example's lines kept apart). */
function cell(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim())
    .join('<br>');
}

/** A Bad or Good line as a cell: literal text (`literalMarkdown`, as the `.zhen.yml` hover shows it). */
function example(text: string): string {
  return cell(literalMarkdown(text));
}

/** One family's generated block: its rule count and table. */
export function ruleTable(familyName: string): string {
  const family = families.find((f) => f.name === familyName);
  if (!family) throw new Error(`no rule family ${familyName}`);
  const n = family.rules.length;
  const rows = family.rules.map((rule) => {
    const f = ruleDocFields(rule.id, ruleDocs[rule.id] ?? '');
    const badGood = f.bad !== undefined && f.good !== undefined ? `${example(f.bad)} → ${example(f.good)}` : '';
    const fix = f.fix !== undefined ? cell(f.fix) : '—';
    return `| \`${rule.id}\` | ${rule.defaultSeverity} | ${cell(f.catches)}${f.options ? ` Options: ${cell(f.options)}` : ''} | ${badGood} | ${fix} |`;
  });
  return [
    `${(NUMBERS[n] ?? String(n)).replace(/^./, (c) => c.toUpperCase())} rule${n === 1 ? '' : 's'} (\`${familyName}/*\`), each row from its rule file's header (\`zhen explain RULE\` prints all of it):`,
    '',
    '| rule | default | catches | bad → good | fix |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** `text` with the part between `<!-- NAME:begin KEY -->` and `<!-- NAME:end -->` replaced by `content(KEY)`. */
export function replaceSections(text: string, name: string, content: (key: string) => string): string {
  const re = new RegExp(`(<!-- ${name}:begin ([\\w-]+) -->\\n)[\\s\\S]*?(<!-- ${name}:end -->)`, 'g');
  return text.replace(re, (_all, begin: string, key: string, end: string) => `${begin}${content(key)}\n${end}`);
}

/** The README with every rule table written from the rules. */
export function withRuleTables(readme: string): string {
  return replaceSections(readme, 'rules', ruleTable);
}

/** The families whose table the README has. */
export function tabledFamilies(readme: string): string[] {
  return [...readme.matchAll(/<!-- rules:begin ([\w-]+) -->/g)].map((m) => m[1]);
}
