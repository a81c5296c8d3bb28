// esbuild plugin: the bundle's text in ASCII only, for memory. V8 keeps a script's source for as long as
// its functions live (lazy compilation, `toString`), as a one-byte string when every character is Latin-1
// and as a two-byte string otherwise. esbuild escapes non-ASCII characters in string and template
// literals but leaves them in regular expression literals and comments: about 1,400 characters of
// dist/server.js (the rules' Chinese patterns, `…` in micromark's comments) made its whole 4 M-character
// source a two-byte string of 8 MB in every process and worker (docs/benchmarks.md, perf10). Here every
// UTF-16 unit above U+007F becomes `\uXXXX`: the same character in a regular expression (`\uD83E\uDEA6`
// is one code point under the `u` and `v` flags), a string or a template, a letter of an identifier, and
// nothing at all in a comment; a unit already escaped (`\—`, an identity escape) keeps its backslash. What
// differs is a regular expression's `source` text (`/的/.source` reads `\u7684`), a pattern of the same
// matches: no code of Zhen compares a pattern's source as text (core/literals.ts parses it). The
// source map's generated columns move with the text (only the lines that held such a unit change).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * `code` with every unit above U+007F written as `\uXXXX`, and per line that changed the columns
 * (of `code`) after which characters were inserted, with how many.
 * @param {string} code
 * @returns {{ code: string, shifts: Map<number, Array<[number, number]>> }}
 */
export function escapeNonAscii(code) {
  /** @type {Map<number, Array<[number, number]>>} */
  const shifts = new Map();
  let out = '';
  let from = 0;
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = i + 1;
      continue;
    }
    if (c < 0x80) continue;
    let slashes = 0;
    while (i - 1 - slashes >= 0 && code.charCodeAt(i - 1 - slashes) === 92) slashes++;
    const hex = c.toString(16).toUpperCase().padStart(4, '0');
    // After an odd run of backslashes the unit is escaped already (`\—`): `\` + `u2014` is `\u2014`.
    const escape = slashes % 2 === 1 ? `u${hex}` : `\\u${hex}`;
    out += code.slice(from, i) + escape;
    from = i + 1;
    let list = shifts.get(line);
    if (!list) shifts.set(line, (list = []));
    list.push([i - lineStart, escape.length - 1]);
  }
  return { code: from === 0 ? code : out + code.slice(from), shifts };
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The first base64 VLQ value of a source map segment, and how many characters it took. */
function firstVlq(segment) {
  let value = 0;
  let shift = 0;
  let i = 0;
  for (;;) {
    const digit = B64.indexOf(segment[i++]);
    if (digit < 0) throw new Error(`ascii-output: bad source map segment ${segment}`);
    value += (digit & 31) * 2 ** shift;
    if (!(digit & 32)) break;
    shift += 5;
  }
  const magnitude = Math.floor(value / 2);
  return [value % 2 ? -magnitude : magnitude, i];
}

function vlq(n) {
  let x = n < 0 ? -n * 2 + 1 : n * 2;
  let s = '';
  do {
    let digit = x % 32;
    x = Math.floor(x / 32);
    if (x > 0) digit |= 32;
    s += B64[digit];
  } while (x > 0);
  return s;
}

/**
 * A source map's `mappings` with the generated columns of the lines in `shifts` moved: a column
 * after an inserted run moves by the run's length.
 * @param {string} mappings
 * @param {Map<number, Array<[number, number]>>} shifts
 */
export function shiftMappings(mappings, shifts) {
  if (!shifts.size) return mappings;
  const lines = mappings.split(';');
  for (const [line, list] of shifts) {
    if (line >= lines.length || !lines[line]) continue;
    let old = 0;
    let moved = 0;
    const segments = lines[line].split(',').map((segment) => {
      const [delta, used] = firstVlq(segment);
      old += delta;
      let col = old;
      for (const [at, by] of list) if (at < old) col += by;
      const s = vlq(col - moved) + segment.slice(used);
      moved = col;
      return s;
    });
    lines[line] = segments.join(',');
  }
  return lines.join(';');
}

/** The generated columns of a source map's `mappings`, per line (for the tests). */
export function generatedColumns(mappings) {
  return mappings.split(';').map((line) => {
    let col = 0;
    return line ? line.split(',').map((segment) => (col += firstVlq(segment)[0])) : [];
  });
}

/** The plugin: the build's `.js` outputs escaped, their `.js.map` moved to match; then written. */
export function asciiOutputPlugin() {
  return {
    name: 'zhen-ascii-output',
    setup(build) {
      const write = build.initialOptions.write !== false;
      build.initialOptions.write = false;
      build.onEnd((result) => {
        if (!result.outputFiles) return;
        const shiftsOf = new Map();
        const files = result.outputFiles.map((f) => ({ path: f.path, text: f.text }));
        for (const f of files) {
          if (!f.path.endsWith('.js')) continue;
          const { code, shifts } = escapeNonAscii(f.text);
          f.text = code;
          shiftsOf.set(f.path + '.map', shifts);
        }
        for (const f of files) {
          const shifts = shiftsOf.get(f.path);
          if (!shifts?.size) continue;
          const map = JSON.parse(f.text);
          map.mappings = shiftMappings(map.mappings, shifts);
          f.text = JSON.stringify(map);
        }
        if (!write) return;
        for (const f of files) {
          mkdirSync(dirname(f.path), { recursive: true });
          writeFileSync(f.path, f.text);
        }
      });
    },
  };
}
