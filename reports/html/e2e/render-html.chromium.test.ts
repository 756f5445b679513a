import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleRunResult } from '../../fixtures/sample-run-result.ts';
import { renderHtml } from '../render-html.ts';

const chromiumPath = '/usr/bin/chromium';
const available = existsSync(chromiumPath);
if (!available)
  console.log(`skipping the HTML report browser test: ${chromiumPath} is not installed (Debian package 'chromium')`);

const outDir = resolve('reports/out');

describe.skipIf(!available)('HTML report in headless Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    await mkdir(outDir, { recursive: true });
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(name: string, partial: boolean) {
    const file = join(outDir, `${name}.html`);
    await writeFile(file, renderHtml(sampleRunResult({ partial })));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const blocked: string[] = [];
    const dialogs: string[] = [];
    // Anything that is not the file itself would be a network fetch at view time.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href);
    return { page, blocked, dialogs, errors };
  }

  it('renders the verdict table and a timeline per site, offline and without script injection', async () => {
    const { page, blocked, dialogs, errors } = await open('sample-report', false);
    const rows = page.locator('#requirements tbody tr');
    expect(await rows.count()).toBe(5);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-verdict')))).toEqual([
      'FAIL',
      'FAIL',
      'PASS',
      'NOT APPLICABLE',
      'NOT EXERCISED',
    ]);
    expect(await page.locator('#req-HUB-RES-02 .verdict').innerText()).toBe('FAIL');
    expect(await page.locator('#outcome').innerText()).toBe('FAIL');

    const charts = page.locator('svg.timeline');
    expect(await charts.count()).toBe(2);
    const box = await charts.first().boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(500);
    expect(await page.locator('svg.timeline[data-site="milton-keynes"] rect.session').count()).toBe(5);
    expect(await page.locator('svg.timeline[data-site="milton-keynes"] rect.alarm').count()).toBe(2);
    // The outage: one band over the event lanes, one on each of the two cameras it hit.
    expect(await page.locator('svg.timeline[data-site="milton-keynes"] rect.fault-band').count()).toBe(3);
    // The site-wide bandwidth cap: one band down the whole chart; the reboot has no clear, so a marker only.
    expect(await page.locator('svg.timeline[data-site="slough"] rect.fault-band').count()).toBe(1);
    expect(await page.locator('svg.timeline[data-site="slough"] g.event.ev-fault').count()).toBe(2);
    expect(await page.locator('svg.histogram').count()).toBe(2);

    // The hostile camera id is shown as text, never as an element.
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('#scenario-source').innerText()).toContain('<script>alert("yaml")</script>');

    // The filter script works: only FAIL rows remain visible.
    await page.locator('.filters button[data-filter="FAIL"]').click();
    expect(await page.locator('#requirements tbody tr:visible').count()).toBe(2);

    expect(blocked).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.locator('.filters button[data-filter="all"]').click();
    await page.screenshot({ path: join(outDir, 'sample-report.png'), fullPage: true });
    console.log(`report screenshot: ${join(outDir, 'sample-report.png')}`);
    await page.close();
  });

  it('shows the PARTIAL banner for an interrupted run', async () => {
    const { page, blocked } = await open('sample-report-partial', true);
    const banner = page.locator('#partial-banner');
    expect(await banner.isVisible()).toBe(true);
    expect(await banner.innerText()).toContain('PARTIAL RUN');
    expect(blocked).toEqual([]);
    await page.screenshot({ path: join(outDir, 'sample-report-partial.png') });
    await page.close();
  });
});
