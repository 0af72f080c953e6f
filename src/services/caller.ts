/**
 * Who is calling and the app's own failures: what every service works with. The resolvers
 * (`resolvers/define.ts`) build a Caller from the Forge context; services never import from the
 * resolver layer.
 */
import type { ErrorCode } from '../contract/errors';

/** Where the context says a call comes from: a claim, checked with Confluence before it counts. */
export interface ClaimedPlace {
  readonly contentId: string | undefined;
  readonly spaceId: string | undefined;
  readonly spaceKey: string | undefined;
}

/** Who is calling (trusted: Forge's principal) and from where (claimed by the context). */
export interface Caller {
  readonly accountId: string;
  /** The module the call came from: names which resolvers make sense, grants nothing. */
  readonly moduleKey: string;
  /** The macro instance (or the space page): half of a board's id, grants nothing by itself. */
  readonly localId: string;
  /** The page and space the context names: see `services/place.ts`. */
  readonly claimed: ClaimedPlace;
}

/** A failure a service raises on purpose; `run` turns it into a typed answer. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/**
 * Whether a thrown error is `@forge/api`'s NeedsAuthenticationError (name `NEEDS_AUTHENTICATION_ERR`,
 * observed in `@forge/api` `out/api/fetch.js`): an `asUser` call the user has not allowed yet. It
 * must reach Forge, which then asks them to allow access; it is not the app's failure.
 */
export function isNeedsAuthentication(error: unknown): boolean {
  return error instanceof Error && error.name === 'NEEDS_AUTHENTICATION_ERR';
}
