// Adds up vitest's JSON reports of the CI runs, plus failed checks (type-check, services), prints
// "tests: N passed, N failed[, N skipped]" and exits non-zero on any failure. A run that crashed
// before writing its report, or that exited non-zero with no failed test, counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

const [checksFailedArg, ...runs] = process.argv.slice(2);
let passed = 0;
let failed = Number(checksFailedArg) || 0;
let skipped = 0;

for (let i = 0; i < runs.length; i += 2) {
  const status = Number(runs[i]);
  const file = runs[i + 1];
  if (!existsSync(file)) {
    console.log(`${file}: no report (exit ${status})`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  const suitesFailed = report.testResults.filter((suite) => suite.status === 'failed' && suite.assertionResults.every((a) => a.status !== 'failed')).length;
  if (suitesFailed > 0) {
    console.log(`${file}: ${suitesFailed} test file(s) failed to load or run`);
    failed += suitesFailed;
  } else if (status !== 0 && report.numFailedTests === 0) {
    console.log(`${file}: the run exited ${status} with no failed test`);
    failed += 1;
  }
  if (report.numTotalTests === 0) {
    console.log(`${file}: ran no test`);
    failed += 1;
  }
}

console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
