/**
 * Access records: that Confluence, asked as a person, confirmed they can see a board's page
 * (`access:<board>:<accountId>`) or a space (`space-access:<spaceKey>:<accountId>`), and when.
 * They let later calls skip Confluence; the services decide how long a record holds
 * (`services/place.ts`). Each is written with a KVS time-to-live a little longer than that, so
 * old records leave storage by themselves; an expired record still read is treated as absent.
 */
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import { keys } from './keys';

/** A person's check on a board's page. */
export interface BoardAccess {
  /** Epoch ms of the check. */
  readonly at: number;
  /** Whether they administered the board's space then (only ever used to show controls). */
  readonly isSpaceAdmin: boolean;
}

/** A person's check on a space, with the space as Confluence gave it. */
export interface SpaceAccess {
  readonly at: number;
  readonly spaceId: string;
  readonly spaceKey: string;
  readonly isSpaceAdmin: boolean;
  /**
   * Whether they could create pages in the space then (only ever used to show controls; absent
   * in records written before it was asked).
   */
  readonly canCreatePages?: boolean;
}

const boardAccess = z.object({ at: z.number(), isSpaceAdmin: z.boolean() });
const spaceAccess = z.object({
  at: z.number(),
  spaceId: z.string().min(1),
  spaceKey: z.string().min(1),
  isSpaceAdmin: z.boolean(),
  canCreatePages: z.boolean().optional(),
});

/** Forge KVS time-to-live of an access record (its own expiry is shorter: see place.ts). */
export const ACCESS_TTL = { value: 2, unit: 'DAYS' } as const;

/** A board access record as read, or undefined when absent or not one. */
export function boardAccessFrom(value: unknown): BoardAccess | undefined {
  const parsed = boardAccess.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** A record to write with a participant's own write (same transaction) or on its own. */
export interface AccessGrant {
  readonly key: string;
  readonly value: BoardAccess;
}

export const boardGrant = (board: string, accountId: string, value: BoardAccess): AccessGrant => ({
  key: keys.boardAccess(board, accountId),
  value,
});

type Transaction = ReturnType<typeof kvs.transact>;

/** Adds an access record to a transaction: a caller's first call, checked by Confluence. */
export function withGrant(tx: Transaction, grant: AccessGrant | undefined): Transaction {
  return grant === undefined ? tx : tx.set(grant.key, grant.value, undefined, { ttl: ACCESS_TTL });
}

/** Writes a board access record on its own (a read that made the check). */
export async function saveBoardAccess(grant: AccessGrant): Promise<void> {
  await kvs.set(grant.key, grant.value, { ttl: ACCESS_TTL });
}

/** A person's space access record, if any. */
export async function loadSpaceAccess(
  spaceKey: string,
  accountId: string,
): Promise<SpaceAccess | undefined> {
  const parsed = spaceAccess.safeParse(await kvs.get(keys.spaceAccess(spaceKey, accountId)));
  return parsed.success ? parsed.data : undefined;
}

export async function saveSpaceAccess(accountId: string, access: SpaceAccess): Promise<void> {
  await kvs.set(keys.spaceAccess(access.spaceKey, accountId), access, { ttl: ACCESS_TTL });
}
