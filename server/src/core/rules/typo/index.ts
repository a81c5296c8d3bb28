/** Bilingual typesetting: spacing, punctuation, slips. */
import type { RuleFamily } from '../../types';
import { rule as cjkLatinSpacing } from './cjk-latin-spacing';

export const family: RuleFamily = { name: 'typo', rules: [cjkLatinSpacing] };
