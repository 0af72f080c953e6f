/**
 * DESIGN §5 / issue 7 items 1–3, through the host's real invoke path (HTTP `/__emulator/invoke`
 * to a child-process host, as the UI's `invoke` goes):
 *  1. Thirty Five, 60 participants: 60 joins at once, then 5 rounds in which all 30 pairs propose at
 *     once and then all confirm at once. Latency p50/p95/p99 of those participant actions, lost or
 *     duplicated updates (every card's ratings and points against what was sent), KVS reads/writes
 *     and publishes per action (host counters), KVS bytes written per action (log growth).
 *  2. Realtime fan-out: 60 Server-Sent Events subscribers on the macro's channel; time from sending
 *     a confirm (one at a time, 10 pairs of the last round) until all 60 have its notice.
 *  3. The same actions against `bench/naive-app` (one shared document read-modify-written per
 *     action) in a second host of the same build, same run: lost updates and KVS cost side by side.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { changeChannel } from '../src/contract/channels';
import { THIRTY_FIVE, type ThirtyFiveStateView } from '../src/contract/thirty-five';
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
  subscribe,
  type ChildHost,
  type Figure,
  type Frame,
} from './support/host';

const PLAYERS = 60;
const ROUNDS = 5;
const FANOUT_SAMPLES = 10;
const FACILITATOR = '557058:aa11aa11-0000-4000-8000-000000000001';

type Answer<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

const accountsFor = (n: number): string[] =>
  Array.from(
    { length: n },
    (_, i) => `557058:${String(i).padStart(8, '0')}-0000-4000-8000-${randomUUID().slice(-12)}`,
  );

function data<T>(answer: Answer<T>, what: string): T {
  if (!answer.ok) throw new Error(`${what}: ${answer.error.code} ${answer.error.message}`);
  return answer.data;
}

interface Seat {
  readonly me: string;
  readonly partner: string;
  readonly mine: string;
  readonly theirs: string;
}

function seatOf(s: ThirtyFiveStateView): Seat | null {
  const view = s.view as { phase?: string; seat?: { kind: string; partner?: string } | null };
  const partner = view.phase === 'round' && view.seat?.kind === 'pair' ? view.seat.partner : null;
  if (!partner || !s.cards) return null;
  return { me: s.me, partner, mine: s.cards[0].id, theirs: s.cards[1].id };
}

interface GameRun {
  readonly latencies: number[];
  readonly stateLatencies: number[];
  readonly lost: number;
  readonly duplicated: number;
  readonly perAction: ReturnType<typeof perAction>;
  readonly perState: ReturnType<typeof perAction>;
  readonly bytesPerAction: number;
  readonly fanout: number[];
}

async function copKitGame(host: ChildHost): Promise<GameRun> {
  const localId = `bench-${randomUUID()}`;
  const frame = (accountId: string): Frame => ({
    accountId,
    moduleKey: 'thirty-five',
    localId,
    contentId: HOME_PAGE_ID,
  });
  const call = <T>(who: string, name: string, payload: unknown = {}) =>
    invoke<Answer<T>>(host.url, frame(who), name, payload);
  const stateOf = async (who: string) => {
    const r = await call<ThirtyFiveStateView>(who, THIRTY_FIVE.state);
    return { ms: r.ms, state: data(r.body, 'state') };
  };
  const facilitate = async (name: string, payload: Record<string, unknown> = {}) => {
    const { state } = await stateOf(FACILITATOR);
    data((await call(FACILITATOR, name, { version: state.version, ...payload })).body, name);
  };

  const people = accountsFor(PLAYERS);
  data((await call(FACILITATOR, THIRTY_FIVE.start)).body, 'start');
  const subscribers = await Promise.all(
    people.map((p, i) =>
      subscribe(host.url, `bench-${localId}-${i}`, changeChannel(localId), frame(p)),
    ),
  );
  await resetCounters(host.url);
  const bytesBefore = kvsLogBytes(host);
  const latencies: number[] = [];
  const stateLatencies: number[] = [];
  const act = async (who: string, name: string, payload: unknown) => {
    const r = await call(who, name, payload);
    latencies.push(r.ms);
    data(r.body, name);
  };

  await Promise.all(people.map((p, i) => act(p, THIRTY_FIVE.join, { text: `Card ${i}` })));
  await facilitate(THIRTY_FIVE.deal, { rounds: ROUNDS });

  /** cardId → points sent in confirmed splits. */
  const expected = new Map<string, number[]>();
  const fanout: number[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    await facilitate(THIRTY_FIVE.nextRound);
    const seats = await Promise.all(
      people.map(async (p) => {
        const s = await stateOf(p);
        stateLatencies.push(s.ms);
        return seatOf(s.state);
      }),
    );
    const proposers = seats.filter((s): s is Seat => s !== null && s.me < s.partner);
    if (proposers.length !== PLAYERS / 2)
      throw new Error(`round ${round}: ${proposers.length} pairs`);
    const split = (s: Seat) => ({ round, points: { [s.mine]: 5, [s.theirs]: 2 } });
    await Promise.all(proposers.map((s) => act(s.me, THIRTY_FIVE.proposeSplit, split(s))));
    const last = round === ROUNDS;
    const atOnce = last ? proposers.slice(FANOUT_SAMPLES) : proposers;
    await Promise.all(atOnce.map((s) => act(s.partner, THIRTY_FIVE.confirmSplit, split(s))));
    if (last) {
      // Fan-out: one confirm at a time, after every subscriber has caught up.
      for (const s of proposers.slice(0, FANOUT_SAMPLES)) {
        const target = Math.max(...subscribers.map((x) => x.received)) + 1;
        await Promise.all(subscribers.map((x) => x.until(target - 1)));
        const started = performance.now();
        await act(s.partner, THIRTY_FIVE.confirmSplit, split(s));
        await Promise.all(subscribers.map((x) => x.until(target)));
        fanout.push(performance.now() - started);
      }
    }
    for (const s of proposers) {
      expected.set(s.mine, [...(expected.get(s.mine) ?? []), 5]);
      expected.set(s.theirs, [...(expected.get(s.theirs) ?? []), 2]);
    }
  }
  const byFunction = await counters(host.url);
  const actionKeys = [THIRTY_FIVE.join, THIRTY_FIVE.proposeSplit, THIRTY_FIVE.confirmSplit];
  const bytesPerAction = (kvsLogBytes(host) - bytesBefore) / latencies.length;

  await facilitate(THIRTY_FIVE.showResults);
  const ranking = (await stateOf(FACILITATOR)).state.ranking ?? [];
  let lost = PLAYERS - ranking.length;
  let duplicated = 0;
  for (const card of ranking) {
    const want = expected.get(card.id) ?? [];
    const got = card.perRound.filter((p): p is number => p !== null);
    lost += Math.max(0, want.length - got.length);
    duplicated += Math.max(0, got.length - want.length);
    if (card.raw !== want.reduce((a, b) => a + b, 0) && got.length === want.length) lost += 1;
  }
  for (const s of subscribers) s.close();
  return {
    latencies,
    stateLatencies,
    lost,
    duplicated,
    perAction: perAction(byFunction, actionKeys),
    perState: perAction(byFunction, [THIRTY_FIVE.state]),
    bytesPerAction,
    fanout,
  };
}

async function naiveGame(host: ChildHost): Promise<GameRun> {
  const localId = `naive-${randomUUID()}`;
  const frame = (accountId: string): Frame => ({
    accountId,
    moduleKey: 'naive-game',
    localId,
    contentId: HOME_PAGE_ID,
  });
  const people = accountsFor(PLAYERS);
  await resetCounters(host.url);
  const bytesBefore = kvsLogBytes(host);
  const latencies: number[] = [];
  const act = async (who: string, name: string, payload: unknown) => {
    const r = await invoke(host.url, frame(who), name, payload);
    latencies.push(r.ms);
  };
  await Promise.all(people.map((p, i) => act(p, 'naive/join', { text: `Card ${i}` })));
  const half = PLAYERS / 2;
  let proposals = 0;
  for (let round = 1; round <= ROUNDS; round += 1) {
    // A simple rotation: seat k meets seat half + (k + round) mod half.
    const pairs = Array.from({ length: half }, (_, k) => {
      const a = people[k] ?? '';
      const b = people[half + ((k + round) % half)] ?? '';
      return { a, b, points: { [a]: 5, [b]: 2 } };
    });
    await Promise.all(
      pairs.map((p) => act(p.a, 'naive/propose', { round, partner: p.b, points: p.points })),
    );
    await Promise.all(
      pairs.map((p) => act(p.b, 'naive/confirm', { round, partner: p.a, points: p.points })),
    );
    proposals += pairs.length;
  }
  const byFunction = await counters(host.url);
  const bytesPerAction = (kvsLogBytes(host) - bytesBefore) / latencies.length;
  const final = await invoke<{ game: Record<string, Record<string, unknown>> | null }>(
    host.url,
    frame(FACILITATOR),
    'naive/state',
  );
  const game = final.body.game ?? {};
  const size = (k: string) => Object.keys(game[k] ?? {}).length;
  const lost =
    PLAYERS - size('cards') + (proposals - size('proposals')) + (proposals - size('confirmed'));
  return {
    latencies,
    stateLatencies: [],
    lost,
    duplicated: 0,
    perAction: perAction(byFunction, ['naive/join', 'naive/propose', 'naive/confirm']),
    perState: perAction(byFunction, ['naive/state']),
    bytesPerAction,
    fanout: [],
  };
}

/** Simulated storage delay each way for the second configuration (Forge storage is remote). */
const REMOTE_KVS_MS = 10;

export async function run(runs: number): Promise<Figure[]> {
  const figures = new Figures();
  for (const latency of [0, REMOTE_KVS_MS]) {
    const args = latency > 0 ? ['--kvs-latency', String(latency)] : [];
    const copKit = await startChildHost(join(REPO_ROOT, 'manifest.yml'), args);
    const naive = await startChildHost(join(REPO_ROOT, 'bench', 'naive-app', 'manifest.yml'), args);
    const where = latency > 0 ? ` [KVS +${latency} ms each way]` : '';
    try {
      // One warm-up game each (bundles loaded, JIT warm), not recorded.
      await copKitGame(copKit);
      await naiveGame(naive);
      for (let r = 0; r < runs; r += 1) {
        const c = await copKitGame(copKit);
        const n = await naiveGame(naive);
        record(figures, where, c, n, latency === 0);
      }
    } finally {
      await copKit.stop();
      await naive.stop();
    }
  }
  return figures.list();
}

function record(figures: Figures, where: string, c: GameRun, n: GameRun, targets: boolean): void {
  const target = (t: string) => (targets ? t : undefined);
  const t = `Thirty Five 60p${where}`;
  figures.add(`${t}: action latency p50`, 'ms', quantile(c.latencies, 0.5));
  figures.add(`${t}: action latency p95`, 'ms', quantile(c.latencies, 0.95), target('≤ 50 ms'));
  figures.add(`${t}: action latency p99`, 'ms', quantile(c.latencies, 0.99));
  figures.add(`${t}: state refetch latency p95`, 'ms', quantile(c.stateLatencies, 0.95));
  figures.add(`${t}: lost updates`, 'count', c.lost, target('0'));
  figures.add(`${t}: duplicated updates`, 'count', c.duplicated, target('0'));
  figures.add(`${t}: KVS reads per action`, 'ops', c.perAction.reads, target('≤ 1'));
  figures.add(`${t}: KVS writes per action`, 'ops', c.perAction.writes, target('1'));
  figures.add(`${t}: publishes per action`, 'count', c.perAction.publishes, target('1'));
  figures.add(`${t}: KVS reads per state refetch`, 'ops', c.perState.reads);
  figures.add(`${t}: KVS bytes written per action`, 'B', c.bytesPerAction);
  figures.add(`${t}: fan-out to 60 subscribers p50`, 'ms', quantile(c.fanout, 0.5));
  figures.add(
    `${t}: fan-out to 60 subscribers p95`,
    'ms',
    quantile(c.fanout, 0.95),
    target('≤ 250 ms'),
  );
  const b = `naive 60p${where}`;
  figures.add(`${b}: action latency p50`, 'ms', quantile(n.latencies, 0.5));
  figures.add(`${b}: action latency p95`, 'ms', quantile(n.latencies, 0.95));
  figures.add(`${b}: lost updates`, 'count', n.lost);
  figures.add(`${b}: KVS reads per action`, 'ops', n.perAction.reads);
  figures.add(`${b}: KVS writes per action`, 'ops', n.perAction.writes);
  figures.add(`${b}: KVS bytes written per action`, 'B', n.bytesPerAction);
  const ratio = `naive / CoP Kit${where}`;
  figures.add(`${ratio}: lost updates (CoP Kit 0 counted as 1)`, 'x', n.lost / Math.max(c.lost, 1));
  figures.add(
    `${ratio}: KVS operations per action`,
    'x',
    (n.perAction.reads + n.perAction.writes) / (c.perAction.reads + c.perAction.writes),
  );
  figures.add(`${ratio}: KVS bytes written per action`, 'x', n.bytesPerAction / c.bytesPerAction);
  figures.add(
    `${ratio}: action latency p95`,
    'x',
    quantile(n.latencies, 0.95) / quantile(c.latencies, 0.95),
  );
}
