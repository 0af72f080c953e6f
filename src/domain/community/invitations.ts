/**
 * The invitation list: who the invitation pages mention (so Confluence notifies them). Members put
 * themselves on it or take themselves off; curators and space administrators add or remove others.
 * A member can only ever add themselves, so no member can invite the whole site, and the list holds
 * at most INVITEES_MAX people. Someone who took themselves off stays off until they opt in again: a
 * curator cannot add them back (a mention notifies a person, so it needs their consent).
 *
 * One record per person (`InvitationRecord`), so an opt-in writes only the person's own record and
 * concurrent opt-ins cannot overwrite each other.
 */
import { assertNever, err, ok, type Result } from '../result';
import { isSafeAccountId } from '../text';

/** Most people on a community's invitation list. */
export const INVITEES_MAX = 500;

/**
 * `invited`: on the list. `opted-out`: took themselves off (a curator cannot add them back).
 * `removed`: taken off by a curator (they or a curator can put them back).
 */
export type InvitationStatus = 'invited' | 'opted-out' | 'removed';

/** One person's place on (or off) the list; the last change wins. */
export interface InvitationRecord {
  readonly accountId: string;
  readonly status: InvitationStatus;
  /** Who made the change (the person themselves, or a curator). */
  readonly by: string;
  /** Epoch ms of the change. */
  readonly at: number;
}

export type InvitationCommand =
  | { readonly type: 'optIn' }
  | { readonly type: 'optOut' }
  | { readonly type: 'invite'; readonly accountId: string }
  | { readonly type: 'uninvite'; readonly accountId: string };

export type InvitationErrorCode =
  'NOT_CURATOR' | 'INVITATIONS_FULL' | 'OPTED_OUT' | 'INVALID_ACCOUNT';

/** Who acts, whether Confluence says they curate the community (admins included), and when. */
export interface InvitationContext {
  readonly actor: string;
  readonly canCurate: boolean;
  readonly now: number;
}

/** The people on the list, in the order they were put on it (then by id). */
export function invitedAccounts(records: Iterable<InvitationRecord>): string[] {
  return [...records]
    .filter((r) => r.status === 'invited')
    .sort((a, b) => a.at - b.at || (a.accountId < b.accountId ? -1 : 1))
    .map((r) => r.accountId);
}

/**
 * Decides one change to the list, given every current record keyed by account id. Returns the one
 * record to write, or `undefined` when nothing changes (already on, already off):
 * - opt in (oneself): on the list, unless it is full (`INVITATIONS_FULL`);
 * - opt out (oneself): off the list, remembered as their own choice;
 * - invite (a curator; a member only themselves, which is opting in): a valid account id
 *   (`INVALID_ACCOUNT`), not someone who opted out (`OPTED_OUT`), and room on the list;
 * - uninvite (a curator; a member only themselves, which is opting out): marked `removed`.
 * A member inviting or removing someone else is `NOT_CURATOR`.
 */
export function decideInvitation(
  records: Readonly<Record<string, InvitationRecord>>,
  command: InvitationCommand,
  ctx: InvitationContext,
): Result<InvitationRecord | undefined, InvitationErrorCode> {
  const current = (accountId: string) =>
    Object.prototype.hasOwnProperty.call(records, accountId) ? records[accountId] : undefined;
  const record = (accountId: string, status: InvitationStatus): InvitationRecord => ({
    accountId,
    status,
    by: ctx.actor,
    at: ctx.now,
  });
  const put = (accountId: string): Result<InvitationRecord | undefined, InvitationErrorCode> => {
    if (current(accountId)?.status === 'invited') return ok(undefined);
    const count = Object.values(records).filter((r) => r.status === 'invited').length;
    if (count >= INVITEES_MAX) {
      return err('INVITATIONS_FULL', `The invitation list already has ${INVITEES_MAX} people.`);
    }
    return ok(record(accountId, 'invited'));
  };
  const off = (accountId: string, status: 'opted-out' | 'removed') => {
    const now = current(accountId)?.status;
    return ok(
      now === status || (status === 'removed' && now !== 'invited')
        ? undefined
        : record(accountId, status),
    );
  };
  switch (command.type) {
    case 'optIn':
      return put(ctx.actor);
    case 'optOut':
      return off(ctx.actor, 'opted-out');
    case 'invite':
      if (command.accountId === ctx.actor) return put(ctx.actor);
      if (!ctx.canCurate) {
        return err('NOT_CURATOR', 'Only curators and space administrators can add other people.');
      }
      if (!isSafeAccountId(command.accountId)) {
        return err('INVALID_ACCOUNT', 'That is not an Atlassian account id.');
      }
      if (current(command.accountId)?.status === 'opted-out') {
        return err('OPTED_OUT', 'They took themselves off the list; only they can join it again.');
      }
      return put(command.accountId);
    case 'uninvite':
      if (command.accountId === ctx.actor) return off(ctx.actor, 'opted-out');
      if (!ctx.canCurate) {
        return err(
          'NOT_CURATOR',
          'Only curators and space administrators can remove other people.',
        );
      }
      return off(command.accountId, 'removed');
    default:
      return assertNever(command);
  }
}
