/**
 * Where a call acts, asked of Confluence as the caller.
 *
 * Forge's "App context security" page: in a Custom UI resolver only `license`, `accountId`,
 * `accountType` and `installContext` of the context are safe for authorization; anyone can edit the
 * rest (the page, the space) from the browser's devtools. So the place a call names is a claim:
 * - a macro's page is its content id, checked with `GET /wiki/api/v2/pages/{id}` as the caller
 *   (which proves they can see it and gives its `spaceId`), then `GET /wiki/api/v2/spaces/{id}`
 *   for the space's key;
 * - a space page's space is its key, checked with `GET /wiki/api/v2/spaces?keys=` as the caller
 *   (which lists only spaces they can see, and gives the id).
 * A claimed space (id or key) that differs from what Confluence says — or from what a board
 * stored when it was created — is refused with WRONG_PLACE before anything is read or written
 * for that place; a page or space Confluence does not show the caller (404 or 403: both mean "not
 * visible") is refused with NOT_VISIBLE. Every administrator check runs on the space Confluence
 * returned, never on a claimed one.
 *
 * Asked once, not on every call: a board stores its page and space as Confluence gave them at its
 * creation, and a person's first call on a board records that they were checked (an access record
 * read in the same batch get as the board's row), so their later calls make no Confluence call for
 * BOARD_ACCESS_MS. Space calls (backlog, settings, sessions) keep a per-space, per-person record for
 * SPACE_ACCESS_MS. Both records keep the space-administrator answer too (and the space record
 * whether they may create pages there), but only to show controls: facilitator, curator and
 * administrator commands, and joining the rotation, ask Confluence again (`spacePermissions`).
 * A check is recorded by a view, or with an accepted command: a refused command writes nothing.
 */
import { forgeConfluence, type ConfluenceFailure, type ConfluencePort } from '../confluence/client';
import { AppError, type Caller } from './caller';
import {
  boardGrant,
  loadSpaceAccess,
  saveSpaceAccess,
  type AccessGrant,
  type BoardAccess,
  type SpaceAccess,
} from '../storage/access';
import { boardId } from '../storage/keys';

/** A space as Confluence gave it to the caller. */
export interface SpacePlace {
  readonly spaceId: string;
  readonly spaceKey: string;
}

/** A page and its space as Confluence gave them to the caller. */
export interface PagePlace extends SpacePlace {
  readonly pageId: string;
}

/**
 * How long a person's check on a board's page holds: a session day. A game runs for minutes to a
 * few hours; someone who loses sight of the page mid-game keeps taking part in it until then (their
 * notes page is still written as the facilitator, with Confluence's own permissions).
 */
export const BOARD_ACCESS_MS = 12 * 60 * 60 * 1000;

/**
 * How long a person's check on a space holds: a quarter of an hour. The backlog page and macros
 * refetch on every change, so without it every open screen would ask Confluence on every change;
 * with it a person costs at most four checks an hour, and someone removed from a space loses its
 * backlog within 15 minutes.
 */
export const SPACE_ACCESS_MS = 15 * 60 * 1000;

const CONFLUENCE_ID = /^\d{1,19}$/;

const notVisible = (what: string): AppError =>
  new AppError('NOT_VISIBLE', `Confluence does not show you ${what}.`);

const wrongPlace = (): AppError =>
  new AppError(
    'WRONG_PLACE',
    'This request names another space than the page it comes from. Nothing was changed.',
  );

const notInMacro = (): AppError =>
  new AppError('NOT_IN_MACRO', 'This action only works from the CoP Kit macro or page.');

/** A Confluence failure while checking a place: not visible, or a platform problem to surface. */
function checkFailed(failure: ConfluenceFailure, what: string): Error {
  switch (failure.kind) {
    case 'forbidden':
    case 'not-found':
      return notVisible(what);
    case 'bad-request':
    case 'title-taken':
    case 'unavailable':
      return new Error(`Confluence could not check ${what}: ${failure.kind} ${failure.message}`);
  }
}

/** The page a macro call claims, if it is a Confluence id. */
function claimedPage(caller: Caller): string {
  const contentId = caller.claimed.contentId;
  if (contentId === undefined || !CONFLUENCE_ID.test(contentId)) throw notInMacro();
  return contentId;
}

/** The board a macro call acts on: its page and macro instance (`boardId`). */
export function boardOf(caller: Caller): string {
  return boardId(claimedPage(caller), caller.localId);
}

/** Refuses a call whose context names another space than `place` (a claim left out is no claim). */
export function assertClaims(caller: Caller, place: SpacePlace): void {
  const { spaceId, spaceKey } = caller.claimed;
  if (spaceId !== undefined && spaceId !== place.spaceId) throw wrongPlace();
  if (spaceKey !== undefined && spaceKey !== place.spaceKey) throw wrongPlace();
}

/** What the caller may do in a space, asked of Confluence now (any failure: nothing). */
export interface SpacePermissions {
  /** `administer:space`: a space administrator. */
  readonly isSpaceAdmin: boolean;
  /** `create:page`: may create pages in the space (what joining the rotation needs). */
  readonly canCreatePages: boolean;
}

/**
 * The caller's permitted operations on the space, asked of Confluence as them, now:
 * `GET /wiki/api/v2/spaces/{id}/operations` (one call answers both questions).
 */
export async function spacePermissions(
  spaceId: string,
  confluence: ConfluencePort = forgeConfluence(),
): Promise<SpacePermissions> {
  const ops = await confluence.spaceOperations(spaceId);
  if (!ops.ok) return { isSpaceAdmin: false, canCreatePages: false };
  return {
    isSpaceAdmin: ops.value.includes('administer:space'),
    canCreatePages: ops.value.includes('create:page'),
  };
}

/** Whether the caller administers the space, asked of Confluence now (any failure: no). */
export async function isSpaceAdmin(
  spaceId: string,
  confluence: ConfluencePort = forgeConfluence(),
): Promise<boolean> {
  const admin = await confluence.canAdministerSpace(spaceId);
  return admin.ok && admin.value;
}

/**
 * The page of a macro call and its space, asked of Confluence as the caller, with the context's
 * claims checked against them: for a new board (whose row then stores this place).
 */
export async function pageOfCaller(
  caller: Caller,
  confluence: ConfluencePort = forgeConfluence(),
): Promise<PagePlace> {
  const pageId = claimedPage(caller);
  const page = await confluence.page(pageId);
  if (!page.ok) throw checkFailed(page.failure, 'this page');
  if (page.value === undefined) throw notVisible('this page');
  const spaceId = page.value.spaceId;
  if (spaceId === undefined) throw new Error(`Confluence gave page ${pageId} no space`);
  const space = await confluence.space(spaceId);
  if (!space.ok) throw checkFailed(space.failure, "this page's space");
  const place: PagePlace = { pageId, spaceId, spaceKey: space.value.key };
  assertClaims(caller, place);
  return place;
}

/** What a call on an existing board may rely on. */
export interface Admission {
  /** The access record to write (with the call's own write, or on its own); none when known. */
  readonly grant: AccessGrant | undefined;
  /** Whether the caller administers the board's space, as last checked: for views only. */
  readonly isSpaceAdminHint: boolean;
}

/**
 * Lets a caller act on or read a board. The context's claims must match the place the board
 * stored (no Confluence call). A person checked within BOARD_ACCESS_MS passes at once; otherwise
 * Confluence is asked, as them, for the board's page (visible, and still in the stored space) and
 * — unless they started the board — whether they administer its space; the answer is returned as
 * a grant to record.
 */
export async function admitToBoard(
  caller: Caller,
  board: { readonly place: PagePlace; readonly startedBy: string },
  access: BoardAccess | undefined,
  now: number,
  confluence: ConfluencePort = forgeConfluence(),
): Promise<Admission> {
  const { place } = board;
  if (caller.claimed.contentId !== place.pageId) throw wrongPlace();
  assertClaims(caller, place);
  if (access !== undefined && now - access.at >= 0 && now - access.at < BOARD_ACCESS_MS) {
    return { grant: undefined, isSpaceAdminHint: access.isSpaceAdmin };
  }
  const isStarter = caller.accountId === board.startedBy;
  const [page, admin] = await Promise.all([
    confluence.page(place.pageId),
    isStarter ? Promise.resolve(false) : isSpaceAdmin(place.spaceId, confluence),
  ]);
  if (!page.ok) throw checkFailed(page.failure, 'this page');
  if (page.value === undefined) throw notVisible('this page');
  // The page moved to another space since the board started: its boards stay where they were.
  if (page.value.spaceId !== place.spaceId) throw wrongPlace();
  const grant = boardGrant(boardOf(caller), caller.accountId, { at: now, isSpaceAdmin: admin });
  return { grant, isSpaceAdminHint: admin };
}

/** The space of a backlog, settings or session call, as Confluence gave it to the caller. */
export interface SpaceAdmission {
  readonly place: SpacePlace;
  /** Whether the caller administers the space, as last checked: for views only. */
  readonly isSpaceAdminHint: boolean;
  /** Whether the caller may create pages in the space, as last checked: for views only. */
  readonly canCreatePagesHint: boolean;
  /** The check this call made, to record once the call is answered (`rememberSpace`). */
  readonly check: SpaceAccess | undefined;
}

/** Records the check a space call made (a view, or an accepted command), if it made one. */
export async function rememberSpace(caller: Caller, space: SpaceAdmission): Promise<void> {
  if (space.check !== undefined) await saveSpaceAccess(caller.accountId, space.check);
}

/**
 * The space a community call acts on. A record from the last SPACE_ACCESS_MS answers without
 * Confluence (its space id must match a claimed id). Otherwise: from a macro, its page and that
 * page's space (`pageOfCaller`); from a space page, the claimed key looked up as the caller. The
 * answer, with whether they administer the space, is returned as a check for the caller to record
 * (`rememberSpace`) once the call is answered.
 */
export async function spaceOf(
  caller: Caller,
  confluence: ConfluencePort = forgeConfluence(),
): Promise<SpaceAdmission> {
  const { contentId, spaceKey } = caller.claimed;
  if (spaceKey === undefined && contentId === undefined) {
    throw new AppError('NOT_IN_MACRO', 'The backlog lives in a Confluence space; open it there.');
  }
  const now = Date.now();
  if (spaceKey !== undefined) {
    const known = await loadSpaceAccess(spaceKey, caller.accountId);
    if (known !== undefined && now - known.at >= 0 && now - known.at < SPACE_ACCESS_MS) {
      const place = { spaceId: known.spaceId, spaceKey: known.spaceKey };
      assertClaims(caller, place);
      return {
        place,
        isSpaceAdminHint: known.isSpaceAdmin,
        canCreatePagesHint: known.canCreatePages ?? false,
        check: undefined,
      };
    }
  }
  let place: SpacePlace;
  if (contentId !== undefined) {
    const page = await pageOfCaller(caller, confluence);
    place = { spaceId: page.spaceId, spaceKey: page.spaceKey };
  } else {
    const space = await confluence.spaceByKey(spaceKey ?? '');
    if (!space.ok) throw checkFailed(space.failure, `the space ${spaceKey ?? ''}`);
    place = { spaceId: space.value.id, spaceKey: space.value.key };
    assertClaims(caller, place);
  }
  const permissions = await spacePermissions(place.spaceId, confluence);
  return {
    place,
    isSpaceAdminHint: permissions.isSpaceAdmin,
    canCreatePagesHint: permissions.canCreatePages,
    check: { at: now, ...place, ...permissions },
  };
}
