/**
 * The realtime channel a macro instance listens on. Forge scopes `publish` to the invocation's
 * context (the page), and the macro's localId keeps two macros on one page apart.
 */
export function changeChannel(localId: string): string {
  return `cop-kit.changed.${localId.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
}

/** The backlog of a space changes from several macros and the space page: one channel per space. */
export function backlogChannel(spaceKey: string): string {
  return `cop-kit.backlog.${spaceKey.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
}

/**
 * What every change publishes: clients refetch when they see a newer version. `seq` and `change`
 * are for notices that carry the change itself (a screen applies it without a refetch); a game's
 * `noticeOf` hook fills them in (`services/engine/definition.ts`).
 */
export interface ChangeNotice {
  readonly version: number;
  readonly kind: string;
  readonly seq?: number;
  readonly change?: unknown;
  /**
   * Display names of the people a signed change names, as the app has them cached (a screen that
   * has not shown them yet needs no read for their names); covered by the signature.
   */
  readonly names?: Readonly<Record<string, string>>;
  /** The backend's signature of a notice that carries a change (`services/notice-signing.ts`). */
  readonly sig?: string;
}
