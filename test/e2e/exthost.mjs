#!/usr/bin/env node
// The extension-host suite through @vscode/test-electron's runTests, unchanged: only
// `vscodeExecutablePath` points at code-shim.mjs, which runs the same arguments in code-server.
// On a laptop with desktop VS Code, drop `vscodeExecutablePath` and the same suite runs there.
import { runTests } from '@vscode/test-electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const { ZHEN_E2E_HARNESS: harness, ZHEN_E2E_WORKSPACE: ws, ZHEN_E2E_EXTENSIONS: extensions, ZHEN_E2E_LOCALE: locale } = process.env;
const launchArgs = [ws, `--extensions-dir=${extensions}`];
if (locale) launchArgs.push(`--locale=${locale}`);
try {
  await runTests({
    vscodeExecutablePath: fileURLToPath(new URL('./code-shim.mjs', import.meta.url)),
    extensionDevelopmentPath: harness,
    extensionTestsPath: join(harness, 'index.js'),
    launchArgs,
    reuseMachineInstall: true, // the shim makes a fresh profile itself
    extensionTestsEnv: { ZHEN_E2E_DATA: process.env.ZHEN_E2E_DATA, ZHEN_E2E_RESULT_FILE: process.env.ZHEN_E2E_RESULT_FILE, ZHEN_E2E_SETTINGS: process.env.ZHEN_E2E_SETTINGS ?? '', ZHEN_E2E_SUITE: process.env.ZHEN_E2E_SUITE ?? '' },
  });
} catch (e) {
  console.error(`runTests: ${e.message ?? e}`);
  process.exit(1);
}
