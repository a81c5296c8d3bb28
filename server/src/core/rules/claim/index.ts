/** Unlinked claims: statistics and sourced statements without a citation, captions, footnotes. */
import type { RuleFamily } from '../../types';
import { rule as unlinked } from './unlinked';
import { rule as captionSource } from './caption-source';
import { rule as footnoteUndefined } from './footnote-undefined';
import { rule as footnoteUnused } from './footnote-unused';
import { rule as footnoteNoLink } from './footnote-no-link';
import { collectLinks, type ClaimSummary } from './sources';
import { titleSummary, type TitleSummary } from './ownProduct';

export const family: RuleFamily = {
  name: 'claim',
  rules: [unlinked, captionSource, footnoteUndefined, footnoteUnused, footnoteNoLink],
  /** Every http(s) link of the post (text, url, domain): the workspace's source library; its title (the site's own products). */
  summarize: (post): ClaimSummary & TitleSummary => ({ links: collectLinks(post), ...titleSummary(post) }),
};
