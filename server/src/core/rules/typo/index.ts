/** Bilingual typesetting: spacing, punctuation, slips. */
import type { RuleFamily } from '../../types';
import { rule as cjkLatinSpacing } from './cjk-latin-spacing';
import { rule as punctuation } from './punctuation';
import { rule as repeated } from './repeated';
import { rule as strayPunctuation } from './stray-punctuation';
import { rule as emphasisCjk } from './emphasis-cjk';

export const family: RuleFamily = { name: 'typo', rules: [cjkLatinSpacing, punctuation, repeated, strayPunctuation, emphasisCjk] };
