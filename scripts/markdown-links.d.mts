/** Types of markdown-links.mjs. */
export function isRelative(target: string): boolean;
export function linkTargets(markdown: string): Array<{ image: boolean; target: string }>;
export function rebaseLinks(markdown: string, fromDir: string): string;
export function anchors(markdown: string): Set<string>;
