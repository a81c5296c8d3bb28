/** Bilingual typesetting: spacing, punctuation, slips; the house style each post writes. */
import type { RuleFamily } from '../../types';
import { rule as cjkLatinSpacing } from './cjk-latin-spacing';
import { rule as punctuation } from './punctuation';
import { rule as repeated } from './repeated';
import { rule as strayPunctuation } from './stray-punctuation';
import { rule as emphasisCjk } from './emphasis-cjk';
import { rule as houseStyle } from './house-style';
import { summarizeStyle, type Census } from './style';

/** The typo family's slice of a post's summary: how it writes each typography choice (typo/style). */
export interface TypoSummary {
  census: Census;
}

export const family: RuleFamily = {
  name: 'typo',
  rules: [cjkLatinSpacing, punctuation, repeated, strayPunctuation, emphasisCjk, houseStyle],
  summarize: (post, config): TypoSummary => ({ census: summarizeStyle(post, config) }),
};
