/**
 * `npm run docs`: writes the README's generated parts: the rule tables from the rules' headers
 * (rules.ts) and the peer-case table from a run of the peer cases (peer-cases.ts, when
 * ../shared/corpus is there). `--check`: write nothing, exit 1 when the README is stale.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { measurePeerCases, peerCaseTable } from './peer-cases';
import { replaceSections, withRuleTables } from './rules';

const repo = process.cwd();
const readmeFile = join(repo, 'README.md');
const casesFile = join(repo, '..', 'shared', 'corpus', 'peer-cases', 'cjk-typesetting.jsonl');
const diffFile = join(repo, 'test', 'fixtures', 'typo', 'peer-differences.json');

const before = readFileSync(readmeFile, 'utf8');
let after = withRuleTables(before);
if (existsSync(casesFile)) {
  const table = peerCaseTable(measurePeerCases(casesFile, diffFile));
  after = replaceSections(after, 'peer-cases', () => table);
} else console.warn(`docs: ${casesFile} missing, the peer-case table is left as it is`);

if (process.argv.includes('--check')) {
  if (after !== before) {
    console.error('docs: README.md is stale: run `npm run docs`');
    process.exit(1);
  }
} else if (after !== before) {
  writeFileSync(readmeFile, after);
  console.log('docs: README.md written');
} else console.log('docs: README.md is up to date');
