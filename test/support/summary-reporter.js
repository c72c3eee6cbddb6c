// Prints the plain closing line CI reads ("N passed, N failed") and, when TEST_SUMMARY_FILE is set,
// writes the counts there so .ci/run can add up several runs.
import fs from 'node:fs';

export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const passed = results.numPassedTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    if (process.env.TEST_SUMMARY_FILE) {
      fs.writeFileSync(process.env.TEST_SUMMARY_FILE, JSON.stringify({ passed, failed }));
    }
    console.log(`\n${passed} passed, ${failed} failed`);
  }
}
