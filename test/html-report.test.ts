import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { buildPlan } from '../harness/plan.ts';
import { runPlan } from '../harness/runner.ts';
import { CHARTS } from '../report/charts/index.ts';
import { renderCharts, type RenderedChart } from '../report/charts/render.ts';
import { renderHtml, writeHtmlReport } from '../report/html.ts';
import { caseProblem } from '../report/issue.ts';
import type { Report } from '../report/schema.ts';
import { tableData } from '../report/table.ts';
import { chromiumPath } from './browser.ts';
import { ROOT } from './cli-helpers.ts';
import { testSuite } from './helpers.ts';

const SCREENSHOT = join(ROOT, 'results', 'report-screenshot.png');
// Skipping is a decision someone makes with the variable; a missing browser otherwise fails the test.
const skipBrowser = process.env.FANOUT_SKIP_BROWSER === '1' ? 'FANOUT_SKIP_BROWSER=1: report.html is not opened in a browser' : false;

const dir = mkdtempSync(join(tmpdir(), 'fanout-html-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// One real run (three strategies, two concurrencies, the real target) feeds every test, made on first use.
let run: Promise<{ report: Report; charts: RenderedChart[] }> | undefined;
function realRun() {
  run ??= (async () => {
    const report = await runPlan(buildPlan(testSuite, { strategies: ['sequential', 'limited-pool', 'promise-all'], concurrency: [2, 4] }));
    return { report, charts: await renderCharts(report) };
  })();
  return run;
}

test('report.html escapes the report\'s text, and shows a partial run and the cases not ok with their problems', async () => {
  const { report, charts } = await realRun();
  const hostile = '<script>alert("x")</script> & \'q\'';
  const edited: Report = structuredClone(report);
  edited.partial = true;
  edited.config.suite = hostile;
  edited.meta.cpuModel = hostile;
  edited.meta.versions[hostile] = hostile;
  const failed = edited.cases[0]!;
  failed.state = 'failed';
  failed.problems = ['iteration 1: 11 of 12 requests answered', `problem with ${hostile}`, 'third', 'fourth'].map((message) => caseProblem('note', {}, message));

  const html = renderHtml(edited, charts);
  assert.ok(!html.includes('<script'), 'no report string reaches the page unescaped');
  assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;'));
  assert.match(html, /class="banner"[^>]*><strong>Partial report/);
  // Every problem, not just the three the terminal shows, under the case's id and state.
  assert.ok(html.includes(`<h3>${failed.id}: failed</h3>`));
  for (const problem of ['iteration 1: 11 of 12 requests answered', 'third', 'fourth']) assert.ok(html.includes(`<li>${problem}</li>`), problem);
  assert.match(html, new RegExp(`<tr class="case not-ok" data-case="${failed.id}">`));
  assert.doesNotMatch(html, /https?:\/\//, 'no URL anywhere: nothing to load');
});

test('report.html in headless Chromium: five charts drawn, a row per case, no errors and no requests but the file', { skip: skipBrowser, timeout: 60_000 }, async () => {
  const chromiumFound = await chromiumPath();
  assert.ok('path' in chromiumFound, `no Chromium: ${'missing' in chromiumFound ? chromiumFound.missing : ''}; set CHROMIUM_PATH to a Chromium binary, or FANOUT_SKIP_BROWSER=1 to skip this test`);
  const { report } = await realRun();
  const path = await writeHtmlReport(report, dir);
  assert.equal(path, join(dir, 'report.html'));
  const url = pathToFileURL(path).href;

  const browser = await chromium.launch({
    executablePath: chromiumFound.path,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
    await page.goto(url, { waitUntil: 'load' });

    assert.equal(await page.title(), `fanout report: suite ${report.config.suite}, ${report.meta.createdAt.slice(0, 10)} ${report.meta.createdAt.slice(11, 16)} UTC`);

    // Each chart: its own figure, titled, with an SVG the layout gave a real size, and how to read it.
    const figures = page.locator('figure');
    assert.equal(await figures.count(), CHARTS.length);
    assert.equal(CHARTS.length, 5);
    for (const definition of CHARTS) {
      const figure = page.locator(`figure#chart-${definition.name}`);
      assert.equal(await figure.locator('figcaption').innerText(), definition.title);
      const box = await figure.locator('svg').first().boundingBox();
      assert.ok(box && box.width > 50 && box.height > 50, `${definition.name}: svg box ${JSON.stringify(box)}`);
      assert.match(await figure.locator('p.how').innerText(), /^How to read this\./);
    }

    // One row per case, with the terminal table's cells (tableData), line for line.
    const rows = page.locator('#results-table tbody tr.case');
    assert.equal(await rows.count(), report.cases.length);
    const expected = tableData(report).rows.flatMap((row) => ('cells' in row ? [row.cells] : []));
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td as HTMLElement).innerText)));
    assert.deepEqual(shown, expected);

    assert.deepEqual(errors, []);
    assert.deepEqual(requests, [url], 'the page loads nothing but itself');

    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  } finally {
    await browser.close();
  }
  const png = readFileSync(SCREENSHOT);
  assert.ok(png.length > 10_000, `screenshot of ${png.length} bytes`);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG signature');
});
