/**
 * Issue 12, through the host's real invoke path (HTTP `/__emulator/invoke` to a child-process
 * host, as the UI's `invoke` goes): a deep dive with 60 people. All 60 join at once; the
 * facilitator starts the breakouts (4 groups of 15); all 60 write a note in their group at once.
 * Latency p50/p95/p99 of those participant actions, lost or duplicated updates (every join on the
 * attendance, every note on its group's board), KVS reads/writes and publishes per action (host
 * counters), KVS bytes written per action (log growth).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { COP_SESSION_RESOLVERS as R, type CopSessionView } from '../src/contract/cop-session';
import {
  Figures,
  HOME_PAGE_ID,
  REPO_ROOT,
  counters,
  invoke,
  kvsLogBytes,
  perAction,
  quantile,
  resetCounters,
  startChildHost,
  type ChildHost,
  type Figure,
  type Frame,
} from './support/host';

const PEOPLE = 60;
const FACILITATOR = '557058:aa11aa11-0000-4000-8000-000000000001';

type Answer<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

function data<T>(answer: Answer<T>, what: string): T {
  if (!answer.ok) throw new Error(`${what}: ${answer.error.code} ${answer.error.message}`);
  return answer.data;
}

interface SessionRun {
  readonly latencies: number[];
  readonly lost: number;
  readonly duplicated: number;
  readonly perAction: { reads: number; writes: number; publishes: number };
  readonly bytesPerAction: number;
}

async function deepDive(host: ChildHost): Promise<SessionRun> {
  const localId = `bench-cs-${randomUUID()}`;
  const frame = (accountId: string): Frame => ({
    accountId,
    moduleKey: 'cop-session',
    localId,
    contentId: HOME_PAGE_ID,
  });
  const call = <T>(who: string, name: string, payload: unknown = {}) =>
    invoke<Answer<T>>(host.url, frame(who), name, payload);
  const people = Array.from(
    { length: PEOPLE },
    (_, i) => `557058:${String(i).padStart(8, '0')}-0000-4000-8000-${randomUUID().slice(-12)}`,
  );
  data((await call(FACILITATOR, R.create)).body, 'create');
  data((await call(FACILITATOR, R.setTopic, { topic: { title: 'Bench' } })).body, 'topic');
  const agenda = [
    { step: 'breakouts', minutes: 15 },
    { step: 'takeaways', minutes: 5 },
  ];
  data((await call(FACILITATOR, R.setAgenda, { agenda })).body, 'agenda');
  const plan = { by: 'count', count: 4 };
  data((await call(FACILITATOR, R.setGroupPlan, { plan })).body, 'plan');

  await resetCounters(host.url);
  const bytesBefore = kvsLogBytes(host);
  const latencies: number[] = [];
  const act = async (who: string, name: string, payload: unknown) => {
    const r = await call(who, name, payload);
    latencies.push(r.ms);
    data(r.body, name);
  };
  await Promise.all(people.map((p) => act(p, R.join, {})));
  const joinCounters = await counters(host.url);
  data((await call(FACILITATOR, R.start)).body, 'start');
  const viewOf = async (who: string) =>
    data((await call<CopSessionView>(who, R.state)).body, 'state');
  const groups = (await viewOf(FACILITATOR)).view.groups;
  const groupOf = new Map(groups.flatMap((g) => g.members.map((m) => [m, g.number] as const)));
  await Promise.all(
    people.map((p) => act(p, R.addNote, { board: groupOf.get(p), text: `Note by ${p}` })),
  );
  const byFunction = await counters(host.url);
  const bytesPerAction = (kvsLogBytes(host) - bytesBefore) / latencies.length;

  const after = await viewOf(FACILITATOR);
  const present = new Set(after.view.attendance.map((a) => a.accountId));
  let lost = people.filter((p) => !present.has(p)).length;
  let duplicated = 0;
  for (const group of after.view.groups) {
    const texts = group.notes.map((n) => n.text);
    for (const member of group.members) {
      const n = texts.filter((t) => t === `Note by ${member}`).length;
      if (n === 0) lost += 1;
      duplicated += Math.max(0, n - 1);
    }
  }
  const joins = perAction(joinCounters, [R.join]);
  const notes = perAction(byFunction, [R.addNote]);
  return {
    latencies,
    lost,
    duplicated,
    perAction: {
      reads: (joins.reads + notes.reads) / 2,
      writes: (joins.writes + notes.writes) / 2,
      publishes: (joins.publishes + notes.publishes) / 2,
    },
    bytesPerAction,
  };
}

export async function run(runs: number): Promise<Figure[]> {
  const figures = new Figures();
  const host = await startChildHost(join(REPO_ROOT, 'manifest.yml'), []);
  try {
    await deepDive(host); // warm-up, not recorded
    for (let r = 0; r < runs; r += 1) {
      const c = await deepDive(host);
      const t = 'CoP Session 60p (join + breakout note)';
      figures.add(`${t}: action latency p50`, 'ms', quantile(c.latencies, 0.5));
      figures.add(`${t}: action latency p95`, 'ms', quantile(c.latencies, 0.95), '≤ 50 ms');
      figures.add(`${t}: action latency p99`, 'ms', quantile(c.latencies, 0.99));
      figures.add(`${t}: lost updates`, 'count', c.lost, '0');
      figures.add(`${t}: duplicated updates`, 'count', c.duplicated, '0');
      figures.add(`${t}: KVS reads per action`, 'ops', c.perAction.reads);
      figures.add(`${t}: KVS writes per action`, 'ops', c.perAction.writes, '1');
      figures.add(`${t}: publishes per action`, 'count', c.perAction.publishes, '1');
      figures.add(`${t}: KVS bytes written per action`, 'B', c.bytesPerAction);
    }
  } finally {
    await host.stop();
  }
  return figures.list();
}
