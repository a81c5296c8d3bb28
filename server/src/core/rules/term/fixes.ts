/** Fixes shared by the term rules: replace one or all spellings, add to the glossary, accept a variant. */
import type { Fix, GlossaryEntryInput, Span, TextEdit } from '../../types';
import type { Concept } from './glossary';

export function replaceFix(title: string, span: Span, newText: string, isPreferred = false): Fix {
  const f: Fix = { title, edits: [{ span, newText }] };
  if (isPreferred) f.isPreferred = true;
  return f;
}

const allEdits = new WeakMap<readonly Span[], { newText: string; edits: TextEdit[] }>();

/** Replace every hit (and only those) with `newText`. The findings of one group share one edit list (N, not N², edits). */
export function replaceAllFix(title: string, hits: readonly Span[], newText: string): Fix {
  let m = allEdits.get(hits);
  if (!m || m.newText !== newText) allEdits.set(hits, (m = { newText, edits: hits.map((h) => ({ span: { start: h.start, end: h.end }, newText })) }));
  return { title, edits: m.edits };
}

/** A `.zhen.yml` glossary item that merges into `concept` (by id, and by its preferred form). */
export function conceptRef(c: Concept): GlossaryEntryInput {
  const item: GlossaryEntryInput = { id: c.id };
  if (c.zh[0]) item.zh = c.zh[0];
  else if (c.en[0]) item.en = c.en[0];
  else if (c.abbr[0]) item.abbr = c.abbr[0];
  return item;
}

export function acceptVariantFix(title: string, c: Concept, variant: string): Fix {
  return { title, edits: [], configEdit: { key: 'glossary', item: { ...conceptRef(c), variants: [variant] } } };
}

export function addToGlossaryFix(title: string, item: GlossaryEntryInput): Fix {
  return { title, edits: [], configEdit: { key: 'glossary', item: item as Record<string, unknown> } };
}
