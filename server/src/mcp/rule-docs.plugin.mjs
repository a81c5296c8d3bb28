// esbuild plugin: the virtual module `zhen:rule-docs`, each rule's header comment by rule id, read
// from server/src/core/rules/<family>/<name>.ts at build time (the comment is the rule's
// documentation: what it catches, a Bad and a Good line; test/core.rules.test.ts keeps it there).
// `zhen mcp`'s `explain` tool serves it; the source files are not shipped.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const RULES = new URL('../core/rules/', import.meta.url);

/** `{ 'claim/unlinked': 'claim/unlinked: a sentence that…\n\n  Bad: …', … }` */
export function readRuleDocs(dir = RULES.pathname) {
  const docs = {};
  const files = [];
  for (const family of readdirSync(dir)) {
    const d = join(dir, family);
    if (!statSync(d).isDirectory()) continue;
    for (const name of readdirSync(d)) if (name.endsWith('.ts')) files.push(join(d, name));
  }
  for (const file of files.sort()) {
    const src = readFileSync(file, 'utf8');
    if (!/export const rule\b/.test(src)) continue;
    const id = /\bid:\s*'([^']+)'/.exec(src)?.[1];
    const head = /^\s*\/\*\*([\s\S]*?)\*\//.exec(src)?.[1];
    if (!id || !head) continue;
    docs[id] = head
      .split('\n')
      .map((l) => l.replace(/^\s*\* ?/, ''))
      .join('\n')
      .trim();
  }
  return { docs, files };
}

export function ruleDocsPlugin() {
  return {
    name: 'zhen-rule-docs',
    setup(build) {
      build.onResolve({ filter: /^zhen:rule-docs$/ }, () => ({ path: 'rule-docs', namespace: 'zhen-rule-docs' }));
      build.onLoad({ filter: /.*/, namespace: 'zhen-rule-docs' }, () => {
        const { docs, files } = readRuleDocs();
        return { contents: `export default ${JSON.stringify(docs)};`, loader: 'js', watchFiles: files };
      });
    },
  };
}
