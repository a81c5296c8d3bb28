/**
 * GitHub Actions workflow commands as the runner reads them (actions/runner, ActionCommand.TryParseV2
 * and its unescaping), written from its documented behaviour for the tests of `--format github`:
 *   - the line, leading white space trimmed, starts with `::`;
 *   - the command info runs to the next `::`; its name to the first space; properties follow,
 *     split on `,` (empty parts dropped), each split on the first `=`;
 *   - a property value is unescaped `%0D` → CR, `%0A` → LF, `%3A` → `:`, `%2C` → `,`, then `%25` → `%`;
 *     the message (after the second `::`) `%0D`, `%0A`, then `%25`.
 */
/** @param {string} s */
const unescapeProperty = (s) => s.split('%0D').join('\r').split('%0A').join('\n').split('%3A').join(':').split('%2C').join(',').split('%25').join('%');
/** @param {string} s */
const unescapeData = (s) => s.split('%0D').join('\r').split('%0A').join('\n').split('%25').join('%');

/**
 * @param {string} line
 * @param {ReadonlySet<string>} registered
 * @returns {{ command: string, properties: Record<string, string>, data: string } | undefined}
 */
export function parseWorkflowCommand(line, registered) {
  const message = line.trimStart();
  if (!message.startsWith('::')) return undefined;
  const end = message.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = message.slice(2, end);
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  if (!registered.has(command)) return undefined;
  /** @type {Record<string, string>} */
  const properties = {};
  if (space > 0) {
    for (const part of info.slice(space + 1).trim().split(',').filter(Boolean)) {
      const eq = part.indexOf('=');
      const key = eq < 0 ? part : part.slice(0, eq);
      const value = eq < 0 ? '' : part.slice(eq + 1);
      // The runner drops a pair without a value (`key=` or `key`).
      if (eq > 0 && value) properties[key] = unescapeProperty(value);
    }
  }
  return { command, properties, data: unescapeData(message.slice(end + 2)) };
}

/**
 * What GitHub's documentation asks of an annotation line (beyond what the parser forgives):
 * problems found, empty when the line is well formed.
 */
/**
 * @param {string} line
 * @returns {string[]}
 */
export function annotationProblems(line) {
  /** @type {string[]} */
  const out = [];
  if (/[\r\n]/.test(line)) out.push('a raw CR or LF inside the line');
  const m = /^::(error|warning|notice)( [^:]*)?::(.*)$/s.exec(line);
  if (!m) return [...out, `not ::error|warning|notice [props]::message: ${line}`];
  const props = (m[2] ?? '').trim();
  const data = m[3];
  if (/%(?!25|0D|0A)/.test(data)) out.push(`an unescaped % in the message: ${data}`);
  /** @type {Map<string, string>} */
  const seen = new Map();
  for (const part of props.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) {
      out.push(`a property without key=value: ${part}`);
      continue;
    }
    const key = part.slice(0, eq);
    const value = part.slice(eq + 1);
    if (!['file', 'line', 'endLine', 'col', 'endColumn', 'title'].includes(key)) out.push(`an unknown property: ${key}`);
    if (seen.has(key)) out.push(`a property twice: ${key}`);
    seen.set(key, value);
    if (!value) out.push(`an empty property: ${key}`);
    if (/%(?!25|0D|0A|3A|2C)/.test(value)) out.push(`an unescaped % in ${key}: ${value}`);
    if (['line', 'endLine', 'col', 'endColumn'].includes(key) && !/^[1-9]\d*$/.test(value)) out.push(`${key} is not a positive number: ${value}`);
  }
  if (seen.has('endLine') && !seen.has('line')) out.push('endLine without line');
  if ((seen.has('col') || seen.has('endColumn')) && seen.get('line') !== seen.get('endLine')) out.push('columns on an annotation over several lines (GitHub ignores them)');
  if (seen.has('line') && seen.has('endLine') && Number(seen.get('endLine')) < Number(seen.get('line'))) out.push('endLine before line');
  if (seen.has('col') && seen.has('endColumn') && Number(seen.get('endColumn')) < Number(seen.get('col'))) out.push('endColumn before col');
  return out;
}
