/**
 * The naive baseline (issue 7, item 3): every participant action reads the game's one shared
 * document, changes it in memory and writes it back, then publishes one notice — the design
 * DESIGN §2 rules out. Concurrent actions overwrite each other's changes (lost updates).
 */
import Resolver from '@forge/resolver';
import { kvs } from '@forge/kvs';
import { publish } from '@forge/realtime';

interface NaiveGame {
  /** accountId → card text. */
  cards: Record<string, string>;
  /** `<round>:<accountA>|<accountB>` → proposed points by accountId of each card's holder. */
  proposals: Record<string, Record<string, number>>;
  /** Same key → confirmed points. */
  confirmed: Record<string, Record<string, number>>;
}

const resolver = new Resolver();

const args = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

interface Ctx {
  localId?: string;
  accountId?: string;
}

async function change(context: Ctx, edit: (game: NaiveGame, who: string) => void) {
  const key = `naive-game-${text(context.localId)}`;
  const game = (await kvs.get<NaiveGame>(key)) ?? {
    cards: {},
    proposals: {},
    confirmed: {},
  };
  edit(game, text(context.accountId));
  await kvs.set(key, game);
  await publish(`naive.${text(context.localId)}`, { kind: 'changed' });
  return { ok: true };
}

const pairKey = (round: unknown, a: string, b: string): string =>
  `${String(round)}:${[a, b].sort().join('|')}`;

resolver.define('naive/join', ({ payload, context }) =>
  change(context as Ctx, (g, who) => {
    g.cards[who] = text(args(payload).text);
  }),
);

resolver.define('naive/propose', ({ payload, context }) =>
  change(context as Ctx, (g, who) => {
    const p = args(payload);
    g.proposals[pairKey(p.round, who, text(p.partner))] = args(p.points) as Record<string, number>;
  }),
);

resolver.define('naive/confirm', ({ payload, context }) =>
  change(context as Ctx, (g, who) => {
    const p = args(payload);
    g.confirmed[pairKey(p.round, who, text(p.partner))] = args(p.points) as Record<string, number>;
  }),
);

resolver.define('naive/state', async ({ context }) => ({
  game: (await kvs.get(`naive-game-${text((context as Ctx).localId)}`)) ?? null,
}));

export const handler = resolver.getDefinitions();
