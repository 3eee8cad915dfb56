// Prints "<passed> <failed>" on stdout from vitest's JSON report, and on stderr a short account of what failed, read
// from test-output/failures.json (tests/support/failure-reporter.ts): CI shows only the tail of its output, so the
// reason must sit next to the last line. Tests that did not run in a file that failed outside any test (a hook, an
// import) count as failed, at least one per such file, so a red run never ends with "0 failed".
// Run with Node 24 directly (type stripping): node tools/ci/test-summary.ts test-output/results.json
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import process from 'node:process';

interface Report {
  numPassedTests?: number;
  numFailedTests?: number;
}
interface Failures {
  files: { file: string; errors: string[]; tests: { name: string; error: string }[]; notRun: number }[];
  unhandled: string[];
}

const reportPath = process.argv[2] ?? 'test-output/results.json';
const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
const failuresPath = join(dirname(reportPath), 'failures.json');
const failures: Failures = existsSync(failuresPath)
  ? (JSON.parse(readFileSync(failuresPath, 'utf8')) as Failures)
  : { files: [], unhandled: [] };
const indent = (text: string, pad: string): string =>
  text
    .split('\n')
    .map((line) => pad + line)
    .join('\n');

let failed = report.numFailedTests ?? 0;
const lines: string[] = [];
for (const file of failures.files) {
  lines.push(`  ${file.file}`);
  for (const error of file.errors) lines.push(indent(error, '    ! '));
  for (const test of file.tests) lines.push(`    ✗ ${test.name}`, indent(test.error, '      '));
  if (file.errors.length > 0 || file.tests.length === 0) {
    failed += Math.max(file.tests.length === 0 ? 1 : 0, file.notRun);
    if (file.notRun > 0) lines.push(`    (${file.notRun} test(s) did not run: counted as failed)`);
  }
}
for (const error of failures.unhandled) lines.push(indent(error, '  unhandled: '));
if (failures.unhandled.length > 0) failed = Math.max(failed, 1);
if (lines.length > 0) process.stderr.write(`\nWhat failed:\n${lines.join('\n')}\n\n`);
process.stdout.write(`${report.numPassedTests ?? 0} ${failed}\n`);
