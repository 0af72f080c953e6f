/**
 * Live data for a view: load once, then reload whenever the backend publishes a change notice on
 * the view's realtime channel. If subscribing fails, poll every 5 s instead (DESIGN §2).
 */
import { realtime } from '@forge/bridge';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, ApiResult } from '../../src/contract/result';

export const POLL_MS = 5000;

export type LiveMode = 'connecting' | 'realtime' | 'polling';

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
 */
export function useLive<T>(
  load: () => Promise<ApiResult<T>>,
  channel: string | null,
  follow = true,
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
    void reload();
    if (!follow) {
      setMode('realtime');
    } else if (channel === null) {
      poll();
    } else {
      realtime
        // Every notice means "something changed". Its payload (an object, or a JSON string) is not
        // read: participant writes publish the unchanged game version, so comparing versions
        // would miss them; the view refetches on each notice instead.
        .subscribe(channel, () => void reload())
        .then(
          (subscription) => {
            if (stopped) {
              void Promise.resolve(subscription.unsubscribe()).catch(() => undefined);
              return;
            }
            unsubscribe = () => subscription.unsubscribe();
            setMode('realtime');
          },
          () => poll(),
        );
    }
    return () => {
      stopped = true;
      if (timer !== null) clearInterval(timer);
      if (unsubscribe !== null) void Promise.resolve(unsubscribe()).catch(() => undefined);
    };
    // A new `load` (other arguments, e.g. a filter) reloads at once.
  }, [channel, follow, reload, load]);

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
