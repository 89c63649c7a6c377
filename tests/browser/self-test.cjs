// The browser check must be able to fail: run it on data/broken-report.html and expect it
// to exit 1 naming each problem planted there.
'use strict';
const { spawnSync } = require('child_process');
const path = require('path');

const screenshot = process.argv[2];
const result = spawnSync(process.execPath,
  [path.join(__dirname, 'check-report.cjs'), path.join(__dirname, 'data', 'broken-report.html'),
   screenshot, 'empty', 'absent', 'table:missing'],
  { encoding: 'utf8' });
const expected = ['network request', 'console error: something broke', 'chart empty has no data drawn',
                  'chart absent is missing', 'table missing is missing'];
const missing = expected.filter((e) => !result.stderr.includes(e));
if (result.status !== 1 || missing.length > 0) {
  console.error(`check-report.cjs exited ${result.status}; did not report: ${missing.join('; ')}`);
  console.error(result.stderr);
  process.exit(1);
}
console.log(`check-report.cjs caught all ${expected.length} planted problems`);
