/**
 * `dist/server.js` with one more rule family whose parts throw, for the containment test
 * (test/lsp/containment.test.ts). Built by `node esbuild.mjs --tests` as out/test-servers/throwing-server.js.
 *   - `broken/type-error` throws a TypeError on a post that holds `BOOM`;
 *   - `broken/stack` recurses until the stack overflows on a post that holds `DEEP`;
 *   - the family's hover provider throws on every call, its summariser on a post that holds `BOOM`.
 */
import { families, type RuleFamily } from '../../server/src/core/index';
import { runNodeServer } from '../../server/src/node/serverMain';
import { isCheckWorker, runCheckWorker } from '../../server/src/node/check';

const messages = { x: { en: 'x', 'zh-cn': 'x' } };
const broken: RuleFamily = {
  name: 'broken',
  rules: [
    {
      id: 'broken/type-error',
      description: 'throws a TypeError on BOOM',
      defaultSeverity: 'warning',
      messages,
      check(ctx) {
        if (!ctx.post.text.includes('BOOM')) return;
        ctx.report({ messageId: 'x', span: { start: 0, end: 1 } }); // dropped: half-done work
        (undefined as unknown as { x: number }).x;
      },
    },
    {
      id: 'broken/stack',
      description: 'overflows the stack on DEEP',
      defaultSeverity: 'warning',
      messages,
      check(ctx) {
        if (!ctx.post.text.includes('DEEP')) return;
        const f = (n: number): number => f(n + 1) + 1;
        f(0);
      },
    },
  ],
  hovers: [
    () => {
      throw new Error('hover provider failed');
    },
  ],
  summarize(post) {
    if (post.text.includes('BOOM')) throw new Error('summariser failed');
    return {};
  },
};

if (isCheckWorker()) runCheckWorker();
else {
  (families as RuleFamily[]).unshift(broken); // the array every analysis reads (readonly to the product)
  runNodeServer();
}
