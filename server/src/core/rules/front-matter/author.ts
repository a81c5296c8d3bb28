/**
 * front-matter/author: an `author` or `authors` entry that is not an id in `_data/authors.yml`, when
 * the site has that file (Chirpy and jekyll-seo-tag look authors up there; a missing id shows no
 * name or link).
 *
 *   Bad:  author: fanwb      (_data/authors.yml defines fan_wb)
 *   Good: author: fan_wb
 *
 * Fix: the closest id.
 */
import { parseDocument } from 'yaml';
import type { Fix, Rule, WorkspaceFiles } from '../../types';
import { didYouMean } from '../../suggest';
import { headerOf, scalarItems, scalarSource, siteOf, subSchema } from './site';

const AUTHOR_FILES = ['_data/authors.yml', '_data/authors.yaml', '_data/authors.json'];
const cache = new Map<string, string[]>();

export const rule: Rule = {
  id: 'front-matter/author',
  description: 'Authors missing from _data/authors.yml.',
  defaultSeverity: 'warning',
  messages: {
    unknown: {
      en: 'Author `{author}` is not in `{file}`.',
      'zh-cn': '作者 `{author}` 不在 `{file}` 中。',
    },
    suggest: {
      en: 'Author `{author}` is not in `{file}`: did you mean `{suggestion}`?',
      'zh-cn': '作者 `{author}` 不在 `{file}` 中：是不是 `{suggestion}`？',
    },
    replace: { en: 'Change to `{suggestion}`', 'zh-cn': '改为 `{suggestion}`' },
  },
  check(ctx) {
    const files = ctx.workspace.files;
    const h = headerOf(ctx.post);
    if (!files || !h?.data) return;
    const site = siteOf(ctx.workspace, ctx.config);
    const found = authorIds(files);
    if (!found) return;
    const { file, ids } = found;
    for (const [key, v] of Object.entries(h.data)) {
      if (!subSchema(site.schema, [key])?.['x-zhen-author']) continue;
      for (const [path, author] of scalarItems(key, v)) {
        if (!author.trim() || ids.includes(author)) continue;
        const suggestion = didYouMean(author, ids);
        const span = h.range(path, 'value');
        const fixes: Fix[] = suggestion
          ? [{ title: ctx.t('replace', { suggestion }), isPreferred: suggestion.toLowerCase() === author.toLowerCase(), edits: [{ span, newText: scalarSource(suggestion, h.fm.kind) }] }]
          : [];
        ctx.report({ messageId: suggestion ? 'suggest' : 'unknown', data: { author, file, suggestion: suggestion ?? '' }, span, fixes });
      }
    }
  },
};

/** The ids (top-level keys) of the site's authors file, or undefined when there is none. */
function authorIds(files: WorkspaceFiles): { file: string; ids: string[] } | undefined {
  for (const file of AUTHOR_FILES) {
    let text: string | undefined;
    try {
      text = files.exists(file) ? files.read(file) : undefined;
    } catch {
      text = undefined;
    }
    if (text === undefined) continue;
    let ids = cache.get(text);
    if (!ids) {
      try {
        const data = file.endsWith('.json') ? JSON.parse(text) : parseDocument(text, { logLevel: 'error' }).toJS();
        ids = data && typeof data === 'object' && !Array.isArray(data) ? Object.keys(data) : [];
      } catch {
        ids = [];
      }
      if (cache.size > 20) cache.clear();
      cache.set(text, ids);
    }
    return ids.length ? { file, ids } : undefined;
  }
  return undefined;
}
