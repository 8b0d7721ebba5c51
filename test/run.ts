// `npm test`: build the apps (browser tests load them), run vitest, and end with the plain
// count line CI reads: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const node = process.execPath;
const bin = (pkg: string, file: string) => join(root, 'node_modules', pkg, file);

const build = spawnSync(node, [bin('vite', 'bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

mkdirSync(join(root, 'test-artifacts'), { recursive: true });
const report = join(root, 'test-artifacts', 'vitest.json');
const args = [bin('vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const run = spawnSync(node, args, { cwd: root, stdio: 'inherit', env: { ...process.env } });

const firstLine = (text: string | undefined) => (text ?? '').split('\n').find((l) => l.trim())?.trim().slice(0, 300) ?? '';

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const json = JSON.parse(readFileSync(report, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    testResults: {
      name: string;
      status: string;
      message?: string;
      assertionResults: { status: string; fullName: string; failureMessages?: string[] }[];
    }[];
  };
  passed = json.numPassedTests;
  failed = json.numFailedTests;
  skipped = json.numPendingTests + json.numTodoTests;
  // A file that failed to load has no test results: count it, or it would vanish.
  failed += json.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length;
  // CI shows only the end of its output: name each failure there, with the first line of why.
  for (const file of json.testResults) {
    const where = file.name.replace(`${root}/`, '');
    if (file.status === 'failed' && file.assertionResults.length === 0) {
      console.log(`FAILED ${where}: ${firstLine(file.message)}`);
    }
    for (const t of file.assertionResults) {
      if (t.status === 'failed') console.log(`FAILED ${where} > ${t.fullName}: ${firstLine(t.failureMessages?.[0])}`);
    }
  }
} catch {
  failed = Math.max(failed, 1);
}
if (run.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || run.status !== 0 ? 1 : 0);
