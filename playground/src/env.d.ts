/** Build-time inputs of the playground (playground/build.mjs). */
declare module 'zhen:playground-worker' {
  /** The worker bundle (worker.ts) as source text: started from a Blob URL, so the page works from file:// too. */
  const source: string;
  export default source;
}
declare module '*.md' {
  const text: string;
  export default text;
}
declare const ZHEN_VERSION: string;
