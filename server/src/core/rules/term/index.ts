/** Terminology: glossary variants, drift, abbreviations, senses. */
import type { RuleFamily } from '../../types';

export const family: RuleFamily = { name: 'term', rules: [] };
