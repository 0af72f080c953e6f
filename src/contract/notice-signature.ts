/**
 * What a signed notice's signature covers (issue 13; `src/services/notice-signing.ts` signs,
 * `static/src/notice-trust.ts` checks): the board the notice is about (`boardId`: its page and
 * macro instance), its kind, its version, its change and the names it carries, as one JSON array. A screen rebuilds it from the notice it parsed (JSON
 * keeps key order and a number's digits, so the server's and the screen's strings are the same).
 */

/** The parts of a notice a signature covers. */
export interface SignableNotice {
  readonly kind: string;
  readonly version: number;
  readonly change?: unknown;
  readonly names?: Readonly<Record<string, string>>;
}

/** The signed message of a notice about `board`. */
export function noticeMessage(board: string, notice: SignableNotice): string {
  return JSON.stringify([
    board,
    notice.kind,
    notice.version,
    notice.change ?? null,
    notice.names ?? null,
  ]);
}

/**
 * What a view hands its screen to check signed notices with: the installation's public key and
 * the board the view shows (a notice signed for another board fails the check).
 */
export interface NoticeKey {
  readonly key: string;
  readonly board: string;
}

/** A signature as notices carry it: base64url of Ed25519's 64 bytes. */
export const NOTICE_SIGNATURE = /^[A-Za-z0-9_-]{86}$/;

/** A public key as views carry it: base64url of Ed25519's 32 bytes. */
export const NOTICE_PUBLIC_KEY = /^[A-Za-z0-9_-]{43}$/;

/** Most names a notice carries (an action item names its author and owner). */
export const NOTICE_NAMES_MAX = 4;

/** Longest display name a notice carries (Atlassian's public names are far shorter). */
export const NOTICE_NAME_MAX = 255;
