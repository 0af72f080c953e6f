// Screenshots of every CoP Kit view for docs/ui-*.png: runs the local host (`npm start`'s, on a
// free port, fresh data), plays games through the real resolvers as several demo users, then
// opens the Confluence-like shell in headless Chromium (Debian's /usr/bin/chromium) and captures
// each macro's iframe. Usage: npm run build && node static/scripts/screenshots.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const docs = join(root, 'docs');
const U = {
  alice: '557058:aa11aa11-0000-4000-8000-000000000001',
  bob: '557058:bb22bb22-0000-4000-8000-000000000002',
  chloe: '557058:cc33cc33-0000-4000-8000-000000000003',
  dev: '557058:dd44dd44-0000-4000-8000-000000000004',
  eve: '557058:ee55ee55-0000-4000-8000-000000000005',
  sam: '557058:ab77ab77-0000-4000-8000-000000000007',
};
const HOME = '98305';

const dataDir = mkdtempSync(join(tmpdir(), 'cop-kit-shots-'));
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

async function invoke(accountId, moduleKey, name, payload = {}) {
  const res = await fetch(`${url}/__emulator/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      context: { accountId, moduleKey, localId: `home-${moduleKey}`, contentId: HOME },
      functionKey: name,
      payload,
    }),
  });
  const r = await res.json();
  if (!r.ok || !r.body.ok) throw new Error(`${name}: ${JSON.stringify(r.error ?? r.body.error)}`);
  return r.body.data;
}
const t35 = (who, name, payload) => invoke(who, 'thirty-five', `thirtyFive/${name}`, payload);
const lc = (who, name, payload) => invoke(who, 'lean-coffee', `leanCoffee/${name}`, payload);

/** Everyone answers their pair: proposers propose `forMine`, then partners confirm. */
async function playRound(people, except = []) {
  for (const pass of ['propose', 'confirm']) {
    for (const who of people.filter((p) => !except.includes(p))) {
      const s = await t35(who, 'state');
      const seat = s.view?.seat;
      if (seat?.kind !== 'pair' || s.step !== pass) continue;
      const points =
        pass === 'propose'
          ? {
              [seat.mine.id]: 3 + (who.charCodeAt(9) % 4),
              [seat.theirs.id]: 4 - (who.charCodeAt(9) % 4),
            }
          : seat.partnerRecord.points;
      await t35(who, pass === 'propose' ? 'proposeSplit' : 'confirmSplit', {
        round: s.view.round,
        points,
      });
    }
  }
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});

/** `column`: squeeze the macro into a column this many pixels wide (e.g. 320). */
async function shot(
  file,
  { as, path = '/wiki/spaces/COP/overview', module, text, theme = 'light', column },
) {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  await page.goto(`${url}${path}?as=${encodeURIComponent(as)}&theme=${theme}`);
  const holder = page.locator(`[data-module="${module}"]`);
  if (column) await holder.evaluate((el, w) => (el.style.width = `${w}px`), column);
  const frame = page.frameLocator(`[data-module="${module}"] iframe`);
  await frame.getByText(text).first().waitFor({ timeout: 20_000 });
  await page.waitForTimeout(600); // let the iframe report its height
  await holder.screenshot({ path: join(docs, file) });
  await page.close();
  console.log(`docs/${file}`);
}

try {
  // Thirty Five: five players, a round in progress.
  const players = [U.alice, U.bob, U.chloe, U.dev, U.eve];
  await t35(U.alice, 'start');
  const cards = [
    'How do we make retrospectives useful again?',
    'Estimation without story points',
    'Product goals teams actually care about',
    'Coaching managers who want status reports',
    'Running a CoP that people attend',
  ];
  for (const [i, who] of players.entries()) await t35(who, 'join', { text: cards[i] });
  await shot('ui-thirty-five-collecting.png', {
    as: U.alice,
    module: 'thirty-five',
    text: 'Deal the cards',
  });
  let s = await t35(U.alice, 'state');
  await t35(U.alice, 'deal', { version: s.version, rounds: 3 });
  s = await t35(U.alice, 'state');
  await t35(U.alice, 'nextRound', { version: s.version });
  // One pair is left mid-split: its first player sees the partner's proposal to confirm.
  let first = null;
  for (const who of players) {
    const st = await t35(who, 'state');
    if (st.step === 'propose') {
      first = { who, partner: st.view.seat.partner };
      break;
    }
  }
  const ps = await t35(first.partner, 'state');
  await t35(first.partner, 'proposeSplit', {
    round: ps.view.round,
    points: { [ps.view.seat.mine.id]: 5, [ps.view.seat.theirs.id]: 2 },
  });
  await playRound(players, [first.who, first.partner]);
  await shot('ui-thirty-five-facilitator.png', {
    as: U.alice,
    module: 'thirty-five',
    text: 'pairs confirmed',
  });
  await shot('ui-thirty-five-participant-320.png', {
    as: first.who,
    module: 'thirty-five',
    text: 'proposed',
    column: 320,
  });
  await shot('ui-thirty-five-participant.png', {
    as: first.who,
    module: 'thirty-five',
    text: 'proposed',
  });
  await shot('ui-thirty-five-watcher.png', { as: U.sam, module: 'thirty-five', text: 'watch' });
  await playRound(players);
  for (let round = 2; round <= 3; round += 1) {
    s = await t35(U.alice, 'state');
    await t35(U.alice, 'nextRound', { version: s.version });
    await playRound(players);
  }
  s = await t35(U.alice, 'state');
  await t35(U.alice, 'showResults', { version: s.version });
  await shot('ui-thirty-five-results-dark.png', {
    as: U.bob,
    module: 'thirty-five',
    text: 'How ties break',
    theme: 'dark',
  });
  s = await t35(U.alice, 'state');
  await t35(U.alice, 'sendToBacklog', { version: s.version });
  s = await t35(U.alice, 'state');
  await t35(U.alice, 'end', { version: s.version });
  await shot('ui-thirty-five-ended.png', {
    as: U.alice,
    module: 'thirty-five',
    text: 'Notes page',
  });

  // Lean Coffee: voting closed, a topic running with a takeaway.
  await lc(U.alice, 'start', { settings: { meetingMinutes: 45 } });
  await lc(U.alice, 'proposeTopic', { title: 'Remote retros that work', minutes: 6 });
  await lc(U.bob, 'proposeTopic', {
    title: 'Estimation without points',
    details: 'What do teams use instead?',
  });
  await lc(U.chloe, 'proposeTopic', { title: 'OKRs and sprint goals', minutes: 10 });
  await lc(U.dev, 'proposeTopic', { title: 'Scaling the Daily Scrum' });
  let v = await lc(U.alice, 'state');
  await lc(U.alice, 'openVoting', { version: v.version });
  await shot('ui-lean-coffee-voting.png', { as: U.bob, module: 'lean-coffee', text: 'dots left' });
  v = await lc(U.alice, 'state');
  const id = (title) => v.board.toDiscuss.find((c) => c.topic.title === title).topic.id;
  await lc(U.alice, 'allocateDots', {
    allocation: { [id('Remote retros that work')]: 2, [id('OKRs and sprint goals')]: 1 },
  });
  await lc(U.bob, 'allocateDots', { allocation: { [id('OKRs and sprint goals')]: 3 } });
  await lc(U.chloe, 'allocateDots', {
    allocation: { [id('Remote retros that work')]: 2, [id('Scaling the Daily Scrum')]: 1 },
  });
  v = await lc(U.alice, 'state');
  await lc(U.alice, 'closeVoting', { version: v.version });
  v = await lc(U.alice, 'state');
  await lc(U.alice, 'startTopic', { version: v.version });
  v = await lc(U.alice, 'state');
  const running = v.board.discussing.topic.id;
  await lc(U.bob, 'addTakeaway', { topicId: running, text: 'Change the format every few sprints' });
  await lc(U.alice, 'addActionItem', {
    topicId: running,
    text: 'Try a silent retro next sprint',
    owner: U.alice,
  });
  await shot('ui-lean-coffee-facilitator.png', {
    as: U.alice,
    module: 'lean-coffee',
    text: 'left of',
  });
  await shot('ui-lean-coffee-participant-dark.png', {
    as: U.chloe,
    module: 'lean-coffee',
    text: 'left of',
    theme: 'dark',
  });

  // Backlog: the page as the space admin of a set-up community (its first run has its own
  // docs/ui-first-run.png), a topic with a lead and one planned; the macro on the home page.
  // The first session is tomorrow, on that weekday: the top topic is planned for it.
  const tomorrow = new Date(Date.now() + 86_400_000);
  const firstDate = tomorrow.toISOString().slice(0, 10);
  await invoke(U.sam, 'topic-backlog-page', 'settings/update', {
    copName: 'Scrum Master CoP',
    cadence: {
      sessionsPerMonth: 2,
      anchorDate: firstDate,
      weekday: ((tomorrow.getUTCDay() + 6) % 7) + 1,
      startTime: '12:00',
      durationMinutes: 60,
      timeZone: 'UTC',
    },
  });
  const backlog = (who, name, payload) =>
    invoke(who, 'topic-backlog-page', `backlog/${name}`, payload);
  const [top, second] = (await backlog(U.sam, 'list')).topics;
  await backlog(U.bob, 'volunteer', { topicId: second.id });
  await backlog(U.sam, 'plan', { topicId: top.id, date: firstDate });
  await shot('ui-backlog-page.png', {
    as: U.sam,
    path: '/wiki/spaces/COP/apps/topic-backlog-page',
    module: 'topic-backlog-page',
    text: 'Add a topic',
  });
  await shot('ui-backlog-macro.png', {
    as: U.eve,
    module: 'topic-backlog-macro',
    text: 'Open the full backlog',
  });
} finally {
  await browser.close();
  child.kill('SIGTERM');
  await new Promise((done) => child.once('exit', done));
  rmSync(dataDir, { recursive: true, force: true });
}
