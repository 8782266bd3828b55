// UI benchmark (issue: desktop app), measured in Debian's Chromium through playwright-core:
//   1. launch → interactive: from spawning the browser shell on a copy of the demo workbook to
//      the demo's pillars on screen, against a reference launched the same way in the same run
//      (a bare Node HTTP server serving a one-line page);
//   2. a 1,000,000-row result table (an import cell's capture): time from a keystroke in the
//      filter to the filtered rows on screen, against a reference in the same page (a bare
//      String.includes loop over the same rows' text), and scrolling (frame times);
//      (a table this big stays on the Node side: the grid shows it a page of 5,000 rows at a time,
//      filtered and sorted over every row there, so the filter measured is that round trip);
//   3. a workbook whose capture holds 500,000 runs (BIG_PAGES × 1,000, captured by the run pipeline
//      from a server with MLflow's rules): launch → interactive, the pillar opened to its first page
//      of rows, the next page, a filter over every row;
//   4. a table of 400 columns × 5,000 rows scrolled right and down (frame times);
//   5. a query cell of the demo (6 rows): its SQL changed in the editor and saved, then Shift+Enter
//      → the new result's rows in the DOM, against the server's part of the same run measured in
//      the same page (POST cell:run of that cell, no UI);
// then the ratios, last. Targets: interactive < 1.5 s (< 2 s with 500,000 runs), filter < 100 ms,
// a small query < 300 ms from Shift+Enter to rows.
//   npm run bench:ui           (ROWS=200000 npm run bench:ui for a quick run)
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { addCell } from '../core/cells';
import { TOKEN_HEADER } from '../core/contract';
import type { Cell } from '../core/workbook/schema';
import { loadWorkbook, saveWorkbook } from '../core/workbook/store';
import { importCapture, runCells } from '../node/evidence/engine';
import { nodeFileSystem as fs } from '../node/node-file-system';
import { launchChromium, startWebShell, waitForText } from '../test/helpers/browser-shell';
import { copyFixture, tempDir } from '../test/helpers/workbooks';
import { generatePages, servePages } from './runs-pages';
import { runsSearchCell } from '../test/helpers/mlflow-runs';

const ROWS = Number(process.env['ROWS'] ?? 1_000_000);
const ROUNDS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The reference launch: a bare HTTP server started as a child the same way, serving one page. */
async function referenceLaunch(page: Page): Promise<number> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      '-e',
      "require('http').createServer((q,s)=>s.end('<title>ref</title><div id=ready>ready</div>')).listen(0,'127.0.0.1',function(){console.log('on http://127.0.0.1:'+this.address().port+'/')})",
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve) => child.stdout.on('data', (d: Buffer) => resolve(/on (\S+)/.exec(d.toString())![1]!)));
  await page.goto(url);
  await page.locator('#ready').waitFor();
  const ms = performance.now() - started;
  child.kill();
  return ms;
}

async function launchToInteractive(
  page: Page,
  dir: string,
  home: string,
  then?: (page: Page) => Promise<void>,
): Promise<{ ms: number; serverMs: number }> {
  const started = performance.now();
  const shell = await startWebShell(dir, home);
  const serverMs = performance.now() - started;
  await page.goto(`${shell.url}/`);
  await page.locator('[data-ready] .pillars li').first().waitFor({ timeout: 30_000 });
  const ms = performance.now() - started;
  await then?.(page);
  await shell.stop();
  return { ms, serverMs };
}

const WIDE = { columns: 400, rows: 5000 };

/** Imports a wide CSV into a new cell, opens it, and measures 120 frames scrolling diagonally. */
async function wideTableScroll(page: Page, dir: string, home: string): Promise<{ frames: number[]; p95: number; inPage: number }> {
  const csv = join(home, 'wide.csv');
  const lines = [Array.from({ length: WIDE.columns }, (_, c) => `field_${c}`).join(',')];
  for (let r = 0; r < WIDE.rows; r++) lines.push(Array.from({ length: WIDE.columns }, (_, c) => `r${r}c${c}`).join(','));
  writeFileSync(csv, `${lines.join('\n')}\n`);
  const cell = { id: 'wide-page', title: 'Wide', kind: 'import', format: 'csv', sourceCommand: 'bench', mutating: false, captures: [] };
  await saveWorkbook(fs, dir, addCell(await loadWorkbook(fs, dir), 5, cell as unknown as Cell));
  await importCapture(dir, 'wide-page', { file: csv, command: 'bench' });
  const shell = await startWebShell(dir, home);
  await page.goto(`${shell.url}/`);
  await page.locator('[data-ready]').waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: /5\. Tag-driven governance/ }).click();
  const view = page.locator('article[aria-label="cell wide-page"]');
  await waitForText(view.locator('.grid-count'), `${WIDE.rows.toLocaleString('en')} rows`, 120_000);
  const inPage = await view.locator('[role=columnheader]').count();
  const frames = (await page.evaluate(`new Promise((resolve) => {
    const el = document.querySelector('article[aria-label="cell wide-page"] .grid-scroll');
    const times = []; let last = performance.now(); let i = 0;
    const step = () => { const now = performance.now(); times.push(now - last); last = now;
      el.scrollTo({ left: (i * 7919) % el.scrollWidth, top: (i * 1931) % el.scrollHeight }); if (++i < 120) requestAnimationFrame(step); else resolve(times.slice(2)); };
    requestAnimationFrame(step);
  })`)) as number[];
  await shell.stop();
  const sorted = [...frames].sort((a, b) => a - b);
  return { frames, p95: sorted[Math.floor(sorted.length * 0.95)]!, inPage };
}

/**
 * Shift+Enter in a query cell's editor → the rows of its new result in the DOM, each round with new
 * SQL (a new column, so the rows shown are the new result's), after a warm-up round that opens
 * DuckDB; and, as reference, the server's part: POST cell:run of the same cell from the page.
 */
async function queryShiftEnter(page: Page, dir: string, home: string): Promise<{ ui: number[]; server: number[] }> {
  const shell = await startWebShell(dir, home);
  try {
    await page.goto(`${shell.url}/`);
    await page.locator('[data-ready]').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: /5\. Tag-driven governance/ }).click();
    const cell = page.locator('article[aria-label="cell run-durations"]');
    const ui: number[] = [];
    const server: number[] = [];
    for (let round = 0; round <= ROUNDS; round++) {
      await cell.locator('.monaco-editor').first().click();
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText(`SELECT run_name, ${round} AS round_${round} FROM runs ORDER BY run_name`);
      await page.locator('.save-state.saved').waitFor({ timeout: 60_000 });
      const t = performance.now();
      await page.keyboard.press('Shift+Enter');
      await cell.getByRole('columnheader', { name: `round_${round}` }).waitFor({ timeout: 60_000 });
      if (round > 0) ui.push(performance.now() - t); // round 0 opens DuckDB and loads the evidence
    }
    // The server's part, after the UI rounds: a request from outside the window's own calls changes
    // workbook.json under it, which the window rightly treats as someone else's change.
    for (let round = 0; round <= ROUNDS; round++) {
      const ms = (await page.evaluate(`(async () => {
        const token = document.querySelector('meta[name="${TOKEN_HEADER}"]').content;
        const t = performance.now();
        const r = await fetch('./api/cell:run', { method: 'POST', headers: { 'content-type': 'application/json', '${TOKEN_HEADER}': token },
          body: JSON.stringify({ dir: ${JSON.stringify(dir)}, cell: 'run-durations' }) });
        if (!r.ok) throw new Error('cell:run answered ' + r.status);
        await r.json();
        return performance.now() - t;
      })()`)) as number;
      if (round > 0) server.push(ms);
    }
    return { ui, server };
  } finally {
    await shell.stop();
  }
}

const BIG_PAGES = Number(process.env['BIG_PAGES'] ?? 500);

/** Captures BIG_PAGES pages of runs into a copy of the demo, then opens it in the browser shell. */
async function bigCapture(
  page: Page,
  home: string,
): Promise<{ runs: number; captureMs: number; interactiveMs: number; firstPageMs: number; nextPageMs: number; filterMs: number }> {
  const { dir: pagesDir } = generatePages(BIG_PAGES, 1000);
  const server = await servePages(pagesDir, BIG_PAGES, 1000);
  const copy = await copyFixture('demo-helix-backbone');
  try {
    const cell = { ...runsSearchCell(server.url, 1000, '0'), mutating: false, captures: [] };
    await saveWorkbook(fs, copy.dir, addCell(await loadWorkbook(fs, copy.dir), 5, cell as unknown as Cell));
    let t = performance.now();
    const [outcome] = await runCells(copy.dir, { cell: 'all-runs' });
    if (outcome?.status !== 'captured') throw new Error(`the capture failed: ${JSON.stringify(outcome)}`);
    const captureMs = performance.now() - t;
    let firstPageMs = 0;
    let nextPageMs = 0;
    let filterMs = 0;
    // Launch → interactive as for the demo: a warm-up, then the median of ROUNDS.
    await launchToInteractive(page, copy.dir, home);
    const launches: number[] = [];
    for (let i = 0; i < ROUNDS; i++) launches.push((await launchToInteractive(page, copy.dir, home)).ms);
    const interactiveMs = median(launches);
    await launchToInteractive(page, copy.dir, home, async (p) => {
      t = performance.now();
      await p.getByRole('button', { name: /5\. Tag-driven governance/ }).click();
      const pager = p.locator('article[aria-label="cell all-runs"]').getByRole('group', { name: 'pages of rows' });
      await waitForText(pager, `rows 1–5,000 of ${(BIG_PAGES * 1000).toLocaleString('en')}`, 60_000);
      await p.locator('article[aria-label="cell all-runs"] [role=row].grid-row').first().waitFor();
      firstPageMs = performance.now() - t;
      t = performance.now();
      await pager.getByRole('button', { name: 'next rows' }).click();
      await waitForText(pager, 'rows 5,001–10,000', 60_000);
      nextPageMs = performance.now() - t;
      t = performance.now();
      await p.locator('article[aria-label="cell all-runs"]').getByLabel('Filter rows').fill('train-4242');
      await waitForText(p.locator('article[aria-label="cell all-runs"] .grid-count'), / of /, 60_000);
      filterMs = performance.now() - t;
    });
    return { runs: BIG_PAGES * 1000, captureMs, interactiveMs, firstPageMs, nextPageMs, filterMs };
  } finally {
    await server.close();
    await copy.cleanup();
  }
}

async function main() {
  const demo = await copyFixture('demo-helix-backbone');
  const home = await tempDir('aw-bench-home-');
  const browser = await launchChromium();
  try {
    // Warm-up of both (disk cache, Chromium's first navigation), not counted.
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await referenceLaunch(page);
    await launchToInteractive(page, demo.dir, home.dir);
    const ref: number[] = [];
    const ours: { ms: number; serverMs: number }[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      ref.push(await referenceLaunch(page));
      ours.push(await launchToInteractive(page, demo.dir, home.dir));
    }
    const launch = { ours: median(ours.map((o) => o.ms)), server: median(ours.map((o) => o.serverMs)), ref: median(ref) };
    console.log(
      `launch → interactive demo: ${launch.ours.toFixed(0)} ms (server up in ${launch.server.toFixed(0)} ms) · reference bare page ${launch.ref.toFixed(0)} ms · medians of ${ROUNDS}`,
    );

    // A query cell: Shift+Enter → rows, on the demo while its evidence is small.
    const query = await queryShiftEnter(page, demo.dir, home.dir);
    console.log(
      `query cell Shift+Enter → rows in the DOM: median ${median(query.ui).toFixed(0)} ms (max ${Math.max(...query.ui).toFixed(0)}) · the server's part (POST cell:run) ${median(query.server).toFixed(0)} ms · medians of ${ROUNDS}`,
    );

    // A million-row capture, imported as CSV into a cell of pillar 5.
    const csv = join(home.dir, 'runs.csv');
    const lines = ['run_id,experiment_id,user_id,duration_s'];
    for (let r = 0; r < ROWS; r++) lines.push(`${r.toString(16).padStart(32, '0')},${r % 97},user-${r % 1013},${(r * 7919) % 86400}`);
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const wb = await loadWorkbook(fs, demo.dir);
    await saveWorkbook(
      fs,
      demo.dir,
      addCell(wb, 5, {
        id: 'million-runs',
        title: 'A million runs',
        kind: 'import',
        format: 'csv',
        sourceCommand: 'bench',
        mutating: false,
        captures: [],
      } as unknown as Cell),
    );
    let t = performance.now();
    await importCapture(demo.dir, 'million-runs', { file: csv, command: 'bench' });
    console.log(`imported ${ROWS.toLocaleString('en')} rows in ${((performance.now() - t) / 1000).toFixed(1)} s (not a target)`);
    const shell = await startWebShell(demo.dir, home.dir);
    await page.goto(`${shell.url}/`);
    await page.locator('[data-ready]').waitFor({ timeout: 30_000 });
    t = performance.now();
    await page.getByRole('button', { name: /5\. Tag-driven governance/ }).click();
    const cell = page.locator('article[aria-label="cell million-runs"]');
    await waitForText(cell, `${ROWS.toLocaleString('en')} rows`, 120_000);
    console.log(
      `opened the ${ROWS.toLocaleString('en')}-row table in ${((performance.now() - t) / 1000).toFixed(1)} s (its first page, from the Node side; not a target)`,
    );

    const filter = cell.getByLabel('Filter rows');
    const count = cell.locator('.grid-count');
    const filterMs: number[] = [];
    const needles = ['user-7', 'user-1012', '0000abc', 'user-55', 'user-3', 'user-999', 'zzz'];
    // First filter builds the search index once; it is reported apart.
    await filter.fill('user-1');
    await waitForText(count, ' of ');
    const first = Number(await count.getAttribute('data-filter-ms'));
    for (const needle of needles) {
      await filter.fill('');
      await waitForText(count, /^[\d,]+ rows$/);
      await filter.fill(needle);
      await waitForText(count, ' of ');
      filterMs.push(Number(await count.getAttribute('data-filter-ms')));
    }
    // Reference: the bare loop over the same rows' text, in the same page.
    const refFilter = (await page.evaluate(`(() => {
      const rows = ${ROWS}; const texts = new Array(rows);
      for (let r = 0; r < rows; r++) texts[r] = (r.toString(16).padStart(32, '0') + '\\u0000' + (r % 97) + '\\u0000user-' + (r % 1013) + '\\u0000' + ((r * 7919) % 86400)).toLowerCase();
      const times = [];
      for (const n of ${JSON.stringify(needles)}) { const t = performance.now(); const hits = []; for (let r = 0; r < rows; r++) if (texts[r].includes(n)) hits.push(r); times.push(performance.now() - t); }
      return times;
    })()`)) as number[];
    console.log(
      `filter ${ROWS.toLocaleString('en')} rows: median ${median(filterMs).toFixed(1)} ms keystroke → rows on screen (max ${Math.max(...filterMs).toFixed(1)}; first filter incl. building the index ${first.toFixed(0)} ms) · reference bare loop ${median(refFilter).toFixed(1)} ms`,
    );

    // Scrolling: 120 frames jumping through the table, frame times measured in the page.
    await filter.fill('');
    await waitForText(count, /^[\d,]+ rows$/);
    const frames = (await page.evaluate(`new Promise((resolve) => {
      const el = document.querySelector('article[aria-label="cell million-runs"] .grid-scroll');
      const times = []; let last = performance.now(); let i = 0;
      const step = () => { const now = performance.now(); times.push(now - last); last = now;
        el.scrollTop = (i * 8191 * 26) % el.scrollHeight; if (++i < 120) requestAnimationFrame(step); else resolve(times.slice(2)); };
      requestAnimationFrame(step);
    })`)) as number[];
    const sorted = [...frames].sort((a, b) => a - b);
    console.log(
      `scroll ${ROWS.toLocaleString('en')} rows: median frame ${median(frames).toFixed(1)} ms, p95 ${sorted[Math.floor(sorted.length * 0.95)]!.toFixed(1)} ms over ${frames.length} frames (16.7 ms = 60 fps)`,
    );
    await shell.stop();

    // A workbook whose capture holds BIG_PAGES × 1,000 runs, captured by the run pipeline from a
    // server with MLflow's rules: launch → interactive, then the pillar opened to its first page of rows.
    const big = await bigCapture(page, home.dir);
    console.log(
      `workbook holding ${big.runs.toLocaleString('en')} runs: launch → interactive ${big.interactiveMs.toFixed(0)} ms · pillar opened to its first page of rows ${big.firstPageMs.toFixed(0)} ms · next page ${big.nextPageMs.toFixed(0)} ms · filter over every row ${big.filterMs.toFixed(0)} ms (captured in ${(big.captureMs / 1000).toFixed(1)} s, not a target)`,
    );

    // A capture flattened into hundreds of columns: scrolling right and down together.
    const wide = await wideTableScroll(page, demo.dir, home.dir);
    console.log(
      `scroll ${WIDE.columns} columns × ${WIDE.rows.toLocaleString('en')} rows: median frame ${median(wide.frames).toFixed(1)} ms, p95 ${wide.p95.toFixed(1)} ms; ${wide.inPage} of ${WIDE.columns} header cells in the page`,
    );

    console.log('');
    console.log(
      `ratio launch → interactive vs bare page: ${(launch.ours / launch.ref).toFixed(2)}× · vs the 1.5 s target: ${(launch.ours / 1500).toFixed(2)} (≤ 1 meets it)`,
    );
    console.log(
      `ratio scroll frame vs 60 fps: ${ROWS.toLocaleString('en')} rows ${(median(frames) / 16.7).toFixed(2)}, ${WIDE.columns} columns ${(median(wide.frames) / 16.7).toFixed(2)} (≤ 1.1 holds 60 fps)`,
    );
    console.log(
      `ratio launch → interactive with ${big.runs.toLocaleString('en')} runs vs the 2 s target: ${(big.interactiveMs / 2000).toFixed(2)}, first page of rows ${(big.firstPageMs / 2000).toFixed(2)} (≤ 1 meets it)`,
    );
    console.log(
      `ratio query Shift+Enter → rows vs the server's part: ${(median(query.ui) / median(query.server)).toFixed(2)}× · vs the 300 ms target: ${(median(query.ui) / 300).toFixed(2)} (≤ 1 meets it)`,
    );
    console.log(
      `ratio filter ${ROWS.toLocaleString('en')} rows vs bare loop: ${(median(filterMs) / median(refFilter)).toFixed(2)}× · vs the 100 ms target: ${(median(filterMs) / 100).toFixed(2)} (≤ 1 meets it)`,
    );
  } finally {
    await browser.close();
    await demo.cleanup();
    await home.cleanup();
  }
}

await main();
