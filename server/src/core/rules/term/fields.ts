/**
 * The specialist fields of a post (crypto, AI, data, systems, cloud, web: a glossary concept's `domain`), from the
 * hand-written glossary concepts it uses: whether a concept is the only one of its field in the post (the letters
 * or the English word may stand for something else there: `ZK` for 零知识 in a post on etcd, `throttle` of the web's
 * 节流 in a database's docs) and whether the post is written in its field. Shared by term/abbr-undefined and term/variant.
 */
import type { Concept } from './glossary';
import type { analyzeTerms } from './analysis';
import type { Post } from '../../document';
import { countWhile } from '../../text';
import { flatSectionAround } from '../../sections';
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
    for (const c of terms.conceptHits.keys()) if (!c.imported && c.domain && SPECIALIST.has(c.domain)) counts.set(c.domain, (counts.get(c.domain) ?? 0) + 1);
    fieldMemo.set(terms, counts);
  }
  return counts;
}

/** The other hand-written concepts of the concept's specialist field in the post (undefined: not a specialist concept). */
function othersInField(terms: ReturnType<typeof analyzeTerms>, concept: Concept): number | undefined {
  if (!concept.domain || !SPECIALIST.has(concept.domain)) return undefined;
  const self = !concept.imported && terms.conceptHits.has(concept) ? 1 : 0;
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

/** A heading that is a date: `2022-05-24`, `2022.05.24`, `2022 年 5 月 24 日`, `5 月 24 日`, `2022 年 5 月`. */
const DATE_HEADING_RE = /^(?:\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?|\d{4}[ \t]*年[ \t]*\d{1,2}[ \t]*月(?:[ \t]*\d{1,2}[ \t]*[日号])?|\d{1,2}[ \t]*月[ \t]*\d{1,2}[ \t]*[日号])(?![\d])/;
/** A log page has at least this many dated headings. */
const LOG_ENTRIES = 3;

const logMemo = new WeakMap<Post, boolean>();

/**
 * Is the post a log page: a diary or yearly log whose headings are dates (`### 2022-05-24`), three or more? Its entries are
 * written days apart, each about what the author did that day, and read one at a time.
 */
export function isLogPage(post: Post): boolean {
  let log = logMemo.get(post);
  if (log === undefined) {
    let n = 0;
    for (const b of post.blocks) {
      if (b.type !== 'heading') continue;
      const text = post.prose.slice(b.span.start, b.span.end).replace(/[\uE000\uFFFC#*_\s]+/g, (m) => (/\s/.test(m) ? ' ' : '')).trim();
      if (DATE_HEADING_RE.test(text) && ++n >= LOG_ENTRIES) break;
    }
    logMemo.set(post, (log = n >= LOG_ENTRIES));
  }
  return log;
}

/**
 * In a log page (isLogPage), is the entry around `at` (heading to heading, any depth) written in the concept's specialist
 * field: three or more other hand-written concepts of it used there, and FIELD_LEAD times as many as of any other field? A
 * yearly log (a day's notes on deep learning, the next on distributed systems) is in no one field as a whole, but the reader
 * of the day's notes that name 机器学习, 监督学习 and 强化学习 knows `GAN` (session 18, seed-71206 sample). (Not the sections of
 * one essay across two fields, AI × crypto: its reader from one field reads the other's part too, the example post's `ZK`, `KYC`.)
 */
export function inSectionField(post: Post, terms: ReturnType<typeof analyzeTerms>, concept: Concept, at: number): boolean {
  if (!concept.domain || !SPECIALIST.has(concept.domain) || !isLogPage(post)) return false;
  const { start, end } = flatSectionAround(post, at);
  const seen = new Set<Concept>();
  const counts = new Map<string, number>();
  // (The hits are in block order and a section starts and ends at a heading block: a binary search finds its first hit.)
  const hits = terms.blockHits;
  for (let i = countWhile(hits.length, (k) => terms.hitStart(k) < start); i < hits.length && terms.hitStart(i) < end; i++) {
    const h = hits[i];
    const c = h.concept;
    if (c === concept || c.imported || !c.domain || !SPECIALIST.has(c.domain) || seen.has(c)) continue;
    seen.add(c);
    counts.set(c.domain, (counts.get(c.domain) ?? 0) + 1);
  }
  const own = counts.get(concept.domain) ?? 0;
  if (own < FIELD_TERMS) return false;
  for (const [d, n] of counts) if (d !== concept.domain && own < FIELD_LEAD * n) return false;
  return true;
}
