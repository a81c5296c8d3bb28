/** Unlinked claims: statistics and sourced statements without a citation. */
import type { RuleFamily } from '../../types';

export const family: RuleFamily = { name: 'claim', rules: [] };
