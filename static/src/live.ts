/**
 * Live data for a view, in the browser: `useLiveView` runs a `LiveFeed` (live-feed.ts, where the
 * rules are: subscribe then load; notices are data, validated and applied by the view, a read only
 * for what the view missed, at most one per window, jittered for transitions; a slow reconciliation
 * read; polling that backs off when realtime is unavailable) over the real `@forge/bridge`.
 *
 * Forge delivers a notice only to subscriptions whose channel context is exactly the publisher's
 * ("The properties in contextOverrides must match exactly in the subscribe() and publish()
 * calls"): a view passes the same `contextOverrides` as the backend's publish for its channel.
 *
 * ## API (for the views of every game)
 * ```ts
 * const live = useLiveView({
 *   load,                          // () => call<View>(RESOLVER.state): the read of this phase
 *   channel: changeChannel(context.localId),
 *   apply: applyMyNotice,          // (view, notice) => Verdict: a pure module per game
 * });
 * live.data / live.loaded / live.error / live.mode   // what to render
 * live.update((view) => next)      // show what an accepted command answered, without a read
 * live.reload()                    // read now (after a refused command)
 * const actions = useActions(live.reload, live.answers);
 * actions.run('key', command, (data) => live.update(...))   // accepted: apply; refused: reload
 * // an accepted answer carrying `state` (the caller's fresh view) is shown without a read
 * ```
 * `apply(view, notice)` answers `{ kind: 'apply', data }` when the notice carried the change (and
 * the view could check it: ids it already shows, a phase it is in), `KNOWN` when it has it, and
 * `REFETCH` / `TRANSITION` when it missed something. It must never put on screen what the server
 * would not show: anyone who sees the page can publish on its channel.
 */
import { Confluence, realtime } from '@forge/bridge';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiError, ApiResult } from '../../src/contract/result';
import {
  DEFAULT_TIMING,
  LiveFeed,
  type ApplyNotice,
  type FeedDeps,
  type FeedState,
  type FeedTiming,
  type LiveMode,
} from './live-feed';

export {
  byVersion,
  KNOWN,
  parseNotice,
  REFETCH,
  TRANSITION,
  type ApplyNotice,
  type LiveMode,
  type Notice,
  type Verdict,
} from './live-feed';

/** The first polling interval without realtime (it backs off to `POLL_MAX_MS`). */
export const POLL_MS = DEFAULT_TIMING.pollMinMs;
export const POLL_MAX_MS = DEFAULT_TIMING.pollMaxMs;

/** What a view shows while it polls. */
export const POLLING_LABEL = 'refreshing now and then';

/** Options of a realtime subscription (`@forge/bridge`'s `SubscriptionOptions`). */
export type SubscribeOptions = NonNullable<Parameters<typeof realtime.subscribe>[2]>;

/**
 * How the backlog views subscribe: the backend publishes backlog notices scoped to the space alone
 * (`contextOverrides: [Confluence.Space]`, src/services/live.ts), so the subscription names exactly
 * that — without it the page and the macro would never hear a notice.
 */
export const BACKLOG_SUBSCRIPTION: SubscribeOptions = { contextOverrides: [Confluence.Space] };

export interface Live<T> {
  readonly data: T | null;
  /** True once a load has answered (data may legitimately be null: nothing started yet). */
  readonly loaded: boolean;
  /** The last load's failure (the previous data stays on screen). */
  readonly error: ApiError | null;
  readonly mode: LiveMode;
  /** Reads now (not held by the window). */
  readonly reload: () => Promise<void>;
  /** Shows what the app already has (an accepted command's record) without a read. */
  readonly update: (fn: (data: T | null) => T | null) => void;
  /** A command's answer as a read (live-feed.ts rule 6); `useActions` calls these. */
  readonly answers: AnswerSink;
}

/**
 * Where `useActions` puts the answers that carry the caller's fresh view (`{ state, notice }`:
 * Thirty Five's `ParticipantAnswer`, Lean Coffee's `ChangedWithState`), instead of reading.
 */
export interface AnswerSink {
  readonly begin: () => void;
  /** Shows `answer.state` if the answer carries one (true), else only settles (false). */
  readonly offer: (answer: unknown) => boolean;
  readonly settle: () => void;
}

export interface LiveViewOptions<T> {
  /** The view's read (a stable function: a new one restarts the feed). */
  readonly load: () => Promise<ApiResult<T>>;
  /** The realtime channel to follow; `null` when there is none to follow (then it polls). */
  readonly channel: string | null;
  /** `false` loads once (and on `reload`) without following changes at all. */
  readonly follow?: boolean;
  /**
   * The channel's subscribe options (a stable object, e.g. `BACKLOG_SUBSCRIPTION`); none for a
   * macro's own channel, which uses Forge's default context (this module on this page).
   */
  readonly subscription?: SubscribeOptions;
  /** The view's notice rule (a stable function); without it every valid notice means a read. */
  readonly apply?: ApplyNotice<T>;
  readonly timing?: Partial<FeedTiming>;
}

/** The browser's timers and `@forge/bridge`'s realtime, for a feed on `channel`. */
function browserDeps(channel: string | null, subscription?: SubscribeOptions): FeedDeps {
  return {
    subscribe: async (onEvent) => {
      if (channel === null) throw new Error('no channel');
      const subscribed = await realtime.subscribe(channel, onEvent, subscription);
      return () => subscribed.unsubscribe();
    },
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    random: Math.random,
    now: () => Date.now(),
  };
}

/** A view's live data (see the API above). */
export function useLiveView<T>(options: LiveViewOptions<T>): Live<T> {
  const { load, channel, follow = true, subscription, apply, timing } = options;
  const [state, setState] = useState<FeedState<T>>({
    data: null,
    loaded: false,
    error: null,
    mode: 'connecting',
  });
  const feed = useRef<LiveFeed<T> | null>(null);
  const timingKey = JSON.stringify(timing ?? {});

  useEffect(() => {
    const f = new LiveFeed<T>({
      load,
      follow: !follow ? 'once' : channel === null ? 'poll' : 'realtime',
      ...(apply ? { apply } : {}),
      timing: JSON.parse(timingKey) as Partial<FeedTiming>,
      deps: browserDeps(channel, subscription),
      onChange: setState,
    });
    feed.current = f;
    f.start();
    return () => {
      f.stop();
      if (feed.current === f) feed.current = null;
    };
    // A new `load` (other arguments, e.g. a filter) restarts the feed and reads at once.
  }, [load, channel, follow, subscription, apply, timingKey]);

  const reload = useCallback(async () => {
    await feed.current?.reload();
  }, []);
  const update = useCallback((fn: (data: T | null) => T | null) => {
    feed.current?.update(fn);
  }, []);
  const answers = useMemo<AnswerSink>(() => {
    // The feed a command began on settles it (a restarted feed never saw the begin).
    const begun: LiveFeed<T>[] = [];
    return {
      begin: () => {
        const f = feed.current;
        if (f === null) return;
        f.begin();
        begun.push(f);
      },
      offer: (answer) => {
        const f = begun.shift();
        if (f === undefined) return false;
        return f.offerAnswer(answer) && f === feed.current;
      },
      settle: () => {
        begun.shift()?.settle();
      },
    };
  }, []);
  return { ...state, reload, update, answers };
}

/**
 * The former positional form: `useLive(load, channel, follow, subscription)` = `useLiveView` with
 * no `apply` (every valid notice means a read, at most one per window).
 */
export function useLive<T>(
  load: () => Promise<ApiResult<T>>,
  channel: string | null,
  follow = true,
  subscription?: SubscribeOptions,
): Live<T> {
  return useLiveView({ load, channel, follow, ...(subscription ? { subscription } : {}) });
}

/** Runs commands for one view: tracks which control is busy and the error next to each one. */
export interface Actions {
  readonly busy: string | null;
  readonly errors: Readonly<Record<string, ApiError>>;
  /**
   * Runs a command. Refused (CONFLICT, WRONG_PHASE…): the screen may be stale, so it reads now.
   * Accepted: `applied(data)` shows what the answer carries and says whether that was enough
   * (`true`: no read); without `applied`, it reads now as before.
   */
  run<T>(
    key: string,
    command: () => Promise<ApiResult<T>>,
    applied?: (data: T) => boolean,
  ): Promise<ApiResult<T>>;
  clear(key: string): void;
}

/**
 * `answers`: the view's `live.answers`. With it, an accepted command whose answer carries the
 * caller's fresh view (`state`) is shown without a read (issue 13); other answers read as before.
 */
export function useActions(after: () => Promise<void>, answers?: AnswerSink): Actions {
  const [busy, setBusy] = useState<string | null>(null);
  const [errors, setErrors] = useState<Readonly<Record<string, ApiError>>>({});
  const clear = useCallback((key: string) => {
    setErrors((prev) => {
      if (!(key in prev)) return prev;
      const next = { ...prev };
      delete next[key];
      return next;
    });
  }, []);
  const run = useCallback(
    async <T>(
      key: string,
      command: () => Promise<ApiResult<T>>,
      applied?: (data: T) => boolean,
    ): Promise<ApiResult<T>> => {
      setBusy(key);
      answers?.begin();
      let answer: ApiResult<T>;
      try {
        answer = await command();
      } catch (e) {
        answers?.settle();
        throw e;
      }
      setBusy(null);
      if (answer.ok) clear(key);
      else setErrors((prev) => ({ ...prev, [key]: answer.error }));
      if (answers !== undefined) {
        if (answer.ok && answers.offer(answer.data)) return answer;
        if (!answer.ok) answers.settle();
      }
      if (answer.ok && applied !== undefined && applied(answer.data)) return answer;
      await after();
      return answer;
    },
    [after, answers, clear],
  );
  return { busy, errors, run, clear };
}
