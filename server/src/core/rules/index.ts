/** The registry: every rule family, in a fixed order. Add a family here; add rules in the family's index. */
import type { RuleFamily } from '../types';
import { family as frontMatter } from './front-matter';
import { family as claim } from './claim';
import { family as term } from './term';
import { family as typo } from './typo';
import { family as file } from './file';

export const families: readonly RuleFamily[] = [frontMatter, claim, term, typo, file];

export const allRules = families.flatMap((f) => f.rules);
