/**
 * The backlog on a phone and its first run, in the browser (issue 15 pts 2–3): the space admin
 * meets the first-run set-up and sets the community up through it; then, squeezed into a 344 px
 * frame of a 360 px window, the backlog page's cards (with a long title, a lead, a planned date,
 * an open menu and the plan form) and the next session banner never scroll sideways, light or
 * dark, as the admin and as a member; axe finds nothing serious or critical there. With
 * UPDATE_SCREENSHOT=1 it refreshes docs/ui-first-run.png, docs/ui-backlog-360.png and
 * docs/ui-backlog-360-dark.png.
 */
import type { Frame, Page } from 'playwright-core';
import { invoke } from './support/api';
import { axeFindings, describeFindings, type Finding } from './support/axe';
import { BOB, e2eDescribe, SAM, type DemoUser } from './support/env';
import { useScenario } from './support/scenario';
import { BACKLOG_PAGE, macro, screenshotFile, see, WAIT_MS } from './support/ui';

jest.setTimeout(600_000);

const MODULE = 'topic-backlog-page';
const FRAME_PX = 344;
const UPDATE = process.env.UPDATE_SCREENSHOT === '1';

interface Listed {
  readonly topics: readonly { readonly id: string; readonly title: string }[];
}

async function frameOf(page: Page): Promise<Frame> {
  const handle = await page.locator(`[data-module="${MODULE}"] iframe`).elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error('no backlog frame');
  return frame;
}

/** Widths of the frame's document and of anything wider than it (for a readable failure). */
const overflow = (frame: Frame) =>
  frame.evaluate(() => {
    const doc = document.documentElement;
    const limit = doc.clientWidth;
    const wide = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => el.getBoundingClientRect().right > limit + 0.5)
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}.${el.className} (${el.getBoundingClientRect().right}px)`,
      );
    return { scrollWidth: doc.scrollWidth, clientWidth: limit, wide };
  });

e2eDescribe('e2e: the backlog at 360 px and its first run', () => {
  const scenario = useScenario('backlog-phone');
  const findings: Finding[] = [];

  /** The backlog page as `user` in `theme`, in a 360 px window with the app in a 344 px frame. */
  async function phone(user: DemoUser, theme: 'light' | 'dark') {
    const p = await scenario.open(user, BACKLOG_PAGE, theme);
    await p.page.setViewportSize({ width: 360, height: 1400 });
    await p.page
      .locator(`[data-module="${MODULE}"]`)
      .evaluate((el, w) => (el.style.width = `${w}px`), FRAME_PX);
    return p;
  }

  it('given a new community, when the space admin sets it up on a phone and the backlog fills, then nothing scrolls sideways in a 344 px frame, light or dark, and axe finds nothing serious', async () => {
    // First run: the set-up form, at phone width.
    const first = await phone(SAM, 'light');
    const f = macro(first.page, MODULE);
    await see(f, 'Set up your community');
    const fr = await overflow(await frameOf(first.page));
    expect(fr.wide).toEqual([]);
    expect(fr.scrollWidth).toBeLessThanOrEqual(fr.clientWidth);
    findings.push(...(await axeFindings(first.page, 'first-run set-up, light')));
    if (UPDATE) await screenshotFile(first.page, 'ui-first-run.png', { module: MODULE });
    await f.getByTestId('first-run').getByLabel('Community name').fill('Scrum Master CoP');
    await f.getByRole('button', { name: 'Set up the community', exact: true }).click();
    await see(f, /^Next session:/);
    await first.page.context().close();

    // A backlog with what a card can carry: a long unbroken title, details, a lead, a plan.
    const add = (title: string, details = '') =>
      invoke(scenario.app.url, SAM, MODULE, 'backlog/add', { title, details });
    await add(
      'Supercalifragilisticexpialidocious-retrospective-formats-for-distributed-teams',
      'Formats that work when half the team is remote and the other half shares one room.',
    );
    await add('Working agreements that survive a reorganisation');
    await add('Flow metrics for teams');
    const listed = await invoke<Listed>(scenario.app.url, SAM, MODULE, 'backlog/list', {});
    const [a, b] = listed.topics;
    if (a === undefined || b === undefined) throw new Error('topics missing');
    await invoke(scenario.app.url, BOB, MODULE, 'backlog/volunteer', { topicId: a.id });
    await invoke(scenario.app.url, SAM, MODULE, 'backlog/plan', {
      topicId: a.id,
      date: '2031-02-05',
    });

    for (const theme of ['light', 'dark'] as const) {
      for (const user of [SAM, BOB]) {
        const p = await phone(user, theme);
        const frame = macro(p.page, MODULE);
        await see(frame, 'Flow metrics for teams');
        if (user === SAM) {
          // An open menu and the plan form, the widest things a card shows.
          await frame
            .getByRole('button', { name: `More actions for “${b.title}”`, exact: true })
            .click({ timeout: WAIT_MS });
          await frame
            .getByRole('listitem')
            .filter({ hasText: b.title })
            .getByRole('button', { name: 'Plan', exact: true })
            .click({ timeout: WAIT_MS });
          await see(frame, 'Plan for this date');
        }
        const o = await overflow(await frameOf(p.page));
        expect({ view: `${user.name} ${theme}`, wide: o.wide }).toEqual({
          view: `${user.name} ${theme}`,
          wide: [],
        });
        expect(o.scrollWidth).toBeLessThanOrEqual(o.clientWidth);
        findings.push(
          ...(await axeFindings(p.page, `backlog at 360 px as ${user.name}, ${theme}`)),
        );
        if (UPDATE && user === SAM) {
          const file = theme === 'dark' ? 'ui-backlog-360-dark.png' : 'ui-backlog-360.png';
          await screenshotFile(p.page, file, { module: MODULE });
        }
        await p.page.context().close();
      }
    }
    expect(describeFindings(findings)).toBe('');
  });
});
