// Plays a whole Thirty Five and a whole Lean Coffee through the UI alone, in headless Chromium
// against the local host: two tabs as two demo users, every step a click or a keystroke in the
// macros' iframes, live updates over the host's realtime. Then checks that the notes pages and
// the backlog show the results. Usage: npm run build && node static/scripts/play-through.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ALICE = '557058:aa11aa11-0000-4000-8000-000000000001';
const BOB = '557058:bb22bb22-0000-4000-8000-000000000002';

const dataDir = mkdtempSync(join(tmpdir(), 'cop-kit-play-'));
const child = spawn(
  process.execPath,
  [join(root, 'scripts', 'start.mjs'), '--no-build', '--port', '0', '--data', dataDir, '--reset'],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
);
const url = await new Promise((ok, fail) => {
  let out = '';
  child.stdout.on('data', (c) => {
    out += c;
    const m = /listening on (http:\/\/\S+)/.exec(out);
    if (m) ok(m[1]);
  });
  child.on('exit', (code) => fail(new Error(`host exited ${code}: ${out}`)));
});

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
const step = (text) => console.log(`  ✓ ${text}`);

async function tab(accountId, path = '/wiki/spaces/COP/overview') {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.goto(`${url}${path}?as=${encodeURIComponent(accountId)}`);
  return page;
}
const macro = (page, key) => page.frameLocator(`[data-module="${key}"] iframe`);
const click = (f, name) => f.getByRole('button', { name, exact: true }).click();
const see = (f, text, timeout = 15_000) => f.getByText(text).first().waitFor({ timeout });

try {
  console.log('Thirty Five');
  const a = await tab(ALICE);
  const b = await tab(BOB);
  const fa = macro(a, 'thirty-five');
  const fb = macro(b, 'thirty-five');
  await click(fa, 'Start a Thirty Five game');
  await see(fb, 'Write your card');
  step('Alice starts; Bob sees the card form live');
  await fa.getByLabel('Your topic card').fill('Remote retrospectives');
  await click(fa, 'Join with this card');
  await fb.getByLabel('Your topic card').fill('Estimation without points');
  await click(fb, 'Join with this card');
  await see(fa, 'Joined (2)');
  step('both write a card; Alice sees two joined');
  await fa.getByLabel('Rounds', { exact: true }).fill('1');
  await click(fa, 'Deal the cards');
  await click(fa, 'Yes, deal');
  await click(fa, 'Start round 1');
  await see(fb, 'Round 1 of 1 — you and Alice Facilitator');
  step('deal and round 1; Bob sees his partner by name');
  await fb.getByRole('radio', { name: /^6 to the card you hold/ }).check();
  await click(fb, 'Propose this split');
  await see(fa, 'Bob Scrum Master proposed 1–6');
  await click(fa, 'Confirm 1–6');
  await see(fa, '1 of 1 pairs confirmed');
  step('Bob proposes, Alice confirms what he proposed');
  await click(fa, 'Show the results');
  await click(fa, 'Yes, show results');
  await see(fb, 'How ties break');
  await click(fa, 'Send the ranking to the backlog');
  await see(fa, 'Sent to the backlog: 2 topics');
  await click(fa, 'End the game');
  await click(fa, 'Yes, end and write the notes');
  await see(fa, 'Notes page:');
  step('results on both screens, sent to the backlog, ended with a notes page');

  console.log('Lean Coffee');
  const la = macro(a, 'lean-coffee');
  const lb = macro(b, 'lean-coffee');
  await click(la, 'Start a Lean Coffee');
  await see(lb, 'Add a topic');
  await la.getByLabel('Topic', { exact: true }).fill('Flow metrics');
  await click(la, 'Add topic');
  await lb.getByLabel('Topic', { exact: true }).fill('Working agreements');
  await click(lb, 'Add topic');
  await lb.getByLabel('Topic', { exact: true }).fill('Sprint goals');
  await click(lb, 'Add topic');
  await see(la, 'Sprint goals');
  step('three topics proposed from two screens');
  await click(la, 'Open dot voting');
  await click(la, 'Yes, open voting');
  await see(lb, 'You have 3 of 3 dots left');
  for (let i = 0; i < 3; i += 1) {
    await lb.getByRole('button', { name: 'Add a dot to “Working agreements”' }).click();
    await see(lb, `You have ${2 - i} of 3 dots left`);
  }
  await la.getByRole('button', { name: 'Add a dot to “Flow metrics”' }).click();
  await see(la, 'You have 2 of 3 dots left');
  step('dots placed on both screens');
  await click(la, 'Close voting');
  await click(la, 'Yes, close voting');
  await click(la, 'Start the next topic');
  await see(lb, 'left of 8 min');
  step('voting closed; the top topic runs with the same countdown on both screens');
  await lb.getByLabel('New takeaway').fill('Write them down together');
  await click(lb, 'Add takeaway');
  await see(la, 'Write them down together');
  await click(la, 'Move on now');
  await see(la, 'Flow metrics', 15_000);
  await click(la, 'Wrap up');
  await click(la, 'Yes, wrap up');
  await see(la, /Sent to the backlog: \d topics/);
  await click(la, 'End the meeting');
  await click(la, 'Yes, end and write the notes');
  await see(la, 'Notes page:');
  step('takeaway from Bob, move on, wrap-up to the backlog, ended with a notes page');

  console.log('Results');
  const pages = await tab(ALICE);
  const created = pages.locator('[data-testid=created-pages]');
  const text = await created.innerText();
  if (!/Thirty Five|session notes/i.test(text)) throw new Error(`notes pages missing: ${text}`);
  step(`notes pages listed in the shell: ${text.replace(/\s+/g, ' ').slice(0, 160)}`);
  const backlog = await tab(BOB, '/wiki/spaces/COP/apps/topic-backlog-page');
  const fbk = macro(backlog, 'topic-backlog-page');
  await see(fbk, 'Remote retrospectives');
  await see(fbk, 'Sprint goals');
  step('the backlog page shows the Thirty Five ranking and the undiscussed Lean Coffee topics');
  console.log('play-through: OK');
} catch (e) {
  console.error('play-through: FAILED', e);
  process.exitCode = 1;
} finally {
  await browser.close();
  child.kill('SIGTERM');
  await new Promise((done) => child.once('exit', done));
  rmSync(dataDir, { recursive: true, force: true });
}
