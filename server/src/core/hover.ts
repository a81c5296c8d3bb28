/**
 * The hover assembly (core `hoverAt`): the findings' explanations at a position, then the
 * families' providers (glossary cards, front-matter key docs), joined by rules, with repetition
 * taken out (issue #19: hovers that earn their place):
 *   - a finding's title does not name its rule id: the editor shows it with the diagnostic
 *     (`zhen(claim/unlinked)`), so it would be said twice;
 *   - a line said by an earlier part (two findings of one rule at the same place) is said once;
 *   - bullets that quote overlapping text of the post with the same words around the quote
 *     (`Raised by the statistic “吸引了一亿”`, `… “一亿用户”`; `“据 Demandsage 报告显示”`, `“报告显示”`)
 *     are one bullet quoting the union (`“吸引了一亿用户”`).
 */
import type { Span } from './types';

export interface HoverPart {
  markdown: string;
  /** The finding's rule (its title may name it) and span (where its quotes are looked for). */
  ruleId?: string;
  span?: Span;
}

const QUOTE_RE = /^(\s*[-*] .*?)“([^”\n]+)”(.*)$/;

/** The parts joined into one hover, each said once. */
export function assembleHover(text: string, parts: readonly HoverPart[]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of parts) {
    let lines = part.markdown.split('\n');
    if (part.ruleId) lines = withoutRuleId(lines, part.ruleId);
    if (part.span) lines = mergeQuotes(text, part.span, lines);
    const kept = lines.filter((l) => {
      const key = l.trim();
      if (!key || key === '---') return true;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const md = kept.join('\n').replace(/\n{3,}/g, '\n\n').trim();
    if (md) out.push(md);
  }
  return out.join('\n\n---\n\n');
}

/** The first line without ` (`rule`)` / `（`rule`）`. */
function withoutRuleId(lines: string[], ruleId: string): string[] {
  if (!lines.length) return lines;
  const id = ruleId.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const first = lines[0].replace(new RegExp(`\\s*[(（]\`${id}\`[)）]`), '');
  return [first, ...lines.slice(1)];
}

/**
 * Bullets `- prefix “quote” suffix` whose quotes lie in the finding's span and overlap there, with
 * the same prefix and suffix: one bullet quoting the union of the two.
 */
function mergeQuotes(text: string, span: Span, lines: string[]): string[] {
  const bullets: Array<{ pre: string; post: string; start: number; end: number } | undefined> = lines.map((l) => {
    const m = QUOTE_RE.exec(l);
    if (!m) return undefined;
    const i = text.indexOf(m[2], span.start);
    return i < 0 || i + m[2].length > span.end ? undefined : { pre: m[1], post: m[3], start: i, end: i + m[2].length };
  });
  const drop = new Set<number>();
  for (let a = 0; a < bullets.length; a++) {
    const x = bullets[a];
    if (!x || drop.has(a)) continue;
    for (let b = a + 1; b < bullets.length; b++) {
      const y = bullets[b];
      if (!y || drop.has(b) || y.pre !== x.pre || y.post !== x.post) continue;
      if (y.start >= x.end || x.start >= y.end) continue;
      x.start = Math.min(x.start, y.start);
      x.end = Math.max(x.end, y.end);
      drop.add(b);
    }
  }
  return lines.flatMap((l, i) => {
    if (drop.has(i)) return [];
    const x = bullets[i];
    return x ? [`${x.pre}“${text.slice(x.start, x.end)}”${x.post}`] : [l];
  });
}
