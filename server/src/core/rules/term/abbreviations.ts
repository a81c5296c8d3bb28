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
}

let grades: Map<string, AbbrInfo> | undefined;

export function abbrInfo(abbr: string): AbbrInfo {
  if (!grades) {
    grades = new Map();
    for (const row of (data as { abbreviations: Array<Array<string | number>> }).abbreviations) {
      grades.set(String(row[0]), { grade: Number(row[1]), sites: Number(row[3]), posts: Number(row[4]), undefinedSites: Number(row[5] ?? 0) });
    }
  }
  return grades.get(abbr) ?? grades.get(abbr.toUpperCase()) ?? { grade: 0, sites: 0, posts: 0, undefinedSites: 0 };
}

