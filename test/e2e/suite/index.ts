/**
 * Entry of the extension-host suite: the `extensionTestsPath` contract of VS Code (and of
 * @vscode/test-electron's runTests): export `run()`; its promise decides the exit code. Runs the
 * mocha tests of `extension.test.ts` and `editor.test.ts` (issue #21) (or, with $ZHEN_E2E_SUITE=house-style, of
 * `house-style.test.ts`) inside the real Node extension host. The host's console does
 * not reach a terminal under code-server, so the report also goes to $ZHEN_E2E_RESULT_FILE.
 */
import { writeFileSync } from 'node:fs';

// mocha ships no types here; this is the part of its API the runner uses.
interface MochaRunner {
  stats?: { passes: number; failures: number; pending: number };
  on(event: 'pass', fn: (t: { fullTitle(): string; duration?: number }) => void): MochaRunner;
  on(event: 'fail', fn: (t: { fullTitle(): string }, err: Error) => void): MochaRunner;
  on(event: 'pending', fn: (t: { fullTitle(): string }) => void): MochaRunner;
}
interface MochaInstance {
  suite: { emit(event: 'pre-require', context: object, file: string, mocha: MochaInstance): void };
  run(done: (failures: number) => void): MochaRunner;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Mocha = require('mocha') as new (opts: object) => MochaInstance;

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000 });
  // Define mocha's tdd globals (suite, test, …), then load the bundled test module.
  const houseStyle = process.env.ZHEN_E2E_SUITE === 'house-style';
  mocha.suite.emit('pre-require', globalThis, houseStyle ? 'house-style.test.js' : 'extension.test.js', mocha);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (houseStyle) require('./house-style.test');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('./extension.test');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('./editor.test');
  }
  const lines: string[] = [];
  const report = () => {
    const text = lines.join('\n') + '\n';
    if (process.env.ZHEN_E2E_RESULT_FILE) writeFileSync(process.env.ZHEN_E2E_RESULT_FILE, text);
    else console.log(text);
  };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const skipped = runner.stats?.pending ?? 0;
      lines.push(`extension host: ${runner.stats?.passes ?? 0} passed, ${runner.stats?.failures ?? failures} failed${skipped ? `, ${skipped} skipped` : ''}`);
      report();
      if (failures) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => lines.push(`ok - ${t.fullTitle()} (${t.duration ?? 0} ms)`));
    runner.on('pending', (t) => lines.push(`skipped - ${t.fullTitle()}`));
    runner.on('fail', (t, err) => lines.push(`not ok - ${t.fullTitle()}\n    ${String(err?.stack ?? err).split('\n').slice(0, 6).join('\n    ')}`));
  });
}
