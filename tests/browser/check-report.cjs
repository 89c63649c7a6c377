// Opens one rollout report in headless Chromium and fails on any console error, page
// error, failed request or network request at all (a report must be self-contained);
// checks that every expected chart is drawn and not empty, with a link that saves it as a
// well-formed SVG file, and every expected table has rows; saves a full-page screenshot.
//
// Usage: node check-report.cjs REPORT.html SCREENSHOT.png ITEM...
//   ITEM: a chart id (figure data-chart), table:ID (table data-table), or observed:ID (a
//   chart with observations drawn over it as visible points)
// Chromium: $ROLLOUT_CHROMIUM or /usr/bin/chromium (Debian's, from scripts/install-deps.sh).
'use strict';
const path = require('path');
const { pathToFileURL } = require('url');

let chromium;
try {
  ({ chromium } = require('playwright-core'));
} catch (e) {
  console.error('playwright-core is not installed in tests/browser: run scripts/install-deps.sh');
  process.exit(1);
}

async function main() {
  const [report, screenshot, ...expected] = process.argv.slice(2);
  if (!report || !screenshot) throw new Error('usage: check-report.cjs REPORT SCREENSHOT ITEM...');
  const url = pathToFileURL(path.resolve(report)).href;
  const browser = await chromium.launch({
    executablePath: process.env.ROLLOUT_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // Sandbox off because CI runs as root; the rest keeps Chromium from calling home on a
    // machine without network (those refused connections would otherwise be noise).
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const problems = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`failed request: ${r.url()}`));
    page.on('request', (r) => {
      if (r.url() !== url) problems.push(`network request (a report must be self-contained): ${r.url()}`);
    });
    const response = await page.goto(url, { waitUntil: 'load' });
    if (!response || !response.ok()) problems.push(`could not open ${url}`);

    const found = await page.evaluate(() => {
      const charts = {};
      for (const figure of document.querySelectorAll('figure.chart')) {
        const svg = figure.querySelector('svg');
        const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
        // Data marks with a visible extent: bands, lines, bars, points, a map's tiles.
        let marks = 0;
        for (const el of svg ? svg.querySelectorAll('.band, .median, .bar, .point, .front, .tile') : []) {
          const b = el.getBBox();
          if (b.width > 0 || b.height > 0) marks += 1;
        }
        let observed = 0;
        for (const el of svg ? svg.querySelectorAll('.observed') : []) {
          const b = el.getBBox();
          if (b.width > 0 && b.height > 0) observed += 1;
        }
        // The link that saves the chart: a data URI holding a well-formed SVG file.
        let saved = 'no link';
        const link = figure.querySelector('a.save-svg');
        if (link && link.href.startsWith('data:image/svg+xml;base64,')) {
          const text = atob(link.href.slice('data:image/svg+xml;base64,'.length));
          const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
          saved = doc.querySelector('parsererror') ? 'not well-formed XML'
                : doc.documentElement.nodeName !== 'svg' ? 'no <svg> root'
                : !doc.querySelector('style') ? 'no styles inside' : 'ok';
        }
        charts[figure.dataset.chart] = {
          width: box.width, height: box.height, marks, observed, saved,
          title: svg ? (svg.querySelector('.chart-title') || {}).textContent || '' : '',
          // Value labels: an axis's ticks, or a tile map's values (it has no axis).
          ticks: svg ? svg.querySelectorAll('.tick, .tile-value').length : 0,
        };
      }
      const tables = {};
      for (const table of document.querySelectorAll('table[data-table]'))
        tables[table.dataset.table] = table.querySelectorAll('tbody tr').length;
      return { charts, tables, title: document.title };
    });

    for (const item of expected) {
      if (item.startsWith('observed:')) {
        const id = item.slice('observed:'.length);
        const chart = found.charts[id];
        if (!chart) problems.push(`chart ${id} is missing`);
        else if (chart.observed === 0) problems.push(`chart ${id} shows no observed point`);
        continue;
      }
      if (item.startsWith('table:')) {
        const id = item.slice('table:'.length);
        if (!(id in found.tables)) problems.push(`table ${id} is missing`);
        else if (found.tables[id] === 0) problems.push(`table ${id} has no rows`);
        continue;
      }
      const chart = found.charts[item];
      if (!chart) {
        problems.push(`chart ${item} is missing (charts present: ${Object.keys(found.charts).join(', ')})`);
        continue;
      }
      if (chart.width < 300 || chart.height < 150)
        problems.push(`chart ${item} is drawn ${chart.width}x${chart.height} px, too small to read`);
      if (chart.marks === 0) problems.push(`chart ${item} has no data drawn`);
      if (chart.ticks < 3) problems.push(`chart ${item} has ${chart.ticks} tick labels`);
      if (!chart.title) problems.push(`chart ${item} has no title`);
      if (chart.saved !== 'ok') problems.push(`chart ${item}'s "save as SVG" link: ${chart.saved}`);
    }
    await page.screenshot({ path: screenshot, fullPage: true });
    const drawn = expected.filter((i) => !i.startsWith('table:') && !i.startsWith('observed:'));
    console.log(`${found.title}: ${drawn.length} charts checked (${drawn.join(', ')}); ` +
                `screenshot ${screenshot}`);
  } finally {
    await browser.close();
  }
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
