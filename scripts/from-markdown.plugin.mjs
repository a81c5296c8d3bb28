// esbuild plugin: one change to mdast-util-from-markdown (the Markdown → mdast compiler remark-parse
// uses), for speed only. Its compiler calls every token's handler with a fresh copy of its context
// (`{...context, sliceSerialize}`), an object per event: on the corpus that copying was about a third
// of the whole Markdown parse (CPU; issue #24). No handler of the compiler or of the extensions Zhen
// uses writes to `this` (their state lives in `this.data`, shared by every copy anyway; test/core.
// pieces.test.ts checks that in node_modules), so the handlers get the one context, with
// `sliceSerialize` set before each call: the same trees. If the package changes so that the text is
// not found, the build fails here: update the pattern or drop the plugin.
import { readFileSync } from 'node:fs';

const FILE = /[\\/]mdast-util-from-markdown[\\/](?:dev[\\/])?lib[\\/]index\.js$/;
const CALL = /handler\[events\[index\]\[1\]\.type\]\.call\(\s*\{\s*\.\.\.context,\s*sliceSerialize: events\[index\]\[2\]\.sliceSerialize\s*\},\s*events\[index\]\[1\]\s*\);/g;

/** The compiler's source with the handler call on one shared context. */
export function patchFromMarkdown(source, path = 'mdast-util-from-markdown') {
  const found = source.match(CALL)?.length ?? 0;
  if (found !== 1) throw new Error(`${path}: expected the handler call once, found it ${found} times: update scripts/from-markdown.plugin.mjs`);
  return source.replace(CALL, 'context.sliceSerialize = events[index][2].sliceSerialize;\n        handler[events[index][1].type].call(context, events[index][1]);');
}

export function fromMarkdownPlugin() {
  return {
    name: 'zhen-from-markdown-context',
    setup(build) {
      build.onLoad({ filter: FILE }, (args) => ({ contents: patchFromMarkdown(readFileSync(args.path, 'utf8'), args.path), loader: 'js' }));
    },
  };
}
