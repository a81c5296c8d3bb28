/**
 * Known sources for a claim, for hosts that answer "what could I cite here?" outside a quick fix
 * (the MCP server's `cite` tool). The names come from the claim findings of the text (the source
 * `claim/unlinked` and `claim/caption-source` name) and from the library itself (`namesIn`: config
 * names and aliases, texts linked anywhere in the workspace); each name's URLs come from the source
 * library (sources.ts): `.zhen.yml` `sources:`, this text's links, the workspace index's links.
 * Read-only; no rule uses it.
 */
import type { Post } from '../../document';
import type { Config, Finding, Workspace } from '../../types';
import { cueSet } from './cues';
import { sourceLibrary, type SourceCandidate } from './sources';

export interface CitedName {
  /** The name as written in the text. */
  name: string;
  /** Known URLs for it, best first (config, this text, the workspace); empty when none is known. */
  sources: SourceCandidate[];
  /** Where the name was found: a claim finding's named source, or a name the library knows. */
  from: 'finding' | 'library';
}

/** Every source name in `post` with the URLs the library knows for it (`findings`: the post's analysis, for the names claims give). */
export function citeSources(post: Post, config: Readonly<Config>, workspace: Readonly<Workspace>, findings: readonly Finding[], limit = 4): CitedName[] {
  const library = sourceLibrary(post, config, workspace, cueSet(config));
  const out: CitedName[] = [];
  const seen = new Set<string>();
  const push = (name: string, from: CitedName['from']) => {
    const key = name.trim().toLowerCase();
    if (!key || seen.has(key)) return;
    seen.add(key);
    out.push({ name: name.trim(), sources: library.lookup(name, limit), from });
  };
  for (const f of findings) {
    const source = f.data?.source;
    if (f.ruleId.startsWith('claim/') && typeof source === 'string') push(source, 'finding');
  }
  for (const n of library.namesIn(post.text)) push(n, 'library');
  return out;
}
