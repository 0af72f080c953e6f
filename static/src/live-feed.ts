/**
 * The live feed of one view, without React and without `@forge/bridge` (both are injected), so the
 * UI (`useLiveView` in live.ts), the node tests and the benchmark's simulated screens run the very
 * same rules:
 *
 * 1. **Subscribe, then load.** A change made while the view opens is in the first load or heard as
 *    a notice. A subscribe that fails (Forge refuses realtime operations past 50 a second per
 *    installation, subscribes included: 61 screens opened in the same second meet it) does not
 *    leave the screen empty: the feed **loads at once**, then retries the subscribe
 *    (`subscribeRetries` times, after random pauses that double: 0…`subscribeRetryMs`, then
 *    0…2×, 0…4×, so screens opened together spread out instead of retrying together). A late
 *    subscribe is followed by one **catch-up read** (under rule 3's window): a notice sent between
 *    that load and the subscription was missed. Only refused screens pay it. After the last retry
 *    the feed polls (rule 5). The screen is thus stale for at most the retry pauses (≤ 7 s by
 *    default), well inside the reconciliation window of rule 4.
 * 2. **A notice is data, never a ping.** Its shape is validated (`parseNotice`); anything else is
 *    dropped without a read. A valid notice goes to the view's `apply(data, notice)`, which answers:
 *    - `apply`: the notice carried the change and the view applied it (no read);
 *    - `known`: the view already has it (a version it holds or an older one; no read);
 *    - `refetch`: the view missed something it cannot rebuild from the notice (a newer version, an
 *      id it does not know): one read, scheduled as in rule 3.
 *    Without an `apply`, a view refetches on every valid notice (still under rule 3).
 * 3. **At most one read per window.** A read starts no sooner than `windowMs` after the previous
 *    notice-driven read started; a transition (`{ transition: true }`) also waits a random
 *    0…`jitterMs`, so 61 screens do not read in the same second, or 0…`spreadMs` when the view
 *    says how many screens read with it (`transitionAmong`: about 30 reads a second, at most 4 s
 *    for 120 screens or more). Every notice heard before a read
 *    starts is answered by that read; a notice heard while it runs is checked again against its
 *    answer (`apply`), and only a still-unexplained one schedules one more read, again a window
 *    later. So a flood of forged notices costs a screen at most one read per window, and can never
 *    put on screen what the server would not show (only a read or the view's own `apply` checks
 *    change the data).
 * 4. **A slow reconciliation read** every `reconcileMs` (± 20 %, jittered) covers a lost notice.
 * 5. **Polling that backs off.** Without realtime the feed reads every `pollMinMs` (± 20 %), and
 *    after each read that changed nothing waits 1.5× longer, up to `pollMaxMs`; a read that changed
 *    something starts again at `pollMinMs`. Every `resubscribeEvery` polls it tries realtime again.
 *    100 polling screens thus make at most 100 × 60 / 8 = 750 invocations a minute (15 % of Forge's
 *    5,000 per installation) while everything changes, and ≈ 150 once nothing does.
 *
 * Explicit reads (`reload()`, e.g. after a refused command) are not held by the window: a person
 * who clicked wants to see the answer now.
 *
 * 6. **A command's answer is a read** (issue 13). A participant's own command answers with their
 *    view right after the write: `begin()` before the command is sent, then `offer(data)` shows
 *    the answer without a read (`settle()` when there is none: refused or failed). It never goes
 *    backwards: the server built the answer after `begin`, so it holds every change heard before
 *    (a read still running or waiting is dropped: it began earlier); the notices heard meanwhile
 *    are held and then judged against the answer (`apply`: a participant's notice keeps the
 *    version, so it is applied again or found known; a missed one means one read, rule 3); an
 *    answer with a smaller `version` than the screen shows is dropped for one read. The answer
 *    names the notice its command published; when that notice arrives it is known.
 */
import {
  NOTICE_NAME_MAX,
  NOTICE_NAMES_MAX,
  NOTICE_SIGNATURE,
} from '../../src/contract/notice-signature';
import { NOTICE_ACCOUNT } from '../../src/contract/notices';
import type { ApiError, ApiResult } from '../../src/contract/result';

/* ---------------------------------------------------------------- notices */

/** A change notice as the backend publishes it (the payload may arrive as an object or JSON). */
export interface Notice {
  /** What happened, e.g. `split`, `round-started` (1–40 of `[A-Za-z0-9_.:-]`). */
  readonly kind: string;
  /** The board's version after the change (a participant's write leaves it as it was). */
  readonly version: number;
  /** What changed, when the notice carries it (the view's `apply` validates it further). */
  readonly change?: Readonly<Record<string, unknown>>;
  /**
   * The backend's signature, when the notice carries one (`src/services/notice-signing.ts`): a
   * view's `apply` trusts text in `change` only once `signedBy` (notice-trust.ts) checks it.
   */
  readonly sig?: string;
  /** Names the change's people carry (covered by `sig`: trusted only once `signedBy` says so). */
  readonly names?: Readonly<Record<string, string>>;
}

/** The largest notice a screen reads (a notice is a few hundred bytes; Forge allows 100 KB). */
export const MAX_NOTICE_CHARS = 8192;

const KIND = /^[A-Za-z0-9_.:-]{1,40}$/;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A notice from whatever arrived on the channel, or `null` when it is not one: not an object (or
 * JSON of one), larger than MAX_NOTICE_CHARS, a kind outside KIND, a version that is not a whole
 * number ≥ 0, or a `change` that is not an object. Anyone who can see the page can publish on its
 * channel (`@forge/bridge` `realtime.publish`), so nothing here is trusted beyond its shape.
 */
export function parseNotice(payload: unknown): Notice | null {
  let value: unknown = payload;
  if (typeof payload === 'string') {
    if (payload.length > MAX_NOTICE_CHARS) return null;
    try {
      value = JSON.parse(payload);
    } catch {
      return null;
    }
  } else {
    try {
      if ((JSON.stringify(payload) ?? '').length > MAX_NOTICE_CHARS) return null;
    } catch {
      return null;
    }
  }
  if (!isRecord(value)) return null;
  const { kind, version, change, sig, names } = value;
  if (typeof kind !== 'string' || !KIND.test(kind)) return null;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) return null;
  if (change !== undefined && !isRecord(change)) return null;
  // A signature of the wrong shape is no signature: the notice stays, unsigned (its names go).
  if (typeof sig !== 'string' || !NOTICE_SIGNATURE.test(sig)) {
    return change === undefined ? { kind, version } : { kind, version, change };
  }
  const carried = names === undefined ? undefined : namesIn(names);
  if (carried === null) return null;
  return {
    kind,
    version,
    ...(change === undefined ? {} : { change }),
    ...(carried === undefined ? {} : { names: carried }),
    sig,
  };
}

/** Names as a notice may carry them (at most a few account ids, short strings), else null. */
function namesIn(v: unknown): Readonly<Record<string, string>> | null {
  if (!isRecord(v)) return null;
  const entries = Object.entries(v);
  if (entries.length > NOTICE_NAMES_MAX) return null;
  for (const [id, name] of entries) {
    if (!NOTICE_ACCOUNT.test(id) || typeof name !== 'string') return null;
    if (name.length === 0 || name.length > NOTICE_NAME_MAX) return null;
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

/** A notice as the person's own command published it, whether or not it arrives signed (rule 6). */
const ownKey = (notice: Notice): string =>
  JSON.stringify([notice.kind, notice.version, notice.change ?? null]);

/** A view's answer to a notice (rule 2). */
export type Verdict<T> =
  | { readonly kind: 'apply'; readonly data: T }
  | { readonly kind: 'known' }
  | { readonly kind: 'refetch'; readonly transition?: boolean; readonly spreadMs?: number };

export const KNOWN: Verdict<never> = { kind: 'known' };
export const REFETCH: Verdict<never> = { kind: 'refetch' };
export const TRANSITION: Verdict<never> = { kind: 'refetch', transition: true };

/** How many screens a second a transition's reads aim for (`transitionAmong`, rule 3). */
export const TRANSITION_READS_PER_SECOND = 30;

/** The longest a transition's reads are spread over: the last screen shows it this late at most. */
export const TRANSITION_SPREAD_MAX_MS = 4000;

/**
 * A transition every one of `screens` screens reads: each waits a random 0…`spreadMs`, about
 * `TRANSITION_READS_PER_SECOND` screens a second (never less than the feed's `jitterMs`, never more
 * than `TRANSITION_SPREAD_MAX_MS`). A Thirty Five round start is private to each seat, so 61
 * screens must read it: 2 KVS requests each within 1 s peaked at 105 a second (10.5 % of Forge's
 * 1,000); spread over 2 s, at 70 (bench/README.md).
 */
export function transitionAmong(screens: number): Verdict<never> {
  const spreadMs = Math.min(
    TRANSITION_SPREAD_MAX_MS,
    Math.ceil((Math.max(0, screens) * 1000) / TRANSITION_READS_PER_SECOND),
  );
  return { kind: 'refetch', transition: true, spreadMs };
}

/** Applies a notice to a view's data (pure: it must not change `data`). */
export type ApplyNotice<T> = (data: T, notice: Notice) => Verdict<T>;

/**
 * The rule for a view whose notices carry no change: a version newer than the view's is a missed
 * transition (refetch, jittered); any other is known. Only for channels whose every change bumps
 * the version.
 */
export function byVersion<T>(versionOf: (data: T) => number): ApplyNotice<T> {
  return (data, notice) => (notice.version > versionOf(data) ? TRANSITION : KNOWN);
}

/* ------------------------------------------------------------------ feed */

/** How many notices a feed holds while its person's command runs (more: one read, rule 6). */
export const HEARD_KEPT = 200;

/** How many of a person's own notices a feed expects at most (rule 6). */
const OWN_KEPT = 20;

/** A view's `version` (the board's facilitator version), when it has one (rule 6). */
function versionIn(data: unknown): number | undefined {
  if (!isRecord(data)) return undefined;
  const v = data.version;
  return typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
}

export type LiveMode = 'connecting' | 'realtime' | 'polling';

export interface FeedTiming {
  readonly windowMs: number;
  readonly jitterMs: number;
  readonly reconcileMs: number;
  readonly subscribeRetries: number;
  readonly subscribeRetryMs: number;
  readonly pollMinMs: number;
  readonly pollMaxMs: number;
  readonly resubscribeEvery: number;
}

export const DEFAULT_TIMING: FeedTiming = {
  windowMs: 1000,
  jitterMs: 1000,
  reconcileMs: 90_000,
  subscribeRetries: 3,
  subscribeRetryMs: 1000,
  pollMinMs: 10_000,
  pollMaxMs: 40_000,
  resubscribeEvery: 4,
};

/** Random spread of polling and reconciliation delays: ± 20 %. */
export const SPREAD = 0.2;

/** What the feed needs from its surroundings (the browser and `@forge/bridge` in the app). */
export interface FeedDeps {
  /** Subscribes to the channel; rejects when realtime is unavailable. */
  readonly subscribe: (onEvent: (payload: unknown) => void) => Promise<() => unknown>;
  readonly setTimeout: (fn: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
  /** A number in [0, 1). */
  readonly random: () => number;
  /** Milliseconds (for the window; any origin). */
  readonly now: () => number;
}

export interface FeedState<T> {
  readonly data: T | null;
  /** True once a read has answered (data may legitimately be null: nothing started yet). */
  readonly loaded: boolean;
  /** The last read's failure (the previous data stays on screen). */
  readonly error: ApiError | null;
  readonly mode: LiveMode;
}

/** What the feed did, for tests and the benchmark. */
export interface FeedStats {
  readonly reads: number;
  readonly noticesApplied: number;
  readonly noticesKnown: number;
  readonly noticesRefused: number;
  readonly noticesRefetched: number;
  readonly subscribeAttempts: number;
  /** Command answers shown as reads (`offer`, rule 6). */
  readonly offers: number;
}

export interface FeedOptions<T> {
  readonly load: () => Promise<ApiResult<T>>;
  /** `realtime`: subscribe (rule 1); `poll`: no channel to follow (rule 5); `once`: read only on demand. */
  readonly follow: 'realtime' | 'poll' | 'once';
  readonly apply?: ApplyNotice<T>;
  readonly timing?: Partial<FeedTiming>;
  readonly deps: FeedDeps;
  /** Called after every change of the state (data, loaded, error, mode). */
  readonly onChange: (state: FeedState<T>) => void;
  /** Called with every notice that changed the data (`apply`), after the change. */
  readonly onApplied?: (notice: Notice) => void;
}

export class LiveFeed<T> {
  private state: FeedState<T> = { data: null, loaded: false, error: null, mode: 'connecting' };
  private readonly timing: FeedTiming;
  private stopped = false;
  private unsubscribe: (() => unknown) | null = null;
  /** Reads started, to keep only the latest answer. */
  private seq = 0;
  private inFlight = 0;
  /** Start of the last notice-driven read (for the window). */
  private lastWindowStart = Number.NEGATIVE_INFINITY;
  private readTimer: unknown = null;
  private reconcileTimer: unknown = null;
  private pollTimer: unknown = null;
  private pollDelay: number;
  private polls = 0;
  /** Notices heard while a read runs (checked against its answer). */
  private heardDuringRead: Notice[] = [];
  /** This person's commands running (`begin`), and the notices held meanwhile (rule 6). */
  private pending = 0;
  private held: Notice[] = [];
  private heldOverflow = false;
  /** The notices of this person's own answered commands, not heard yet (rule 6). */
  private own: string[] = [];
  private readScheduled = false;
  private stats: {
    -readonly [K in keyof FeedStats]: FeedStats[K];
  } = {
    reads: 0,
    noticesApplied: 0,
    noticesKnown: 0,
    noticesRefused: 0,
    noticesRefetched: 0,
    subscribeAttempts: 0,
    offers: 0,
  };

  constructor(private readonly options: FeedOptions<T>) {
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.pollDelay = this.timing.pollMinMs;
  }

  get current(): FeedState<T> {
    return this.state;
  }

  /** True when no read runs and none is waiting for its window (tests wait for this state). */
  get idle(): boolean {
    return this.inFlight === 0 && !this.readScheduled;
  }

  get counts(): FeedStats {
    return { ...this.stats };
  }

  start(): void {
    switch (this.options.follow) {
      case 'once':
        this.set({ mode: 'realtime' });
        void this.read();
        return;
      case 'poll':
        void this.read();
        this.poll();
        return;
      case 'realtime':
        void this.subscribe(0);
        return;
    }
  }

  stop(): void {
    this.stopped = true;
    for (const t of [this.readTimer, this.reconcileTimer, this.pollTimer]) {
      if (t !== null) this.options.deps.clearTimeout(t);
    }
    this.readTimer = this.reconcileTimer = this.pollTimer = null;
    const u = this.unsubscribe;
    this.unsubscribe = null;
    if (u !== null)
      void Promise.resolve()
        .then(u)
        .catch(() => undefined);
  }

  /** Reads now (after a person's own action): not held by the window. */
  reload(): Promise<void> {
    return this.read();
  }

  /**
   * Shows data the app already has (an accepted command's answer carrying the new record), without
   * a read. `fn` gets the current data (null before the first read).
   */
  update(fn: (data: T | null) => T | null): void {
    if (this.stopped) return;
    this.set({ data: fn(this.state.data) });
  }

  /**
   * A person's own command starts (rule 6): until its answer is offered (`offer`) or it settles
   * without one (`settle`), notices are held, to be judged against the answer.
   */
  begin(): void {
    this.pending += 1;
  }

  /**
   * Shows an accepted command's answer as if a read had answered it (rule 6; `begin` was called
   * before the command was sent). Never goes backwards; a read follows only when something may
   * be missing. `own` is the notice the command published (the answer's `notice`): when it is
   * heard it is known, not a reason to read. (A forged copy of it is at worst ignored once.)
   */
  offer(data: T, own?: unknown): void {
    if (this.stopped) return;
    this.stats.offers += 1;
    const notice = own === undefined || own === null ? null : parseNotice(own);
    if (notice !== null) {
      this.own.push(ownKey(notice));
      if (this.own.length > OWN_KEPT) this.own.shift();
    }
    const current = this.state.data;
    const heldVersion = current === null ? undefined : versionIn(current);
    const offered = versionIn(data);
    if (heldVersion !== undefined && offered !== undefined && offered < heldVersion) {
      // The screen shows a later board than the answer: it may still lack the change, so read.
      this.scheduleRead(false);
    } else {
      // Reads and scheduled reads began before the answer was built: it holds all they would.
      this.seq += 1;
      this.heardDuringRead = [];
      if (this.readTimer !== null) this.options.deps.clearTimeout(this.readTimer);
      this.readTimer = null;
      this.readScheduled = false;
      this.set({ data, loaded: true, error: null });
      this.armReconcile();
    }
    this.settle();
  }

  /**
   * An accepted command's answer (`begin` was called before it was sent): one that carries the
   * caller's fresh view (`{ state, notice }`: Thirty Five's `ParticipantAnswer`, Lean Coffee's
   * `ChangedWithState`) is offered (true); any other only settles the command (false: read).
   */
  offerAnswer(answer: unknown): boolean {
    if (!isRecord(answer) || !isRecord(answer.state)) {
      this.settle();
      return false;
    }
    // The resolvers' contract: a command's `state` is what its state read would answer now.
    this.offer(answer.state as T, answer.notice);
    return !this.stopped;
  }

  /** A command that `begin` announced is over (answered, refused or failed): held notices count. */
  settle(): void {
    if (this.pending === 0) return;
    this.pending -= 1;
    if (this.pending > 0 || this.stopped) return;
    const held = this.held;
    this.held = [];
    if (this.heldOverflow) this.scheduleRead(false);
    this.heldOverflow = false;
    for (const n of held) {
      if (this.inFlight > 0) this.heardDuringRead.push(n);
      else this.consider(n);
    }
  }

  /** A payload heard on the channel (the subscription's callback). */
  hear(payload: unknown): void {
    if (this.stopped) return;
    const notice = parseNotice(payload);
    if (notice === null) {
      this.stats.noticesRefused += 1;
      return;
    }
    if (this.pending > 0) {
      // A command of this person's is running: its answer decides (rule 6).
      if (this.held.length < HEARD_KEPT) this.held.push(notice);
      else this.heldOverflow = true;
      return;
    }
    if (this.inFlight > 0) {
      // The running read may or may not include it: check it against the answer.
      this.heardDuringRead.push(notice);
      return;
    }
    this.consider(notice);
  }

  private consider(notice: Notice): void {
    const mine = this.own.indexOf(ownKey(notice));
    if (mine >= 0) {
      // The notice of this person's own command: its answer, on screen, already has it.
      this.own.splice(mine, 1);
      this.stats.noticesKnown += 1;
      return;
    }
    const { data, loaded } = this.state;
    if (!loaded || data === null || this.options.apply === undefined) {
      this.stats.noticesRefetched += 1;
      this.scheduleRead(false);
      return;
    }
    const verdict = this.options.apply(data, notice);
    switch (verdict.kind) {
      case 'apply':
        this.stats.noticesApplied += 1;
        this.set({ data: verdict.data });
        this.options.onApplied?.(notice);
        return;
      case 'known':
        this.stats.noticesKnown += 1;
        return;
      case 'refetch':
        this.stats.noticesRefetched += 1;
        this.scheduleRead(verdict.transition === true, verdict.spreadMs);
        return;
    }
  }

  /** Rule 3: one read, no sooner than a window after the last, jittered for transitions. */
  private scheduleRead(transition: boolean, spreadMs = 0): void {
    if (this.stopped || this.readScheduled) return;
    this.readScheduled = true;
    const spread = Math.max(this.timing.jitterMs, Math.min(spreadMs, TRANSITION_SPREAD_MAX_MS));
    const jitter = transition ? this.options.deps.random() * spread : 0;
    const sinceLast = this.options.deps.now() - this.lastWindowStart;
    const wait = Math.max(jitter, this.timing.windowMs - sinceLast);
    this.readTimer = this.options.deps.setTimeout(() => {
      this.readTimer = null;
      this.readScheduled = false;
      this.lastWindowStart = this.options.deps.now();
      void this.read();
    }, wait);
  }

  private async read(): Promise<void> {
    if (this.stopped) return;
    this.seq += 1;
    const mine = this.seq;
    this.inFlight += 1;
    this.stats.reads += 1;
    let answer: ApiResult<T>;
    try {
      answer = await this.options.load();
    } catch (e) {
      answer = {
        ok: false,
        error: { code: 'UNEXPECTED', message: e instanceof Error ? e.message : String(e) },
      };
    }
    this.inFlight -= 1;
    if (this.stopped) return;
    if (mine === this.seq) {
      if (answer.ok) this.set({ data: answer.data, loaded: true, error: null });
      else this.set({ loaded: true, error: answer.error });
      this.armReconcile();
    }
    if (this.inFlight === 0) {
      const heard = this.heardDuringRead;
      this.heardDuringRead = [];
      for (const n of heard) this.consider(n);
    }
  }

  /** Rule 4: one jittered read every reconcileMs while subscribed. */
  private armReconcile(): void {
    if (this.state.mode !== 'realtime' || this.options.follow !== 'realtime') return;
    if (this.reconcileTimer !== null) this.options.deps.clearTimeout(this.reconcileTimer);
    this.reconcileTimer = this.options.deps.setTimeout(() => {
      this.reconcileTimer = null;
      void this.read();
    }, this.spread(this.timing.reconcileMs));
  }

  private spread(ms: number): number {
    return ms * (1 - SPREAD + 2 * SPREAD * this.options.deps.random());
  }

  /** Rule 1: subscribe, then load; refused: load at once, retry with growing jitter, then poll. */
  private async subscribe(attempt: number): Promise<void> {
    this.stats.subscribeAttempts += 1;
    try {
      const unsubscribe = await this.options.deps.subscribe((p) => this.hear(p));
      if (this.stopped) {
        void Promise.resolve()
          .then(unsubscribe)
          .catch(() => undefined);
        return;
      }
      this.unsubscribe = unsubscribe;
      if (this.pollTimer !== null) this.options.deps.clearTimeout(this.pollTimer);
      this.pollTimer = null;
      this.set({ mode: 'realtime' });
      if (attempt === 0) void this.read();
      // A late subscribe: the load ran before it, so a notice may have been missed (catch-up).
      else this.scheduleRead(false);
    } catch {
      if (this.stopped) return;
      if (attempt < this.timing.subscribeRetries) {
        // The person sees the board while realtime is retried.
        if (attempt === 0) void this.read();
        this.options.deps.setTimeout(
          () => void this.subscribe(attempt + 1),
          this.options.deps.random() * this.timing.subscribeRetryMs * 2 ** attempt,
        );
        return;
      }
      if (this.state.mode !== 'polling') {
        void this.read();
        this.poll();
      }
    }
  }

  /** Rule 5: polling with backoff and jitter; now and then, realtime is tried again. */
  private poll(): void {
    if (this.stopped) return;
    this.set({ mode: 'polling' });
    this.pollTimer = this.options.deps.setTimeout(() => {
      this.pollTimer = null;
      void this.pollOnce();
    }, this.spread(this.pollDelay));
  }

  private async pollOnce(): Promise<void> {
    const before = JSON.stringify(this.state.data);
    await this.read();
    if (this.stopped) return;
    const changed = JSON.stringify(this.state.data) !== before;
    this.pollDelay = changed
      ? this.timing.pollMinMs
      : Math.min(this.timing.pollMaxMs, this.pollDelay * 1.5);
    this.polls += 1;
    if (this.options.follow === 'realtime' && this.polls % this.timing.resubscribeEvery === 0) {
      this.stats.subscribeAttempts += 1;
      try {
        const unsubscribe = await this.options.deps.subscribe((p) => this.hear(p));
        if (this.stopped) {
          void Promise.resolve()
            .then(unsubscribe)
            .catch(() => undefined);
          return;
        }
        this.unsubscribe = unsubscribe;
        this.set({ mode: 'realtime' });
        this.armReconcile();
        return;
      } catch {
        // still unavailable: keep polling
      }
    }
    this.poll();
  }

  private set(patch: Partial<FeedState<T>>): void {
    this.state = { ...this.state, ...patch };
    this.options.onChange(this.state);
  }
}
