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
 * all; two edits collide when their ranges intersect or they start at the same offset.
 * Linear in the total size of the edits (a 1 MB line with 500,000 fixes is routine).
 */
export function collectFixAllEdits(findings: readonly Finding[]): TextEdit[] {
  const fixes = findings.map(preferredFix).filter((x): x is Fix => !!x);
  let size = 0;
  for (const f of fixes) for (const e of f.edits) size = Math.max(size, e.span.end + 1);
  const inside = new Uint8Array(size); // offset i lies in a taken range [start, end)
  const starts = new Uint8Array(size); // a taken edit starts at offset i
  const collides = (e: TextEdit) => {
    const { start, end } = e.span;
    if (starts[start] || inside[start]) return true;
    for (let i = start + 1; i < end; i++) if (inside[i] || starts[i]) return true;
    return false;
  };
  const taken: TextEdit[] = [];
  for (const fix of fixes) {
    if (fix.edits.some(collides)) continue;
    // Edits of one fix must not collide with each other either.
    const own = [...fix.edits].sort((a, b) => a.span.start - b.span.start);
    if (own.some((e, i) => i > 0 && (e.span.start === own[i - 1].span.start || e.span.start < own[i - 1].span.end))) continue;
    for (const e of fix.edits) {
      starts[e.span.start] = 1;
      for (let i = e.span.start; i < e.span.end; i++) inside[i] = 1;
      taken.push(e);
    }
  }
  return taken;
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
