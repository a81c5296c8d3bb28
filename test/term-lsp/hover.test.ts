/** The glossary hover through the language server (in this process, test/lsp/harness.ts): 推理, DeComp, GitHub, 去中心化计算 in the example post. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import { TestClient, repoRoot } from '../lsp/harness';

const example = readFileSync(join(repoRoot, 'examples', '2024-05-22-ai-crypto.md'), 'utf8');
const lines = example.split('\n');

/** LSP position (0-based line, UTF-16 character) just inside the n-th `needle` on 1-based `line`. */
function pos(line: number, needle: string, nth = 1) {
  let i = -1;
  for (let k = 0; k < nth; k++) i = lines[line - 1].indexOf(needle, i + 1);
  assert.ok(i >= 0, `${needle} on line ${line}`);
  return { line: line - 1, character: i + 1 };
}

test('glossary hover through the language server: 推理 (both senses), DeComp, GitHub, 去中心化计算', async () => {
  const c = await TestClient.start({ files: { '_posts/2024-05-22-ai-crypto.md': example } });
  try {
    const uri = c.open('_posts/2024-05-22-ai-crypto.md', example);
    const hover = async (line: number, needle: string, nth = 1) => {
      const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: pos(line, needle, nth) });
      assert.ok(h, `a hover on ${needle} (line ${line})`);
      const md = (h.contents as { kind: string; value: string });
      assert.equal(md.kind, 'markdown');
      assert.equal(h.range?.start.line, line - 1);
      return md.value;
    };
    const reasoning = await hover(55, '推理');
    assert.match(reasoning, /\*\*Inference\*\*/);
    assert.match(reasoning, /\*\*Reasoning\*\*/);
    assert.match(reasoning, /\*\*Reasoning\*\*/);
    assert.match(reasoning, /`推理 \(Inference\)`/, 'where the post defines it');

    const decomp = await hover(27, 'DeComp');
    assert.match(decomp, /去中心化计算/);
    assert.match(decomp, /131/, 'the line of the definition');

    const github = await hover(40, 'GitHub'); // its first use: the card shows there
    assert.match(github, /\*\*GitHub\*\*/);
    assert.match(github, /\(command:zhen\.showGlossary\?%5B%22github%22%5D/, 'a "more" link to the full card');

    const zh = await hover(131, '去中心化计算');
    assert.match(zh, /decentralized compute/);
    assert.match(zh, /DeComp/);
  } finally {
    await c.stop();
  }
});

test('the glossary card once per term by default; zhen.hover.glossaryCard: every (or .zhen.yml) on every use', async () => {
  const card = async (settings: Record<string, unknown>, files: Record<string, string> = {}) => {
    const c = await TestClient.start({ settings, files: { '_posts/2024-05-22-ai-crypto.md': example, ...files } });
    try {
      const uri = c.open('_posts/2024-05-22-ai-crypto.md', example);
      const h = await c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: pos(59, 'GitHub', 2) });
      return /\*\*GitHub\*\*/.test((h?.contents as { value?: string } | undefined)?.value ?? '');
    } finally {
      await c.stop();
    }
  };
  assert.equal(await card({}), false, 'a later use of GitHub: no card');
  assert.equal(await card({ hover: { glossaryCard: 'every' } }), true, 'the setting restores every use');
  assert.equal(await card({}, { '.zhen.yml': 'hover:\n  glossaryCard: every\n' }), true, '.zhen.yml too');
  assert.equal(await card({ hover: { glossaryCard: 'first' } }, { '.zhen.yml': 'hover:\n  glossaryCard: every\n' }), false, 'the setting wins over .zhen.yml');
});
