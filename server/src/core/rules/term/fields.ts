/**
 * The specialist fields of a post (crypto, AI, data, systems, cloud, web: a glossary concept's `domain`), from the
 * hand-written glossary concepts it uses: whether a concept is the only one of its field in the post (the letters
 * or the English word may stand for something else there: `ZK` for 零知识 in a post on etcd, `throttle` of the web's
 * 节流 in a database's docs) and whether the post is written in its field. Shared by term/abbr-undefined and term/variant.
 */
import type { Concept } from './glossary';
import type { analyzeTerms } from './analysis';
import { FIELD_LEAD, FIELD_TERMS, SPECIALIST_FIELDS as SPECIALIST } from './summary';

/**
 * How many hand-written concepts of each specialist field the post uses, and how many of them are
 * others than `concept` (which is one of its own field's when the post uses it). Imported translation
 * entries are everyday words of a field's glossary (`node`, `network` in crypto's): no sign of the field.
 */
const fieldMemo = new WeakMap<ReturnType<typeof analyzeTerms>, Map<string, number>>();

function fieldCounts(terms: ReturnType<typeof analyzeTerms>): Map<string, number> {
  let counts = fieldMemo.get(terms);
  if (!counts) {
    counts = new Map();
    for (const c of terms.byConcept.keys()) if (!c.imported && c.domain && SPECIALIST.has(c.domain)) counts.set(c.domain, (counts.get(c.domain) ?? 0) + 1);
    fieldMemo.set(terms, counts);
  }
  return counts;
}

/** The other hand-written concepts of the concept's specialist field in the post (undefined: not a specialist concept). */
function othersInField(terms: ReturnType<typeof analyzeTerms>, concept: Concept): number | undefined {
  if (!concept.domain || !SPECIALIST.has(concept.domain)) return undefined;
  const self = !concept.imported && terms.byConcept.has(concept) ? 1 : 0;
  return (fieldCounts(terms).get(concept.domain) ?? 0) - self;
}

/** Is the concept the only one of its specialist field (its `domain`) that the post uses, among the hand-written concepts? */
export function aloneInField(terms: ReturnType<typeof analyzeTerms>, concept: Concept): boolean {
  return othersInField(terms, concept) === 0;
}

/**
 * Is the post written in the concept's specialist field (its `domain`): three or more other hand-written concepts
 * of it, and at least FIELD_LEAD times as many as of any other specialist field (a quarter more)?
 */
export function inPostField(terms: ReturnType<typeof analyzeTerms>, concept: Concept): boolean {
  const own = othersInField(terms, concept);
  if (own === undefined || own < FIELD_TERMS) return false;
  for (const [d, n] of fieldCounts(terms)) if (d !== concept.domain && own < FIELD_LEAD * n) return false;
  return true;
}
