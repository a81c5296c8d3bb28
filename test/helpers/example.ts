/**
 * The example post (examples/2024-05-22-ai-crypto.md) and its typesetting problems, from
 * example-post.json: the one place that pins them. typo.example.test.ts checks the whole list;
 * cli.test.ts, lsp/diagnostics.test.ts, the extension-host suite and the Neovim test (through
 * ZHEN_SPACING_LINES, set by test/e2e/nvim/run.mjs) check the spacing lines.
 */
import data from './example-post.json';

/** The post's path, relative to the repository root. */
export const EXAMPLE_PATH: string = data.path;
/** The 1-based lines with typo/cjk-latin-spacing findings, in order. */
export const EXAMPLE_SPACING_LINES: readonly number[] = data.spacingLines;
/** Every typesetting problem of the post: [line, rule, the text as written, as it should be]. */
export const EXAMPLE_LISTED = data.listed as unknown as ReadonlyArray<[number, string, string, string]>;
