/** Applying fixes to text: fix-all (`zhen check --fix`, `source.fixAll.zhen`) and single edits. */
import type { Finding, Fix, TextEdit } from './types';

/** Apply non-overlapping edits. Edits must not overlap; later ones in `edits` order are dropped if they do. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (e.span.start < pos) continue;
    out += text.slice(pos, e.span.start) + e.newText;
    pos = e.span.end;
  }
  return out + text.slice(pos);
}

/** The fix that fix-all applies for a finding: its preferred fix, if it needs no input. */
export function preferredFix(f: Finding): Fix | undefined {
  return f.fixes?.find((x) => x.isPreferred && !x.input && !x.configEdit && !x.rename);
}

/**
 * The edits of all preferred fixes that do not collide. A fix is taken whole or not at
 * all; an insertion at the same offset as another edit counts as a collision.
 */
export function collectFixAllEdits(findings: readonly Finding[]): TextEdit[] {
  const taken: TextEdit[] = [];
  const fixes = findings.map(preferredFix).filter((x): x is Fix => !!x);
  for (const fix of fixes) {
    const collides = fix.edits.some((e) => taken.some((t) => overlaps(t, e)));
    if (!collides) taken.push(...fix.edits);
  }
  return taken;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.span.start === b.span.start) return true;
  return a.span.start < b.span.end && b.span.start < a.span.end;
}

/**
 * Fix-all to a fixed point: apply preferred fixes, re-analyse, repeat (at most `maxPasses`).
 * Returns the new text and how many fixes were applied.
 */
export function fixAll(text: string, analyze: (text: string) => Finding[], maxPasses = 10): { text: string; applied: number } {
  let applied = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    const edits = collectFixAllEdits(analyze(text));
    if (!edits.length) break;
    text = applyEdits(text, edits);
    applied += edits.length;
  }
  return { text, applied };
}
