/**
 * A vitest reporter that writes test-output/failures.json: per failed file, the errors raised outside any test (a
 * beforeAll, an afterAll, an import) and each failed test's first error. vitest's JSON report leaves the former out,
 * so a file whose hook failed would show up in CI only as "skipped" tests; `.ci/run` prints this file next to its
 * last line.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

interface FailedFile {
  readonly file: string;
  readonly errors: string[];
  readonly tests: { name: string; error: string }[];
  readonly notRun: number;
}

const describeError = (e: { message?: string; stack?: string; name?: string }): string =>
  (e.stack ?? `${e.name ?? 'Error'}: ${e.message ?? ''}`)
    .split('\n')
    .filter((line) => !line.includes('node_modules'))
    .slice(0, 6)
    .join('\n');

function failedFile(module: TestModule): FailedFile {
  const errors = [...module.errors(), ...[...module.children.allSuites()].flatMap((s) => s.errors())].map(
    describeError,
  );
  const tests: FailedFile['tests'] = [];
  let notRun = 0;
  for (const test of module.children.allTests()) {
    const result = test.result();
    if (result.state === 'failed') tests.push({ name: test.fullName, error: describeError(result.errors[0] ?? {}) });
    else if (result.state !== 'passed') notRun += 1;
  }
  return { file: module.relativeModuleId, errors, tests, notRun };
}

export default class FailureReporter implements Reporter {
  onTestRunEnd(modules: readonly TestModule[], unhandled: readonly { message?: string; stack?: string }[]): void {
    const files = modules.filter((m) => m.state() === 'failed').map(failedFile);
    mkdirSync('test-output', { recursive: true });
    writeFileSync(
      'test-output/failures.json',
      JSON.stringify({ files, unhandled: unhandled.map(describeError) }, null, 2),
    );
  }
}
