/**
 * Live data for a view: subscribe to the view's realtime channel, then load, then reload whenever
 * the backend publishes a change notice there. Loading after the subscription is in place means a
 * change made while the view opens is either in the first load or heard as a notice. If
 * subscribing fails, load and poll every 5 s instead (DESIGN §2).
 *
 * Forge delivers a notice only to subscriptions whose channel context is exactly the publisher's
 * ("The properties in contextOverrides must match exactly in the subscribe() and publish()
 * calls"): a view passes the same `contextOverrides` as the backend's publish for its channel.
 */
import { Confluence, realtime } from '@forge/bridge';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, ApiResult } from '../../src/contract/result';

export const POLL_MS = 5000;

export type LiveMode = 'connecting' | 'realtime' | 'polling';

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
  readonly reload: () => Promise<void>;
}

/**
 * `channel`: the realtime channel to follow; `null` when there is none to follow (then it polls).
 * `follow: false` loads once (and on `reload`) without following changes at all.
 * `subscription`: the channel's subscribe options (a stable object, e.g. `BACKLOG_SUBSCRIPTION`);
 * none for a macro's own channel, which uses Forge's default context (this module on this page).
 */
export function useLive<T>(
  load: () => Promise<ApiResult<T>>,
  channel: string | null,
  follow = true,
  subscription?: SubscribeOptions,
): Live<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [mode, setMode] = useState<LiveMode>('connecting');
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    seq.current += 1;
    const mine = seq.current;
    const answer = await loadRef.current();
    if (mine !== seq.current) return; // a newer load is under way: keep only the latest
    setLoaded(true);
    if (answer.ok) {
      setData(answer.data);
      setError(null);
    } else {
      setError(answer.error);
    }
  }, []);

  useEffect(() => {
    let stopped = false;
    let unsubscribe: (() => unknown) | null = null;
    let timer: ReturnType<typeof setInterval> | null = null;
    const poll = (): void => {
      if (stopped || timer !== null) return;
      setMode('polling');
      timer = setInterval(() => void reload(), POLL_MS);
    };
    if (!follow) {
      void reload();
      setMode('realtime');
    } else if (channel === null) {
      void reload();
      poll();
    } else {
      realtime
        // Every notice means "something changed". Its payload (an object, or a JSON string) is not
        // read: participant writes publish the unchanged game version, so comparing versions
        // would miss them; the view refetches on each notice instead.
        .subscribe(channel, () => void reload(), subscription)
        .then(
          (subscribed) => {
            if (stopped) {
              void Promise.resolve(subscribed.unsubscribe()).catch(() => undefined);
              return;
            }
            unsubscribe = () => subscribed.unsubscribe();
            setMode('realtime');
            void reload();
          },
          () => {
            if (stopped) return;
            void reload();
            poll();
          },
        );
    }
    return () => {
      stopped = true;
      if (timer !== null) clearInterval(timer);
      if (unsubscribe !== null) void Promise.resolve(unsubscribe()).catch(() => undefined);
    };
    // A new `load` (other arguments, e.g. a filter) reloads at once.
  }, [channel, follow, reload, load, subscription]);

  return { data, loaded, error, mode, reload };
}

/** Runs commands for one view: tracks which control is busy and the error next to each one. */
export interface Actions {
  readonly busy: string | null;
  readonly errors: Readonly<Record<string, ApiError>>;
  run<T>(key: string, command: () => Promise<ApiResult<T>>): Promise<ApiResult<T>>;
  clear(key: string): void;
}

export function useActions(after: () => Promise<void>): Actions {
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
    async <T>(key: string, command: () => Promise<ApiResult<T>>): Promise<ApiResult<T>> => {
      setBusy(key);
      const answer = await command();
      setBusy(null);
      if (answer.ok) clear(key);
      else setErrors((prev) => ({ ...prev, [key]: answer.error }));
      // Refused or not, the screen may be stale (CONFLICT, WRONG_PHASE): show the latest state.
      await after();
      return answer;
    },
    [after, clear],
  );
  return { busy, errors, run, clear };
}
