/**
 * The Markdown dialects of static-site generators, in one place: which constructs are syntax
 * (masked in the prose view, never edited by a fix) and which of their parts are prose.
 * `document.ts` calls `scanDialect` before it parses a post; every rule family then sees the same
 * prose view. Pure: no I/O. Which dialect a post is written in comes from the site model
 * (`site.ts`: generator, theme, renderer) or from `.zhen.yml` (`site.renderer`).
 *
 * Constructs (each with where the generator or plugin defines it):
 *   - Python-Markdown blocks (MkDocs; hexo-admonition): `!!! type "title"` admonitions
 *     (Python-Markdown `markdown/extensions/admonition.py`: `RE = r'(?:^|\n)!!! ?([\w\-]+(?: +[\w\-]+)*)(?: +"(.*?)")? *(?:\n|$)'`),
 *     `??? type "title"` / `???+` collapsible details (pymdownx `details.py`), `=== "tab"` content
 *     tabs (pymdownx `tabbed.py`). The title is prose; the body, indented four spaces, is parsed as
 *     Markdown (the extension dedents it and parses it again), so it is prose, not indented code,
 *     where the dialect has `indentedBlocks` (MkDocs sites, Hexo with hexo-admonition).
 *   - Containers `::: type title` … `:::` (markdown-it-container: VuePress, VitePress; Docusaurus
 *     admonitions `:::tip[title]`, remark-directive): the fence lines are syntax, the title prose.
 *   - Callouts `> [!NOTE] title` (GitHub alerts, Obsidian callouts): the marker is syntax.
 *   - Liquid and Hexo tag blocks whose body is code or not rendered:
 *     `{% highlight %}`, `{% raw %}`, `{% codeblock %}`, `{% code %}`, `{% include_code %}`, `{% gist %}`,
 *     `{% mermaid %}`, `{% katex %}`, `{% math %}`, `{% comment %}` … `{% end… %}`; Hugo's
 *     `{{< highlight >}}` … `{{< /highlight >}}`, and the diagram and formula shortcodes whose body is
 *     code (`mermaid`, `echarts`: LoveIt/DoIt/FixIt; `mermaid`, `katex`: hugo-book):
 *     the whole block is masked as code.
 *   - Hugo shortcodes `{{< … >}}` / `{{% … %}}` over several lines (one-line ones and Liquid tags
 *     are masked by `document.ts`, also inside HTML attributes, where the HTML is masked anyway).
 *   - MDX (`.mdx`, and `.md` under Docusaurus 3 unless `markdown.format` says otherwise):
 *     `import`/`export` blocks (ESM, up to a blank line), `{/* comments *\/}` (in every dialect: never
 *     prose), `{expressions}` and JSX tags with `{…}` attributes.
 *   - VuePress `<!-- @include: … -->` is an HTML comment: masked as HTML.
 */
import type { Span } from './types';

/** A Markdown renderer; decides, e.g., whether `**…，**中文` renders (kramdown, Python-Markdown) or not. */
export type Renderer = 'commonmark' | 'kramdown' | 'marked' | 'markdown-it' | 'goldmark' | 'mdx' | 'python-markdown';
export const RENDERERS: readonly Renderer[] = ['commonmark', 'kramdown', 'marked', 'markdown-it', 'goldmark', 'mdx', 'python-markdown'];

export interface Dialect {
  renderer: Renderer;
  /** Python-Markdown blocks (`!!!`, `???`, `===`) have bodies indented four spaces that are prose, not code. */
  indentedBlocks: boolean;
  /** MDX: ESM blocks, `{expressions}` and JSX are syntax. */
  mdx: boolean;
  /**
   * A header after leading blank lines is front matter: `one` empty line (Hexo: hexo-fs strips a BOM
   * and turns CRLF into LF, then hexo-front-matter `lib/front_matter.ts` falls back to
   * `rFrontMatterNew = /^([\s\S]+?)\n(-{3,}|;{3,})\n?([\s\S]*)/`, and js-yaml reads the leading `---` as a
   * document marker), or `any` blank lines (Hugo: parser/pageparser/pagelexer_intro.go skips a BOM,
   * spaces and line ends before the front matter).
   */
  headerAfterBlankLines: false | 'one' | 'any';
  /** `$…$` is inline math (else only `$$…$$`, as in kramdown). */
  singleDollarMath: boolean;
}

export const COMMONMARK: Dialect = { renderer: 'commonmark', indentedBlocks: false, mdx: false, headerAfterBlankLines: false, singleDollarMath: false };

/** Does the renderer apply CommonMark's flanking rules to `*`/`**` (so `**重要。**后文` prints the stars)? */
export function flankingEmphasis(renderer: Renderer): boolean {
  return renderer !== 'kramdown' && renderer !== 'python-markdown';
}

export function dialectKey(d: Dialect): string {
  return `${d.renderer}:${d.indentedBlocks ? 1 : 0}${d.mdx ? 1 : 0}${d.headerAfterBlankLines || 0}${d.singleDollarMath ? 1 : 0}`;
}

/** One piece of dialect syntax: masked (`atom`: as code, else as Markdown syntax) and never edited. */
export interface SyntaxSpan extends Span {
  atom: boolean;
}

export interface DialectScan {
  /** The text for the CommonMark parser, same length: dialect lines and code bodies blanked (line breaks kept). */
  parserText: string;
  syntax: SyntaxSpan[];
  /** Titles (prose) of blanked opener lines: each becomes a paragraph of its own. */
  titles: Span[];
  /** Python-Markdown bodies: lines [from, to) whose first `indent` columns are removed before they are parsed. */
  bodies: Array<{ from: number; to: number; indent: number }>;
}

const FENCE_RE = /^[ \t]*(`{3,}|~{3,})(.*)$/;
const PY_BLOCK_RE = /^([ \t]*)(!!!|\?\?\?\+?)[ \t]*([A-Za-z][\w-]*(?:[ \t]+[\w-]+)*)?(?:[ \t]+"([^"\n]*)")?[ \t]*\r?$/;
const TAB_RE = /^([ \t]*)(===[!+]{0,2})[ \t]+"([^"\n]*)"[ \t]*\r?$/;
const CONTAINER_RE = /^([ \t]{0,3})(:{3,})[ \t]*(\{[^}\n]*\}|[A-Za-z][\w-]*)(.*?)[ \t]*\r?$/;
const CONTAINER_CLOSE_RE = /^[ \t]{0,3}:{3,}[ \t]*\r?$/;
// The blanks between two `>` belong to the `>` after them only (`(?:[ \t]{0,3}>[ \t]?)+` could give a
// blank to either side: 2^n steps on a line of n nested `> ` with no callout, fuzz seed ci #168).
const CALLOUT_RE = /^([ \t]{0,3}>(?:[ \t]{0,4}>)*[ \t]?)(\[![A-Za-z][\w-]*\][+-]?)/;
const CODE_BLOCK_RE = /\{%-?\s*(raw|highlight|codeblock|code|include_code|gist|mermaid|katex|math|comment)\b[^\n]*?%\}[\s\S]*?\{%-?\s*end\1\s*-?%\}|\{\{[<%]\s*(highlight|mermaid|echarts|katex)\b[^\n]*?[>%]\}\}[\s\S]*?\{\{[<%]\s*\/\2\s*[>%]\}\}/g;
const SHORTCODE_RE = /\{\{[<%](?:(?![<%]\}\})[\s\S]){0,2000}?[>%]\}\}/g;
const MDX_COMMENT_RE = /\{\/\*[\s\S]{0,2000}?\*\/\}/g;
/** VuePress `<!-- @include: ./part.md -->` (HTML to CommonMark, masked anyway: recorded as syntax). */
const INCLUDE_RE = /<!--\s*@include:[^\n]{0,500}?-->/g;
const ESM_RE = /^(?:import|export)\b/;
/** Cheap test: can the text hold any construct? (Most posts hold none: then nothing is scanned.) */
const TRIGGER_RE = /^[ \t]*(?:!!!|\?\?\?|===|:::)|\[![A-Za-z]|@include:|\{%-?\s*(?:raw|highlight|codeblock|code|include_code|gist|mermaid|katex|math|comment)\b|\{\{[<%]|\{\/\*/m;

/** Columns of leading blanks (a tab counts to the next multiple of four, as Python-Markdown expands it). */
function indentOf(line: string): number {
  let col = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 32) col++;
    else if (c === 9) col += 4 - (col % 4);
    else break;
  }
  return col;
}

function isBlank(line: string): boolean {
  return /^[ \t]*\r?$/.test(line);
}

/**
 * Find the dialect's constructs in `text` (lines at `lineStarts`, the front matter ending at
 * `bodyStart`). Undefined when there are none: the parser then reads the text as it is.
 */
export function scanDialect(text: string, lineStarts: readonly number[], dialect: Dialect, bodyStart = 0): DialectScan | undefined {
  if (!dialect.mdx && !TRIGGER_RE.test(text)) return undefined;
  const syntax: SyntaxSpan[] = [];
  const titles: Span[] = [];
  const bodies: DialectScan['bodies'] = [];
  const blank: Span[] = [];
  const n = lineStarts.length;
  const lineEnd = (i: number) => {
    let e = i + 1 < n ? lineStarts[i + 1] : text.length;
    if (e > lineStarts[i] && text.charCodeAt(e - 1) === 10) e--;
    if (e > lineStarts[i] && text.charCodeAt(e - 1) === 13) e--;
    return e;
  };
  const lineText = (i: number) => text.slice(lineStarts[i], lineEnd(i));
  /** Fenced code: [start, end) offsets, to leave constructs inside code alone. */
  const code: Span[] = [];
  const mark = (start: number, end: number, atom = false) => {
    if (end > start) syntax.push({ start, end, atom });
  };
  /** Mark and blank a whole line except its title. */
  const opener = (li: number, title?: Span) => {
    const s = lineStarts[li];
    const e = lineEnd(li);
    if (title && title.end > title.start) {
      mark(s, title.start);
      mark(title.end, e);
      titles.push(title);
    } else mark(s, e);
    blank.push({ start: s, end: e });
  };

  let fence: { ch: string; len: number; start: number } | undefined;
  let prevBlank = true;
  let esmUntilBlank = false;
  for (let li = 0; li < n; li++) {
    const ls = lineStarts[li];
    if (ls < bodyStart) continue;
    const line = lineText(li);
    if (fence) {
      const f = FENCE_RE.exec(line);
      if (f && f[1][0] === fence.ch && f[1].length >= fence.len && isBlank(f[2])) {
        code.push({ start: fence.start, end: lineEnd(li) });
        fence = undefined;
      }
      continue;
    }
    const blankLine = isBlank(line);
    if (esmUntilBlank) {
      if (blankLine) esmUntilBlank = false;
      else {
        mark(ls, lineEnd(li), true);
        blank.push({ start: ls, end: lineEnd(li) });
        continue;
      }
    }
    const f = FENCE_RE.exec(line);
    if (f && !(f[1][0] === '`' && f[2].includes('`'))) {
      fence = { ch: f[1][0], len: f[1].length, start: ls };
      prevBlank = false;
      continue;
    }
    if (dialect.mdx && prevBlank && ESM_RE.test(line)) {
      mark(ls, lineEnd(li), true);
      blank.push({ start: ls, end: lineEnd(li) });
      esmUntilBlank = true;
      prevBlank = false;
      continue;
    }
    prevBlank = blankLine;
    if (blankLine) continue;
    const c = line.trimStart()[0];
    if (c === '!' || c === '?' || c === '=') {
      const py = PY_BLOCK_RE.exec(line) ?? undefined;
      const tab = py ? undefined : TAB_RE.exec(line) ?? undefined;
      if (py || tab) {
        const m = (py ?? tab)!;
        const titleText = py ? py[4] : tab![3];
        let title: Span | undefined;
        if (titleText) {
          const q = line.indexOf('"' + titleText + '"', m[1].length);
          if (q >= 0) title = { start: ls + q + 1, end: ls + q + 1 + titleText.length };
        }
        opener(li, title);
        if (dialect.indentedBlocks) {
          const indent = indentOf(m[1]) + 4;
          let last = li;
          let j = li + 1;
          for (; j < n; j++) {
            const l = lineText(j);
            if (isBlank(l)) continue;
            if (indentOf(l) < indent) break;
            last = j;
          }
          if (last > li) {
            bodies.push({ from: li + 1, to: last + 1, indent });
            blank.push({ start: lineStarts[li + 1], end: lineEnd(last) });
            li = last;
            prevBlank = false;
          }
        }
        continue;
      }
    }
    if (c === ':') {
      const open = CONTAINER_RE.exec(line);
      if (open) {
        let rest = open[4];
        // Docusaurus: `:::tip[Title]`; markdown-it-container: `::: tip Title`.
        const bracket = /^\[(.*)\][ \t]*(\{[^}]*\})?$/.exec(rest);
        if (bracket) rest = bracket[1];
        else rest = rest.replace(/[ \t]*\{[^}]*\}[ \t]*$/, '');
        const t = rest.trim();
        let title: Span | undefined;
        if (t) {
          const q = line.indexOf(t, open[1].length + open[2].length + open[3].length);
          if (q >= 0) title = { start: ls + q, end: ls + q + t.length };
        }
        opener(li, title);
        continue;
      }
      if (CONTAINER_CLOSE_RE.test(line)) {
        opener(li);
        continue;
      }
    }
    if (c === '>') {
      const co = CALLOUT_RE.exec(line);
      // Marked, not blanked: blanks there would turn a title after the marker into indented code.
      if (co) mark(ls + co[1].length, ls + co[1].length + co[2].length);
    }
  }
  if (fence) code.push({ start: fence.start, end: text.length });

  // Bodies are scanned again when they are parsed on their own: leave them to that.
  for (const b of bodies) code.push({ start: lineStarts[b.from], end: lineEnd(b.to - 1) });
  const inCode = (at: number) => code.some((s) => at >= s.start && at < s.end);
  /** An odd number of backticks before `at` on its line: inside inline code. */
  const inInlineCode = (at: number) => {
    let k = 0;
    for (let i = at - 1; i >= 0; i--) {
      const ch = text.charCodeAt(i);
      if (ch === 10 || ch === 13) break;
      if (ch === 96) k++;
    }
    return k % 2 === 1;
  };
  const inlineMatches = (re: RegExp, blankIt: boolean) => {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      if (m.index < bodyStart || inCode(m.index) || inInlineCode(m.index)) continue;
      const span = { start: m.index, end: m.index + m[0].length };
      mark(span.start, span.end, true);
      if (blankIt) blank.push(span);
    }
  };
  inlineMatches(CODE_BLOCK_RE, true);
  if (text.includes('{{<') || text.includes('{{%')) inlineMatches(SHORTCODE_RE, false);
  if (text.includes('{/*')) inlineMatches(MDX_COMMENT_RE, true);
  if (text.includes('@include:')) inlineMatches(INCLUDE_RE, false);
  if (dialect.mdx) mdxInline(text, bodyStart, (s, e) => {
    if (!inCode(s) && !inInlineCode(s)) mark(s, e, true);
  });

  if (!syntax.length && !bodies.length) return undefined;
  syntax.sort((a, b) => a.start - b.start || a.end - b.end);
  // One construct found twice (`{/* … */}` is a comment and an MDX expression): keep one.
  for (let i = syntax.length - 1; i > 0; i--) if (syntax[i].start === syntax[i - 1].start && syntax[i].end === syntax[i - 1].end) syntax.splice(i, 1);
  titles.sort((a, b) => a.start - b.start);
  return { parserText: blankOut(text, blank), syntax, titles, bodies };
}

/** `text` with the spans replaced by spaces (line breaks kept): same length, same lines. */
export function blankOut(text: string, spans: readonly Span[]): string {
  if (!spans.length) return text;
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const s of sorted) {
    const start = Math.max(s.start, pos);
    if (s.end <= start) continue;
    out += text.slice(pos, start) + text.slice(start, s.end).replace(/[^\r\n]/g, ' ');
    pos = s.end;
  }
  return out + text.slice(pos);
}

/**
 * MDX expressions `{…}` (balanced braces, on one line) and JSX tags whose attributes hold
 * expressions (`<Image src={require('./x.png')} />`), which CommonMark would read as text.
 */
function mdxInline(text: string, from: number, report: (start: number, end: number) => void): void {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 /* { */) {
      const end = balanced(text, i);
      if (end > 0) {
        report(i, end);
        i = end - 1;
      }
    } else if (c === 60 /* < */ && /[A-Za-z]/.test(text[i + 1] ?? '')) {
      // A tag up to its `>`, skipping quoted values and {…} expressions.
      let j = i + 1;
      let expr = false;
      for (; j < text.length && j < i + 2000; j++) {
        const d = text.charCodeAt(j);
        if (d === 10 && text.charCodeAt(j + 1) === 10) break;
        if (d === 34 || d === 39) {
          const q = text.indexOf(text[j], j + 1);
          if (q < 0) break;
          j = q;
        } else if (d === 123) {
          const e = balanced(text, j);
          if (e < 0) break;
          expr = true;
          j = e - 1;
        } else if (d === 62) break;
      }
      if (expr && text.charCodeAt(j) === 62) {
        report(i, j + 1);
        i = j;
      }
    }
  }
}

/** The end (after `}`) of a balanced `{…}` starting at `at` on one line, or -1. */
function balanced(text: string, at: number): number {
  let depth = 0;
  for (let j = at; j < text.length && j < at + 500; j++) {
    const d = text.charCodeAt(j);
    if (d === 10 || d === 13) return -1;
    if (d === 123) depth++;
    else if (d === 125 && --depth === 0) return j + 1;
  }
  return -1;
}
