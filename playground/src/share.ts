/**
 * The shareable link: the post and the `.zhen.yml` live in the URL's fragment (`#z=…`), which a
 * browser never sends to a server. JSON → UTF-8 → deflate-raw (the browser's own
 * CompressionStream, no library) → base64url. Also run by Node's test runner (Node ≥ 18 has the
 * same streams), see test/playground.share.test.ts.
 */
export interface Shared {
  text: string;
  config: string;
}

const PREFIX = 'z=';
/** Fragments beyond this are not written (Chromium keeps URLs up to 2 MB; others less). */
export const MAX_FRAGMENT = 1_500_000;

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error('not base64url');
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** The fragment (without `#`) that holds a post and its config. */
export async function encodeShare(s: Shared): Promise<string> {
  const json = JSON.stringify({ v: 1, t: s.text, c: s.config });
  return PREFIX + toBase64Url(await pipe(new TextEncoder().encode(json), new CompressionStream('deflate-raw')));
}

/** The post and config of a fragment; undefined when the fragment holds none; throws when it is damaged. */
export async function decodeShare(fragment: string): Promise<Shared | undefined> {
  const f = fragment.replace(/^#/, '');
  if (!f.startsWith(PREFIX)) return undefined;
  let data: { v?: number; t?: unknown; c?: unknown };
  try {
    const bytes = await pipe(fromBase64Url(f.slice(PREFIX.length)), new DecompressionStream('deflate-raw'));
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new Error('its text does not decompress');
  }
  if (data.v !== 1 || typeof data.t !== 'string' || (data.c !== undefined && typeof data.c !== 'string')) throw new Error('not a Zhen playground link');
  return { text: data.t, config: (data.c as string | undefined) ?? '' };
}
