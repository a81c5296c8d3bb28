/**
 * `walk` (markdown.ts) goes down a finished tree's nodes kept in order (`treeFinished`: a post's tree
 * once parsed) instead of two stacks. It must visit the same nodes, with the same parents, in the same
 * order, and skip the same subtrees as the stack walk; a tree nobody called finished is walked live.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Nodes, Parents } from 'mdast';
import { parsePost, walk } from '../server/src/core/index';
import { treeFinished } from '../server/src/core/markdown';
import { findFixtures } from './helpers/fixtures';

const repo = join(__dirname, '..', '..');

/** The stack walk as it was (the reference). */
function stackWalk(root: Nodes, visit: (node: Nodes, parent: Parents | undefined) => void | 'skip'): void {
  const nodes: Nodes[] = [root];
  const parents: Array<Parents | undefined> = [undefined];
  while (nodes.length) {
    const node = nodes.pop()!;
    const parent = parents.pop();
    if (visit(node, parent) === 'skip') continue;
    const children = (node as Parents).children;
    if (children) for (let i = children.length - 1; i >= 0; i--) {
      nodes.push(children[i]);
      parents.push(node as Parents);
    }
  }
}

/** The visits of a walk that skips some subtrees (by the visit's number and the node's type). */
function visits(how: typeof walk, root: Nodes, skipEvery: number): Array<[Nodes, Parents | undefined]> {
  const out: Array<[Nodes, Parents | undefined]> = [];
  how(root, (node, parent) => {
    out.push([node, parent]);
    if (skipEvery && (node.type === 'list' || node.type === 'paragraph' || node.type === 'blockquote' || node.type === 'table') && out.length % skipEvery === 0) return 'skip';
  });
  return out;
}

test('walk over a parsed post visits what the stack walk visits, skips included: every fixture and the example', () => {
  const files = [...findFixtures(join(repo, 'test', 'fixtures')), join(repo, 'examples', '2024-05-22-ai-crypto.md')];
  let nodes = 0;
  for (const file of files) {
    const root = parsePost(readFileSync(file, 'utf8')).root;
    for (const skipEvery of [0, 1, 2, 3, 7]) {
      const want = visits(stackWalk, root, skipEvery);
      const got = visits(walk, root, skipEvery);
      assert.equal(got.length, want.length, `${file}, skip every ${skipEvery}: visits`);
      for (let i = 0; i < want.length; i++) {
        assert.ok(got[i][0] === want[i][0] && got[i][1] === want[i][1], `${file}, skip every ${skipEvery}: visit ${i} (${want[i][0].type})`);
      }
      nodes += want.length;
    }
  }
  assert.ok(nodes > 10_000, `only ${nodes} visits compared`);
});

test('walk of a tree not called finished sees its changes; a finished one is walked in its kept order', () => {
  const tree = parsePost('# 标题\n\n一段话。\n').root;
  const live: Nodes = { type: 'root', children: [{ type: 'paragraph', children: [] }] };
  const types = (root: Nodes) => {
    const out: string[] = [];
    walk(root, (n) => void out.push(n.type));
    return out.join(' ');
  };
  assert.equal(types(live), 'root paragraph');
  (live as Parents).children.push({ type: 'heading', depth: 1, children: [] } as never);
  assert.equal(types(live), 'root paragraph heading', 'a live tree is walked as it is now');
  assert.equal(types(tree), 'root heading text paragraph text');
  const other: Nodes = { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'x' }] }] };
  treeFinished(other);
  assert.equal(types(other), 'root paragraph text');
  assert.equal(types(other), 'root paragraph text', 'the kept order is used again');
});

test('the block skeleton (containers.ts) holds every node a full walk finds outside inline content, in the same order, and the sibling lists of all the rest', async () => {
  const { blockSkeleton } = await import('../server/src/core/containers');
  const files = [...findFixtures(join(repo, 'test', 'fixtures')), join(repo, 'examples', '2024-05-22-ai-crypto.md')];
  let skipped = 0;
  let kept = 0;
  for (const file of files) {
    const post = parsePost(readFileSync(file, 'utf8'));
    const sk = blockSkeleton(post);
    // The reference: every node of the whole tree, with the children lists of every node, in walk order.
    const all: Nodes[] = [];
    const kids: Nodes[][] = [];
    stackWalk(post.root, (n) => {
      all.push(n);
      const c = (n as Parents).children;
      if (c) kids.push(c);
    });
    const inSkeleton = new Set(sk.nodes);
    // In order: the skeleton is the full walk with some nodes left out.
    assert.deepEqual(all.filter((n) => inSkeleton.has(n)), [...sk.nodes], `${file}: order`);
    for (const n of all) {
      if (inSkeleton.has(n)) continue;
      skipped++;
      // What it leaves out is inline content: no block, and no list of children holding one.
      assert.ok(!['blockquote', 'list', 'listItem', 'code', 'table', 'paragraph', 'heading'].includes(n.type), `${file}: ${n.type} left out`);
    }
    const kept_ = new Set(sk.kids);
    for (const c of kids) if (c.some((k) => ['blockquote', 'list', 'listItem', 'code', 'table', 'paragraph'].includes(k.type))) assert.ok(kept_.has(c), `${file}: a list of blocks left out`);
    assert.deepEqual(kids.filter((c) => kept_.has(c)), [...sk.kids], `${file}: sibling lists in order`);
    kept += sk.nodes.length;
  }
  assert.ok(skipped > 1000 && kept > 1000, `the skeleton left out ${skipped} inline nodes and kept ${kept}`);
});
