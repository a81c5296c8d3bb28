/**
 * The normal form of a Latin name, shared by the term rules, the workspace summary and the data
 * generator (`scripts/term-data.ts`): full-width letters and digits made half-width, lower case,
 * and spaces, hyphens (U+002D, U+2010, U+2011), underscores and dots dropped. `Go Modules`,
 * `go-modules`, `Ｇｏ ｍｏｄｕｌｅｓ` and `go_modules` share one key; so do `Node.js` and `NodeJS`.
 */

/** Full-width ASCII (U+FF01–U+FF5E) to half-width; other characters unchanged. */
export function halfWidth(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= 0xff01 && c <= 0xff5e ? String.fromCharCode(c - 0xfee0) : s[i];
  }
  return out;
}

export function nameKey(s: string): string {
  return halfWidth(s).toLowerCase().replace(/[\s_.\-\u2010\u2011\u00a0]+/g, '');
}

/** The key names cluster by: nameKey without a final plural `s` (`DevTools` and `dev tools`, `pods` and `Pod`; not the `S` of a name in capitals: `NATS`). */
export function clusterKey(s: string): string {
  const k = nameKey(s);
  // A capital `S` after a capital is part of the name (`NATS` is not the plural of `NAT`, that would be `NATs`;
  // `ReFS`), and so is the `s` of `js` (`Node.js`, `NodeJS`).
  return k.length > 3 && k.endsWith('s') && !/(?:ss|js)$/.test(k) && !/[A-Z]S$/.test(halfWidth(s)) ? k.slice(0, -1) : k;
}
