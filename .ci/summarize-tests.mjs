// Prints the skipped tests (each skip states its reason in the test output) and one plain closing
// line, 'vitest: N passed, N failed, N skipped', from vitest's JSON report.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const skipped = [];
for (const file of report.testResults ?? []) {
  for (const t of file.assertionResults ?? []) {
    if (t.status === 'skipped' || t.status === 'pending' || t.status === 'todo') skipped.push(`${file.name.replace(`${process.cwd()}/`, '')} > ${t.fullName}`);
  }
}
if (skipped.length > 0) console.log(`skipped tests:\n${skipped.map((s) => `  - ${s}`).join('\n')}`);
const skippedTotal = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`vitest: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skippedTotal} skipped`);
