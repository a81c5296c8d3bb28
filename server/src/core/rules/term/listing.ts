/**
 * The effective glossary as a list (bundled concepts merged with the config's `glossary:`), and
 * one concept's glossary card: the same markdown the hover shows, here for a concept picked from
 * the list rather than hovered in the text. Read-only; used by the editor's "Show Glossary".
 */
import type { Config, Workspace } from '../../types';
import type { Post } from '../../document';
import { analyzeTerms } from './analysis';
import { conceptLabel, glossaryFor, isLatinForm } from './glossary';
import { card } from './hover';

export interface GlossaryListItem {
  id: string;
  zh: string[];
  en: string[];
  abbr: string[];
  variants: string[];
  avoid: string[];
  /** `user`: defined or changed by the workspace's `.zhen.yml`. */
  origin: 'bundled' | 'user';
  domain?: string;
  definition?: { zh?: string; en?: string };
  /** Senses of an ambiguous term (`推理`: Inference, Reasoning). */
  senses: string[];
}

/** Every concept of the config's glossary, in glossary order (bundled first, then the user's new ones). */
export function glossaryList(config: Readonly<Config>): GlossaryListItem[] {
  return glossaryFor(config).concepts.map((c) => {
    const item: GlossaryListItem = {
      id: c.id,
      zh: [...c.zh],
      en: [...c.en],
      abbr: [...c.abbr],
      variants: [...c.variants],
      avoid: [...c.avoid],
      origin: c.origin,
      senses: (c.senses ?? []).map((s) => s.en),
    };
    if (c.domain) item.domain = c.domain;
    if (c.definition) item.definition = { ...c.definition };
    return item;
  });
}

/**
 * The glossary card of a concept, found by id or by any of its spellings (`推理`, `LLM`), as the
 * hover renders it for `post` (its definitions and uses in that post, the workspace's uses).
 */
export function glossaryCard(
  idOrForm: string,
  post: Post,
  config: Readonly<Config>,
  workspace: Readonly<Workspace> = {},
): { id: string; label: string; origin: 'bundled' | 'user'; markdown: string } | undefined {
  const g = glossaryFor(config);
  const q = idOrForm.trim();
  // A preferred or accepted spelling first; a discouraged one still finds its concept.
  const forms = g.byText.get(isLatinForm(q) ? q.toLowerCase() : q) ?? [];
  const c = g.byId.get(q) ?? (forms.find((f) => f.kind !== 'avoid') ?? forms[0])?.concept;
  if (!c) return undefined;
  return { id: c.id, label: conceptLabel(c), origin: c.origin, markdown: card({ post, offset: 0, config, workspace }, analyzeTerms(post, config), c) };
}
