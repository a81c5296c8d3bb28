// `npm run docs [-- --check]`: bundles scripts/docs/main.ts (with the `zhen:rule-docs` plugin, so
// it reads the rules as the CLI does) and runs it from the repository root. See its header.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ruleDocsPlugin } from '../server/src/mcp/rule-docs.plugin.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}out/scripts/docs.js`;
await esbuild.build({ entryPoints: [`${root}scripts/docs/main.ts`], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'es2022', logLevel: 'warning', plugins: [ruleDocsPlugin()] });
try {
  execFileSync(process.execPath, [outfile, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
} catch (e) {
  process.exit(e.status ?? 1);
}
