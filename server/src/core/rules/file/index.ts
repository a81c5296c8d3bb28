/** The file itself: what the host found when it read the post's bytes (encoding). */
import type { RuleFamily } from '../../types';
import { rule as encoding } from './encoding';

export const family: RuleFamily = { name: 'file', rules: [encoding] };
