/**
 * How well readers know an abbreviation: `data/glossary/abbreviations.json`, built by
 * `scripts/term-data.ts` from the well-known list, the glossary, public lists (cspell's computing
 * and networking acronyms, Hunspell en_US) and the corpus (in how many of 12 sites it is written).
 * Grade 5: every reader knows it (API, CPU); 4: readers of technical blogs do (JVM, DOM, RPC);
 * 3: a public technical list or three sites; 2: general English or two sites; 1: one site; 0: unseen.
 */
import data from '../../../../../data/glossary/abbreviations.json';

let grades: Map<string, { grade: number; sites: number; posts: number }> | undefined;

export function abbrInfo(abbr: string): { grade: number; sites: number; posts: number } {
  if (!grades) {
    grades = new Map();
    for (const row of (data as { abbreviations: Array<Array<string | number>> }).abbreviations) {
      grades.set(String(row[0]), { grade: Number(row[1]), sites: Number(row[3]), posts: Number(row[4]) });
    }
  }
  return grades.get(abbr) ?? grades.get(abbr.toUpperCase()) ?? { grade: 0, sites: 0, posts: 0 };
}

