/**
 * How well readers know an abbreviation: `data/glossary/abbreviations.json`, built by
 * `scripts/term-data.ts` from the well-known list, the glossary, public lists (cspell's computing
 * and networking acronyms, Hunspell en_US) and the corpus (in how many of 12 sites it is written).
 * Grade 5: every reader knows it (API, CPU); 4: readers of technical blogs do (JVM, DOM, RPC);
 * 3: a public technical list or three sites; 2: general English or two sites; 1: one site; 0: unseen.
 * `undefinedSites`: on how many of the sites a post writes it and never defines it (its authors take
 * it as known to their readers).
 */
import data from '../../../../../data/glossary/abbreviations.json';

export interface AbbrInfo {
  grade: number;
  sites: number;
  posts: number;
  undefinedSites: number;
  /** Where it was found (`sources` of abbreviations.json: `c`, `m`, `s`, `d`, `k` are public technical lists). */
  sources: string;
}

let grades: Map<string, AbbrInfo> | undefined;
/** By lower case, the best-graded row: `POS` written in capitals is the list's `PoS` (session 15: it was read as unseen). */
let byLower: Map<string, AbbrInfo> | undefined;

export function abbrInfo(abbr: string): AbbrInfo {
  if (!grades || !byLower) {
    grades = new Map();
    byLower = new Map();
    for (const row of (data as { abbreviations: Array<Array<string | number>> }).abbreviations) {
      const info = { grade: Number(row[1]), sites: Number(row[3]), posts: Number(row[4]), undefinedSites: Number(row[5] ?? 0), sources: String(row[2] ?? '') };
      grades.set(String(row[0]), info);
      const k = String(row[0]).toLowerCase();
      const had = byLower.get(k);
      if (!had || info.grade > had.grade) byLower.set(k, info);
    }
  }
  return grades.get(abbr) ?? grades.get(abbr.toUpperCase()) ?? byLower.get(abbr.toLowerCase()) ?? { grade: 0, sites: 0, posts: 0, undefinedSites: 0, sources: '' };
}


/**
 * Is the abbreviation in a public technical list (cspell's computing, networking, software, data-science and
 * Google Cloud terms, MDN's glossary titles: sources `c`, `m`, `s`, `d`, `k`)? Those lists gather what technical
 * writing uses without spelling out, so its readers have met it (LLM, GCP, AIGC).
 */
export function inPublicList(abbr: string): boolean {
  return /[cmsdk]/.test(abbrInfo(abbr).sources);
}

let knownMemo: Map<number, string[]> | undefined;

/** The abbreviations graded `min` or more (as the list writes them). */
export function knownAbbreviations(min: number): readonly string[] {
  knownMemo ??= new Map();
  let out = knownMemo.get(min);
  if (!out) {
    out = (data as { abbreviations: Array<Array<string | number>> }).abbreviations.filter((row) => Number(row[1]) >= min).map((row) => String(row[0]));
    knownMemo.set(min, out);
  }
  return out;
}
