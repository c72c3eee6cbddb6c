// Prints the plain closing line CI reads ("N passed, N failed, N skipped") and, when TEST_SUMMARY_FILE is
// set, writes the counts there so .ci/run can add up several runs. Skipped tests (e.g. the corpora tests on
// a clone without ../shared/corpora) are counted apart, never as passed.
import fs from 'node:fs';

export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const passed = results.numPassedTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    if (process.env.TEST_SUMMARY_FILE) {
      fs.writeFileSync(process.env.TEST_SUMMARY_FILE, JSON.stringify({ passed, failed, skipped }));
    }
    console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}
