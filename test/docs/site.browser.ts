import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDocs } from '../../src/docs/serve.js';
import type { RunningServer } from '../../src/docs/serve.js';
import type { Article } from '../../src/kb/load.js';

// The built docs site (npm run docs:build) in Debian's chromium, served by `iis401 docs --serve`'s server
// on 127.0.0.1. Every request is intercepted: one for any other host fails the run.

const root = join(import.meta.dirname, '..', '..');
const site = join(root, 'dist', 'docs-site');
const shots = join(root, 'docs', 'screenshots');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const articles = (JSON.parse(readFileSync(join(root, 'dist', 'kb-cache.json'), 'utf8')) as { articles: Article[] }).articles;

const MARKER = 'paste-marker-7731';
const LOCKED_OUT_LINE = `2024-03-01 10:00:00 10.0.0.5 GET /${MARKER}/default.aspx - 80 - 10.0.0.9 Mozilla/5.0 - 401 1 1909 15`;

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? htmlFiles(join(dir, e.name)) : e.name.endsWith('.html') ? [join(dir, e.name)] : []));
}

describe('the built docs site', () => {
  it('should hold every article and load nothing from another host (no http(s) src or href in any page)', () => {
    expect(existsSync(join(site, 'index.html')), 'run npm run docs:build first').toBe(true);
    const files = htmlFiles(site);
    for (const article of articles) expect(files).toContain(join(site, article.path.replace(/^kb\//, '').replace(/\.md$/, '.html')));
    const foreign: string[] = [];
    for (const file of files) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\b(?:src|href)="((?:https?:)?\/\/[^"]*)"/g)) {
        if (!/^(?:https?:)?\/\/(?:127\.0\.0\.1|localhost)(?:[:/]|$)/.test(m[1] ?? '')) foreign.push(`${file}: ${m[1]}`);
      }
    }
    expect(foreign).toEqual([]);
  });
});

describe('the docs site in headless chromium', () => {
  let server: RunningServer;
  let context: BrowserContext;
  let profile: string;
  const foreign: string[] = [];
  const requested: string[] = [];

  beforeAll(async () => {
    server = await serveDocs(site, 0);
    profile = mkdtempSync(join(tmpdir(), 'iis401-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
    });
    await context.route('**/*', async (route) => {
      const request = route.request();
      requested.push(`${request.url()} ${request.postData() ?? ''}`);
      if (new URL(request.url()).hostname === '127.0.0.1') await route.continue();
      else {
        foreign.push(request.url());
        await route.abort();
      }
    });
    mkdirSync(shots, { recursive: true });
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  async function open(path: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(new URL(path, server.url).href, { waitUntil: 'networkidle' });
    return page;
  }

  async function search(page: Page, query: string): Promise<string[]> {
    await page.locator('.VPNavBarSearch button').first().click();
    const input = page.locator('.VPLocalSearchBox input');
    await input.fill(query);
    await page.locator('.VPLocalSearchBox .result').first().waitFor();
    return page.locator('.VPLocalSearchBox .result').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  }

  it('should find the articles that list 0xC000006D when searching for it', async () => {
    const page = await open('/');
    const hrefs = await search(page, '0xC000006D');
    const expected = articles.filter((a) => a.codes.ntstatus.includes('0xC000006D')).map((a) => a.id);
    expect(expected.length).toBeGreaterThan(0);
    const found = new Set(hrefs.map((h) => /\/(?:causes|guides)\/([a-z0-9-]+)\.html/.exec(h)?.[1]));
    for (const id of expected) expect(found, `search results: ${hrefs.join(', ')}`).toContain(id);
    await page.close();
  });

  it.each([
    ['0x52E', (a: Article) => a.codes.win32.includes(1326)],
    ['event 529', (a: Article) => a.codes.events.includes(529)],
    ['401.1', (a: Article) => a.substatus.includes('401.1')],
  ])('should find an article listing %s among the first results', async (query, lists) => {
    const page = await open('/catalog.html');
    const hrefs = await search(page, query);
    const ids = hrefs.slice(0, 10).map((h) => /\/(?:causes|guides)\/([a-z0-9-]+)\.html/.exec(h)?.[1]);
    expect(ids.some((id) => articles.find((a) => a.id === id && lists(a)))).toBe(true);
    await page.close();
  });

  it('should answer a pasted "401 1 1909" log line with account-locked-out, its reasons and steps, in the page', async () => {
    const page = await open('/');
    await page.screenshot({ path: join(shots, 'home.png') });
    const box = page.getByTestId('paste-box');
    await box.getByTestId('paste-input').fill(LOCKED_OUT_LINE);
    await box.getByTestId('diagnose').click();
    const first = box.locator('.iis401-cause').first();
    await first.waitFor();
    expect(await first.getAttribute('data-cause-id')).toBe('account-locked-out');
    expect(await first.locator('.iis401-why li').first().textContent()).toContain('1909');
    expect(await first.locator('.iis401-steps > li').count()).toBeGreaterThan(2);
    expect(await first.locator('.iis401-steps div[class*="language-"] > button.copy').count()).toBeGreaterThan(0);
    // The fixed navigation bar would cover the top of the box in an element shot.
    await box.screenshot({ path: join(shots, 'answer.png'), style: '.VPNav, .VPLocalNav { visibility: hidden; }' });
    expect(requested.filter((r) => r.includes(MARKER))).toEqual([]);
    await page.close();
  });

  it('should render a cause page with its steps and codes, and a paste box that says when the paste points to it', async () => {
    const article = articles.find((a) => a.id === 'account-locked-out') as Article;
    const page = await open('/causes/account-locked-out.html');
    await expect(page.locator('.vp-doc h1').textContent()).resolves.toContain(article.title);
    const fix = page.locator('.vp-doc h2#fix + ol > li');
    expect(await fix.count()).toBe(article.steps.length);
    expect(await page.locator('.vp-doc div[class*="language-"] > button.copy').count()).toBeGreaterThan(0);
    expect(await page.locator('.vp-doc').textContent()).toContain('0xC0000234');
    const box = page.getByTestId('paste-box');
    expect(await box.count()).toBe(1);
    await box.getByTestId('paste-input').fill(LOCKED_OUT_LINE);
    await box.getByTestId('diagnose').click();
    await expect(box.locator('.iis401-page-rank').textContent()).resolves.toContain('This page is the most likely cause');
    await page.close();
  });

  it('should not have sent a single request to a host other than 127.0.0.1', () => {
    expect(requested.length).toBeGreaterThan(0);
    expect(foreign).toEqual([]);
  });
});
