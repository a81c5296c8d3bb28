/** Terminology: glossary variants, drift within a post and across posts, abbreviations, senses; glossary hover and completion. */
import type { RuleFamily } from '../../types';
import { rule as variant } from './variant';
import { rule as mixed } from './mixed';
import { rule as abbrUndefined } from './abbr-undefined';
import { rule as sense } from './sense';
import { rule as crossPost } from './cross-post';
import { rule as misspelt } from './misspelt';
import { glossaryHover } from './hover';
import { glossaryCompletion } from './completion';
import { summarizeTerms } from './summary';

export const family: RuleFamily = {
  name: 'term',
  rules: [variant, mixed, misspelt, abbrUndefined, sense, crossPost],
  hovers: [glossaryHover],
  completions: [glossaryCompletion],
  summarize: summarizeTerms,
};
