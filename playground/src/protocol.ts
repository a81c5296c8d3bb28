/** Messages between the playground page (main.ts) and its worker (worker.ts). Plain data only. */
import type { Finding, Language } from '../../server/src/core/index';

export interface ConfigProblemOut {
  message: string;
  severity: string;
  from: number;
  to: number;
  line: number;
  column: number;
}

/** What the pickers show, read back from the `.zhen.yml` text. */
export interface Picks {
  generator: string;
  style: string;
}

export type Request =
  | { kind: 'analyze'; id: number; version: number; text: string; config: string; lang: Language }
  | { kind: 'hover'; id: number; version: number; offset: number }
  | { kind: 'fixAll'; id: number; text: string; config: string; lang: Language }
  | { kind: 'setPick'; id: number; config: string; pick: 'generator' | 'style'; value: string }
  | { kind: 'configEdit'; id: number; config: string; key: string; item: Record<string, unknown> }
  | { kind: 'render'; id: number; markdown: string };

export type Response =
  | { kind: 'analyzed'; id: number; version: number; findings: Finding[]; problems: ConfigProblemOut[]; picks: Picks; ms: number }
  | { kind: 'hover'; id: number; html?: string; from?: number; to?: number }
  | { kind: 'fixed'; id: number; text: string; applied: number }
  | { kind: 'config'; id: number; config?: string; error?: string }
  | { kind: 'html'; id: number; html: string }
  | { kind: 'error'; id: number; message: string };

/** The generators of `frontMatter.schema` (schemas/zhen.schema.json). */
export const GENERATORS = ['default', 'chirpy', 'jekyll', 'hugo', 'hexo', 'vuepress', 'vitepress', 'docusaurus', 'mkdocs'] as const;

/** House styles: `.zhen.yml` `typography:` presets (README, Typesetting). `guidelines` is the default (no key). */
export const STYLES: Record<string, Record<string, unknown>> = {
  guidelines: {},
  compact: { spaceBetweenCjkAndDigits: false, spaceAroundCode: false },
  fullwidth: { latinParentheses: 'fullwidth' },
  corner: { quotes: 'corner' },
  keep: { cjkParentheses: 'keep', quotes: 'keep' },
};
