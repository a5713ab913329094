/**
 * Jest reporter that repeats, after the summary, which suites were skipped and
 * therefore did NOT pass — so a skipped EventStoreDB leg can never be mistaken
 * for a green one at the bottom of a CI log.
 */
class SkippedSuitesReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.testResults
      .map((suite) => ({
        path: require('node:path').relative(process.cwd(), suite.testFilePath),
        count: suite.testResults.filter((t) => t.status === 'pending' || t.status === 'skipped' || t.status === 'todo').length,
      }))
      .filter((s) => s.count > 0);
    for (const s of skipped) {
      process.stdout.write(`SKIPPED, NOT PASSED: ${s.count} test(s) in ${s.path}\n`);
    }
  }
}
module.exports = SkippedSuitesReporter;
