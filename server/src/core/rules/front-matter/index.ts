/** Front matter: YAML syntax and the site generator's schema. */
import type { RuleFamily } from '../../types';
import { rule as yamlSyntax } from './yaml-syntax';

export const family: RuleFamily = { name: 'front-matter', rules: [yamlSyntax] };
