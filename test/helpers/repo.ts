import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The repository root: the nearest folder above this module that holds esbuild.mjs. A test file
 * is bundled to out/test/ (or a folder below it) and the code several test files share to
 * out/test-chunks/ (scripts/build-common.mjs), so a fixed number of `..` fits only some of them;
 * a package.json is no mark either (both folders hold one, for `"type": "module"`).
 */
export const repoRoot: string = (() => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'esbuild.mjs')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();
