// esbuild plugin: one change to mdast-util-from-markdown (the Markdown → mdast compiler remark-parse
// uses), for speed only. Its compiler calls every token's handler with a fresh copy of its context
// (`{...context, sliceSerialize}`), an object per event: on the corpus that copying was about a third
// of the whole Markdown parse (CPU; issue #24). No handler of the compiler or of the extensions Zhen
// uses writes to `this` (their state lives in `this.data`, shared by every copy anyway; test/core.
// pieces.test.ts checks that in node_modules), so the handlers get the one context, with
// `sliceSerialize` set before each call: the same trees. If the package changes so that the text is
// not found, the build fails here: update the pattern or drop the plugin.
//
// perf10 adds two more, also for speed only: the set-up each parser call did again for the same
// extensions. remark-parse calls `fromMarkdown` with its processor's extension arrays (the same array
// objects for every parse of one processor: markdown.ts keeps a processor per extension set), and every
// call combined micromark's constructs with the extensions (`combineExtensions`) and configured a new
// compiler (an object of some 100 handler closures, merged with the extensions'): about 4 % of the
// parse's CPU over the corpus, at 6.6 calls a post. Now micromark's `parse` keeps the combined
// constructs per extensions array and `fromMarkdown` the compiler per mdast extensions array (a
// WeakMap each: a caller's fresh array is combined as before). The compiler's per-document state
// (`data`: in a reference, in fenced code, …) was made once per compiler; it is now made per document
// (`compile`), as it was per call before. The parser's own state (`defined`, `lazy`) stays per call.
import { readFileSync } from 'node:fs';

const FILE = /[\\/]mdast-util-from-markdown[\\/](?:dev[\\/])?lib[\\/]index\.js$/;
const PARSE_FILE = /[\\/]micromark[\\/](?:dev[\\/])?lib[\\/]parse\.js$/;
const CALL = /handler\[events\[index\]\[1\]\.type\]\.call\(\s*\{\s*\.\.\.context,\s*sliceSerialize: events\[index\]\[2\]\.sliceSerialize\s*\},\s*events\[index\]\[1\]\s*\);/g;

/** The compiler's source with the handler call on one shared context. */
export function patchFromMarkdown(source, path = 'mdast-util-from-markdown') {
  const found = source.match(CALL)?.length ?? 0;
  if (found !== 1) throw new Error(`${path}: expected the handler call once, found it ${found} times: update scripts/from-markdown.plugin.mjs`);
  return replaceOnce(
    replaceOnce(
      replaceOnce(source.replace(CALL, 'context.sliceSerialize = events[index][2].sliceSerialize;\n        handler[events[index][1].type].call(context, events[index][1]);'), COMPILER_CALL, 'return compilerFor(options)(', path),
      CONTEXT_DATA,
      '$1data: {}\n    }',
      path,
    ),
    /$/,
    `
// zhen (scripts/from-markdown.plugin.mjs): one compiler per mdast extensions array.
const zhenCompilers = new WeakMap();
function compilerFor(options) {
  const extensions = options && options.mdastExtensions;
  if (!Array.isArray(extensions)) return compiler(options);
  let compile = zhenCompilers.get(extensions);
  if (!compile) {
    compile = compiler(options);
    zhenCompilers.set(extensions, compile);
  }
  return compile;
}
`,
    path,
  );
}

const COMPILER_CALL = /return compiler\(options\)\(/g;
/** The compile context's `data`, the closure's object (one per compiler) before. */
const CONTEXT_DATA = /(\bresume,\s*)data\s*\}/g;
const COMBINE = /combineExtensions\(\[defaultConstructs, \.\.\.\(settings\.extensions \|\| \[\]\)\]\)/g;

function replaceOnce(source, re, by, path) {
  const found = re.global ? (source.match(re)?.length ?? 0) : re.test(source) ? 1 : 0;
  if (found !== 1) throw new Error(`${path}: expected ${re} once, found it ${found} times: update scripts/from-markdown.plugin.mjs`);
  return source.replace(re, by);
}

/** micromark's `parse` with the combined constructs kept per extensions array. */
export function patchMicromarkParse(source, path = 'micromark/lib/parse.js') {
  return replaceOnce(
    replaceOnce(source, COMBINE, 'zhenCombined(settings.extensions)', path),
    /$/,
    `
// zhen (scripts/from-markdown.plugin.mjs): the constructs combined once per extensions array.
const zhenCombinedCache = new WeakMap();
function zhenCombined(extensions) {
  if (!Array.isArray(extensions)) return combineExtensions([defaultConstructs]);
  let combined = zhenCombinedCache.get(extensions);
  if (!combined) {
    combined = combineExtensions([defaultConstructs, ...extensions]);
    zhenCombinedCache.set(extensions, combined);
  }
  return combined;
}
`,
    path,
  );
}

export function fromMarkdownPlugin() {
  return {
    name: 'zhen-from-markdown-context',
    setup(build) {
      build.onLoad({ filter: FILE }, (args) => ({ contents: patchFromMarkdown(readFileSync(args.path, 'utf8'), args.path), loader: 'js' }));
      build.onLoad({ filter: PARSE_FILE }, (args) => ({ contents: patchMicromarkParse(readFileSync(args.path, 'utf8'), args.path), loader: 'js' }));
    },
  };
}
