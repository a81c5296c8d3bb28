/**
 * Links that resolve: every relative link and image in the READMEs and docs/ names a file of the
 * repository, and every `#anchor` into a Markdown file names one of its headings. The Marketplace
 * README (docs/README.marketplace.md) is also checked as packaged: rebased from docs/ to the root,
 * as scripts/vsix.mjs does before vsce makes its links absolute.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { anchors, isRelative, linkTargets, rebaseLinks } from '../scripts/markdown-links.mjs';

const repo = join(__dirname, '..', '..');
const docs = ['README.md', 'CHANGELOG.md', 'ARCHITECTURE.md', ...readdirSync(join(repo, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** Problems with the links of `text` read as the root-relative file `file`. */
function brokenLinks(file: string, text: string): string[] {
  const out: string[] = [];
  for (const { target } of linkTargets(text)) {
    const [path, anchor] = target.split('#');
    if (!isRelative(target) && !target.startsWith('#')) continue;
    const resolved = path ? posix.normalize(posix.join(posix.dirname(file), decodeURIComponent(path))) : file;
    if (!existsSync(join(repo, resolved))) {
      out.push(`${file}: ${target} (no ${resolved})`);
      continue;
    }
    if (anchor !== undefined && resolved.endsWith('.md') && !anchors(readFileSync(join(repo, resolved), 'utf8')).has(decodeURIComponent(anchor))) out.push(`${file}: ${target} (no heading #${anchor} in ${resolved})`);
  }
  return out;
}

test('relative links and anchors in the READMEs and docs/ resolve', () => {
  const problems = docs.flatMap((f) => brokenLinks(f, readFileSync(join(repo, f), 'utf8')));
  assert.deepEqual(problems, []);
});

test('the Marketplace README, as packaged: its links rebased to the root still resolve, and it shows a screenshot', () => {
  const file = 'docs/README.marketplace.md';
  const text = readFileSync(join(repo, file), 'utf8');
  const rebased = rebaseLinks(text, dirname(file));
  assert.deepEqual(brokenLinks('README.md', rebased), []);
  const images = linkTargets(rebased).filter((l) => l.image);
  assert.ok(images.some((l) => /^docs\/screenshots\/.+\.png$/.test(l.target)), 'a screenshot');
  for (const heading of ['What it checks', 'In VS Code', 'Settings', 'On the command line', 'In CI and before commits']) assert.ok(anchors(text).has(heading.toLowerCase().replace(/ /g, '-')), heading);
  // Every setting the extension declares is in its table.
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, unknown> } } };
  for (const key of Object.keys(pkg.contributes.configuration.properties)) assert.match(text, new RegExp(`\`${key.replace(/\./g, '\\.')}\``), key);
});
