/**
 * Setting a game's stage quickly through the emulator's invoke endpoint (the same resolvers the
 * UI calls, as a given user from the home page's macro), for views that are only looked at.
 */
import type { DemoUser } from './env';

export const HOME_PAGE_ID = '98305';

interface Invoked {
  readonly ok: boolean;
  readonly body?: { readonly ok: boolean; readonly data?: unknown; readonly error?: unknown };
  readonly error?: unknown;
}

export async function invoke<T>(
  baseUrl: string,
  who: DemoUser,
  moduleKey: string,
  functionKey: string,
  payload: Record<string, unknown> = {},
): Promise<T> {
  const res = await fetch(`${baseUrl}/__emulator/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      context: {
        accountId: who.accountId,
        moduleKey,
        localId: `home-${moduleKey}`,
        contentId: HOME_PAGE_ID,
      },
      functionKey,
      payload,
    }),
  });
  const r = (await res.json()) as Invoked;
  if (!r.ok || !r.body?.ok) {
    throw new Error(`${functionKey}: ${JSON.stringify(r.error ?? r.body?.error)}`);
  }
  return r.body.data as T;
}

export interface Seat {
  readonly kind: 'pair' | 'bye';
  readonly mine: { readonly id: string };
  readonly theirs: { readonly id: string };
  readonly partnerRecord: { readonly points: Record<string, number> } | null;
}
export interface T35State {
  readonly version: number;
  readonly step: string;
  readonly view: { readonly round: number; readonly seat: Seat | null } | null;
}

export const t35 = <T = unknown>(
  url: string,
  who: DemoUser,
  name: string,
  payload?: Record<string, unknown>,
): Promise<T> => invoke<T>(url, who, 'thirty-five', `thirtyFive/${name}`, payload);

export const lc = <T = unknown>(
  url: string,
  who: DemoUser,
  name: string,
  payload?: Record<string, unknown>,
): Promise<T> => invoke<T>(url, who, 'lean-coffee', `leanCoffee/${name}`, payload);

/** Every pair proposes 4 for the card its first member holds, and the partner confirms. */
export async function playRoundByApi(
  url: string,
  people: readonly DemoUser[],
  skip: readonly DemoUser[] = [],
): Promise<void> {
  for (const pass of ['propose', 'confirm'] as const) {
    for (const who of people.filter((p) => !skip.includes(p))) {
      const s = await t35<T35State>(url, who, 'state');
      const seat = s.view?.seat;
      if (seat?.kind !== 'pair' || s.step !== pass || s.view === null) continue;
      const points =
        pass === 'propose'
          ? { [seat.mine.id]: 4, [seat.theirs.id]: 3 }
          : (seat.partnerRecord?.points ?? {});
      await t35(url, who, pass === 'propose' ? 'proposeSplit' : 'confirmSplit', {
        round: s.view.round,
        points,
      });
    }
  }
}
