/**
 * Issue 7 item 6: time until a macro is interactive in headless Chromium, in the emulator (the
 * child-process host serving the built `static/dist`). One sample = a fresh browser context (cold
 * cache) opening the CoP home page, which holds every macro in its own iframe; a macro counts as
 * interactive when its first enabled button is visible (the read-only backlog macro: when its root
 * has content). Timed from the start of navigation. Skipped, with a line saying so, without
 * Debian's `/usr/bin/chromium` or a built `static/dist`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type FrameLocator, type Page } from 'playwright-core';
import { Figures, REPO_ROOT, startChildHost, type Figure } from './support/host';

const CHROMIUM = '/usr/bin/chromium';
const ALICE = '557058:aa11aa11-0000-4000-8000-000000000001';

const MODULES: readonly { key: string; ready: (f: FrameLocator) => Promise<void> }[] = [
  {
    key: 'thirty-five',
    ready: (f) => f.locator('button:not([disabled])').first().waitFor({ timeout: 30_000 }),
  },
  {
    key: 'lean-coffee',
    ready: (f) => f.locator('button:not([disabled])').first().waitFor({ timeout: 30_000 }),
  },
  {
    key: 'topic-backlog-macro',
    ready: (f) => f.locator('#root > *').first().waitFor({ timeout: 30_000 }),
  },
];

async function sample(page: Page, url: string, figures: Figures): Promise<void> {
  const started = performance.now();
  await page.goto(`${url}/wiki/spaces/COP/overview?as=${encodeURIComponent(ALICE)}`);
  await Promise.all(
    MODULES.map(async (m) => {
      await m.ready(page.frameLocator(`[data-module="${m.key}"] iframe`));
      figures.add(
        `time to interactive, ${m.key} (headless Chromium)`,
        'ms',
        performance.now() - started,
      );
    }),
  );
}

export async function run(runs: number): Promise<Figure[]> {
  if (!existsSync(CHROMIUM)) {
    console.log(`tti bench: SKIPPED — no ${CHROMIUM} (apt-get install chromium)`);
    return [];
  }
  if (!existsSync(join(REPO_ROOT, 'static', 'dist', 'index.html'))) {
    console.log('tti bench: SKIPPED — static/dist is not built (npm run build)');
    return [];
  }
  const figures = new Figures();
  const host = await startChildHost(join(REPO_ROOT, 'manifest.yml'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    // One warm-up load (the host's first bundle reads, Chromium's first start), not recorded.
    for (let r = -1; r < runs; r += 1) {
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      const page = await context.newPage();
      await sample(page, host.url, r < 0 ? new Figures() : figures);
      await context.close();
    }
  } finally {
    await browser.close();
    await host.stop();
  }
  return figures.list();
}
