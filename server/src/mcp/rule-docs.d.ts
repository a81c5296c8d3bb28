/** Each rule's header comment by rule id, read at build time (rule-docs.plugin.mjs). */
declare module 'zhen:rule-docs' {
  const docs: Record<string, string>;
  export default docs;
}
