/**
 * The parsed post (`Post`) and what it holds: the tree, the prose view, the prose blocks, the
 * front matter, the suppressions. `document.ts` makes one (`parsePost`).
 *
 * The prose view (`Post.prose`) is a string of exactly the text's length in
 * which every character that is not prose is replaced, so offsets into it are
 * offsets into the source:
 *   - ATOM (U+FFFC) stands for content that is not prose but takes a place in a
 *     sentence: inline code, math, HTML, images, footnote references, bare URLs,
 *     Liquid tags, kramdown IALs; and for whole non-prose blocks (code, HTML,
 *     front matter, link definitions).
 *   - MARK (U+E000) stands for Markdown syntax around prose: `#`, `>`, list
 *     markers, `**`, `[`, `](url "title")`, table pipes, escapes. Rules treat it
 *     as transparent.
 *   - Line breaks are always kept.
 */
import type { Root, Nodes } from 'mdast';
import type { Document as YamlDocument } from 'yaml';
import type { Span } from './types';
import type { Dialect, SyntaxSpan } from './dialect';
import type { ParseCache } from './pieces';

export const ATOM = '\uFFFC';
export const MARK = '\uE000';

export interface FrontMatter {
  kind: 'yaml' | 'toml';
  /** The whole block, fences included. */
  span: Span;
  /** The content between the fences. */
  contentSpan: Span;
  raw: string;
  /** For YAML: the parsed document (positions are relative to contentSpan.start; use `yamlOffset`). */
  yaml?: YamlDocument.Parsed;
}

/** A block whose inline content is prose: a paragraph, heading or table cell. */
export interface ProseBlock {
  type: 'paragraph' | 'heading' | 'tableCell';
  span: Span;
  node: Nodes;
}

export interface Suppression {
  /** Rule patterns; empty means every rule. */
  rules: string[];
  span: Span;
}

export interface Post {
  text: string;
  lineStarts: number[];
  /** Same length as text; see the header comment. */
  prose: string;
  root: Root;
  frontMatter?: FrontMatter;
  blocks: ProseBlock[];
  suppressions: Suppression[];
  /** The Markdown dialect the post was parsed in (see dialect.ts). */
  dialect: Dialect;
  /**
   * The dialect's syntax (admonition and container lines, callout markers, shortcodes, MDX ESM…),
   * sorted: masked in the prose view and never edited by a fix (fix-all compares it before and after).
   */
  syntax: SyntaxSpan[];
  /** Set when the Markdown parser itself failed; the post is then treated as one opaque block. */
  parseError?: string;
}

export interface ParseOptions {
  singleDollarMath?: boolean;
  /**
   * Parsed pieces kept between calls (the language server keeps one per open document), so
   * that an edit re-parses only the pieces it touched. Without it every piece is parsed.
   */
  cache?: ParseCache;
  /** Parse the post as one piece with the reference parse (every extension, no shortcut): for tests; slower. */
  whole?: boolean;
  /** The site's Markdown dialect (default: plain CommonMark + GFM). */
  dialect?: Dialect;
}
