// typo/style.ts: a styled rule's run key (rule, language, style, options) gets a short id for the
// block cache's `sub`. The ids lived in a module-level table that was never emptied, one entry per
// key ever seen: in a long-running server every new option set or learnt style stayed for good.
// They are now kept in the run's rule cache with the key, so nothing outlives the post and its cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyzePost, parse, ParseCache, RuleCache, resolveConfig, type Rule } from '../server/src/core/index';
import { runStyled, TYPOGRAPHY_DEFAULTS } from '../server/src/core/rules/typo/style';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

test('styled run ids: nothing is kept per run key once the post and its cache are gone', () => {
  const config = resolveConfig();
  const rule = { id: 'typo/test-styled' } as Rule<{ pad: string }>;
  const run = (n: number) => {
    // A post and a cache per batch, as the server's documents come and go; each run key new.
    const post = parse('用AI写代码，自2023年起。\n\n第二段English文字。\n', config, new ParseCache(), {});
    for (let i = 0; i < n; i++) {
      const ctx = { post, options: { pad: `${i}`.padEnd(2000, '.') }, config, workspace: {}, severity: 'warning' as const, report: () => undefined, t: (id: string) => id };
      runStyled(ctx, rule, () => undefined, TYPOGRAPHY_DEFAULTS);
    }
  };
  run(100); // warm-up: code compiled, tables sized
  const before = heapAfterGc();
  run(4000); // 4,000 keys of ~2 KB: ~8 MB (16 MB as two-byte strings) if any table keeps them
  const grown = heapAfterGc() - before;
  assert.ok(grown < 2_000_000, `the heap grew by ${(grown / 1e6).toFixed(1)} MB after the post was dropped`);
});

test('styled run ids: the same run key keeps its id in a rule cache across edits (its blocks are reused)', () => {
  const config = resolveConfig();
  const cache = new RuleCache();
  const pc = new ParseCache();
  const text = '用AI写代码，自2023年起。\n\n第二段English文字。\n';
  analyzePost(parse(text, config, pc, {}), config, {}, cache);
  analyzePost(parse(text.replace('第二段', '第三段'), config, pc, {}), config, {}, cache);
  const m = cache.stats.memo;
  assert.equal(m['typo/styled-run']?.computed, 0, 'run ids given again');
  assert.ok((m['typo/styled-run']?.reused ?? 0) > 0);
  // Only the edited paragraph's styled parts ran again.
  assert.ok((m['typo/styled']?.computed ?? 0) <= (m['typo/styled']?.reused ?? 0), JSON.stringify(m['typo/styled']));
});
