/**
 * One problem, one finding above hint (issue #19, item 2). A rule that opts in (`Rule.repeats`)
 * may report one problem at several places of a post: `其它` beside `其他` at three lines, the same
 * unlinked caption source “Dune” under six images. Those findings are one problem: the first
 * (in the post's order) keeps its severity, the others become hints that point to it (their
 * message says "as on line N", `data.firstAt` holds its line and column, 1-based). Every place
 * is still a finding with its fixes, so fix-all and the CLI's JSON still carry every place.
 *
 * The key of a problem is the rule and the finding's message (`repeats: 'message'`): a rule that
 * opts in writes one message per problem (the drift pair and its counts, the source's name).
 * Findings a rule already graded as hints stay as they are and are not "the first".
 *
 * Run by the engine on a rule's findings once the rule has run (its block parts replayed from the
 * cache or not), so the incremental path gives what a fresh analysis gives.
 */
import type { Finding, Language, Rule } from './types';
import { positionAt } from './text';

const AS_ON: Record<Language, (line: number) => string> = {
  en: (line) => ` (The same as on line ${line}.)`,
  'zh-cn': (line) => `（与第 ${line} 行相同。）`,
};

/**
 * Turn the repeats among `findings[from..]` (one rule's findings, in any order) into hints that
 * point to the first of their problem. Changes the findings in place.
 */
export function markRepeats(rule: Pick<Rule<unknown>, 'id' | 'repeats'>, findings: Finding[], from: number, lineStarts: readonly number[], language: Language): void {
  if (!rule.repeats) return;
  const own: number[] = [];
  for (let i = from; i < findings.length; i++) if (findings[i].ruleId === rule.id && findings[i].severity !== 'hint') own.push(i);
  if (own.length < 2) return;
  own.sort((a, b) => findings[a].span.start - findings[b].span.start || findings[a].span.end - findings[b].span.end || a - b);
  const first = new Map<string, Finding>();
  const asOn = AS_ON[language] ?? AS_ON.en;
  for (const i of own) {
    const f = findings[i];
    const head = first.get(f.message);
    if (!head) {
      first.set(f.message, f);
      continue;
    }
    const at = positionAt(lineStarts, head.span.start);
    const line = at.line + 1;
    findings[i] = {
      ...f,
      severity: 'hint',
      message: f.message + asOn(line),
      data: { ...f.data, firstAt: { line, column: at.character + 1 } },
    };
  }
}
