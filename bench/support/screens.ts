/**
 * Simulated screens over a running host: each is the UI's own `LiveFeed` (static/src/live-feed.ts)
 * with the host's wire in place of `@forge/bridge` — `invoke` through `/__emulator/invoke` and
 * realtime over one shared Server-Sent Events stream, each subscription with its screen's frame,
 * exactly as the shell's bridge forwards them. Optional one-way latencies stand in for the network
 * between an iframe and Forge (invoke) and for realtime delivery.
 *
 * Used by the forged-flood test and by the benchmark (bench/screens.bench.ts): the rules under
 * measurement are the UI's, not a copy of them.
 */
import http from 'node:http';
import type { ApiResult } from '../../src/contract/result';
import {
  LiveFeed,
  type ApplyNotice,
  type FeedDeps,
  type FeedState,
  type FeedTiming,
} from '../../static/src/live-feed';

export interface ScreenFrame {
  readonly accountId: string;
  readonly moduleKey: string;
  readonly localId: string;
  readonly contentId: string;
}

export interface Latency {
  /** One way, iframe ↔ function (a resolver call pays it twice). */
  readonly invokeMs: number;
  /** Realtime delivery, publisher's call done → screen. */
  readonly deliveryMs: number;
}

export const NO_LATENCY: Latency = { invokeMs: 0, deliveryMs: 0 };

const sleep = (ms: number): Promise<void> =>
  ms <= 0 ? Promise.resolve() : new Promise((r) => setTimeout(r, ms));

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** POSTs JSON to the host; one retry on a reset keep-alive socket (a local transport artefact). */
export function postJson(url: string, body: unknown, retry = true): Promise<unknown> {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolveP, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': data.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            const json: unknown = text === '' ? null : JSON.parse(text);
            if ((res.statusCode ?? 500) >= 400)
              reject(new Error(`${url}: ${res.statusCode ?? '?'} ${text}`));
            else resolveP(json);
          } catch (e) {
            reject(e instanceof Error ? e : new Error(String(e)));
          }
        });
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (retry && e.code === 'ECONNRESET') resolveP(postJson(url, body, false));
      else reject(e);
    });
    req.end(data);
  });
}

/** A resolver call as `frame`, with the invoke latency each way; platform failures throw. */
export async function invokeAs<T>(
  url: string,
  frame: ScreenFrame,
  functionKey: string,
  payload: unknown = {},
  latency: Latency = NO_LATENCY,
): Promise<ApiResult<T>> {
  await sleep(latency.invokeMs);
  const answer = (await postJson(`${url}/__emulator/invoke`, {
    context: frame,
    functionKey,
    payload,
  })) as { ok: true; body: ApiResult<T> } | { ok: false; error: { code: string; message: string } };
  await sleep(latency.invokeMs);
  if (!answer.ok) throw new Error(`${functionKey}: ${answer.error.code} ${answer.error.message}`);
  return answer.body;
}

/** One Server-Sent Events stream carrying many screens' subscriptions. */
export class EventStream {
  private readonly handlers = new Map<string, (payload: unknown) => void>();
  private seq = 0;
  private req: http.ClientRequest | null = null;
  readonly client = `screens-${process.pid}-${Math.random().toString(36).slice(2)}`;

  constructor(private readonly url: string) {}

  open(): Promise<void> {
    return new Promise((ready, fail) => {
      let buffer = '';
      const req = http.get(
        `${this.url}/__emulator/events?client=${encodeURIComponent(this.client)}`,
        (res) => {
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffer += chunk;
            let i: number;
            while ((i = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, i);
              buffer = buffer.slice(i + 2);
              const event = /^event: (.*)$/m.exec(block)?.[1];
              const data = /^data: (.*)$/m.exec(block)?.[1] ?? 'null';
              if (event === 'ready') ready();
              if (event === 'realtime') {
                const m = JSON.parse(data) as { subscriptionId: string; payload: unknown };
                this.handlers.get(m.subscriptionId)?.(m.payload);
              }
            }
          });
          res.on('error', () => undefined);
        },
      );
      req.on('error', fail);
      this.req = req;
    });
  }

  /** Subscribes `frame` to `channel` as the bridge does; rejects when the host refuses. */
  async subscribe(
    frame: ScreenFrame,
    channel: string,
    onEvent: (payload: unknown) => void,
    options?: unknown,
  ): Promise<() => Promise<void>> {
    this.seq += 1;
    const subscriptionId = `s${this.seq}`;
    this.handlers.set(subscriptionId, onEvent);
    try {
      await postJson(`${this.url}/__emulator/subscribe`, {
        client: this.client,
        subscriptionId,
        context: frame,
        channel,
        options,
      });
    } catch (e) {
      this.handlers.delete(subscriptionId);
      throw e;
    }
    return async () => {
      this.handlers.delete(subscriptionId);
      await postJson(`${this.url}/__emulator/unsubscribe`, {
        client: this.client,
        subscriptionId,
      });
    };
  }

  close(): void {
    this.req?.destroy();
  }
}

/** Timers a test moves by hand: nothing fires until `advance`. */
export class ManualTimers {
  private nowMs = 0;
  private seq = 0;
  private readonly due = new Map<number, { at: number; fn: () => void }>();

  now = (): number => this.nowMs;

  setTimeout = (fn: () => void, ms: number): unknown => {
    this.seq += 1;
    this.due.set(this.seq, { at: this.nowMs + Math.max(0, ms), fn });
    return this.seq;
  };

  clearTimeout = (handle: unknown): void => {
    this.due.delete(handle as number);
  };

  /** Moves time forward by `ms`, firing every timer that falls due (in order). */
  advance(ms: number): void {
    const end = this.nowMs + ms;
    for (;;) {
      const next = [...this.due.entries()]
        .filter(([, t]) => t.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (next === undefined) break;
      this.due.delete(next[0]);
      this.nowMs = next[1].at;
      next[1].fn();
    }
    this.nowMs = end;
  }
}

export interface ScreenOptions<T> {
  readonly url: string;
  readonly stream: EventStream;
  readonly frame: ScreenFrame;
  readonly channel: string;
  readonly stateFunction: string;
  readonly apply?: ApplyNotice<T>;
  readonly latency?: Latency;
  readonly timing?: Partial<FeedTiming>;
  /** Timers and randomness (real ones by default). */
  readonly clock?: Pick<FeedDeps, 'setTimeout' | 'clearTimeout' | 'now'>;
  readonly random?: () => number;
  /** Called with every payload heard, before the feed judges it (benchmarks time visibility). */
  readonly onHeard?: (payload: unknown) => void;
  /** Called after every state change of the feed. */
  readonly onChange?: (state: FeedState<T>) => void;
  /** Called after every read with its start and end (performance.now()). */
  readonly onRead?: (start: number, end: number) => void;
  /** Called when a notice changed the data without a read. */
  readonly onApplied?: () => void;
}

/** One person's screen: the UI's feed over the host's wire. */
export class Screen<T> {
  readonly feed: LiveFeed<T>;
  heard = 0;
  /** The last payload heard, as it arrived. */
  lastHeard: unknown = undefined;

  constructor(readonly options: ScreenOptions<T>) {
    const latency = options.latency ?? NO_LATENCY;
    const clock = options.clock ?? {
      setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms),
      clearTimeout: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>),
      now: () => performance.now(),
    };
    this.feed = new LiveFeed<T>({
      load: () => invokeAs<T>(options.url, options.frame, options.stateFunction, {}, latency),
      follow: 'realtime',
      ...(options.apply ? { apply: options.apply } : {}),
      ...(options.timing ? { timing: options.timing } : {}),
      deps: {
        ...clock,
        random: options.random ?? Math.random,
        subscribe: (onEvent) =>
          options.stream.subscribe(options.frame, options.channel, (payload) => {
            const deliver = (): void => {
              this.heard += 1;
              this.lastHeard = payload;
              options.onHeard?.(payload);
              onEvent(payload);
            };
            if (latency.deliveryMs > 0) setTimeout(deliver, latency.deliveryMs);
            else deliver();
          }),
      },
      onChange: (state) => options.onChange?.(state),
    });
  }

  /**
   * The person's own command as the UI runs it (`useActions` in static/src/live.ts): an answer
   * carrying their fresh view is shown as a read (live-feed.ts rule 6); otherwise the screen reads.
   */
  async act<R>(functionKey: string, payload: unknown = {}): Promise<ApiResult<R>> {
    this.feed.begin();
    let answer: ApiResult<R>;
    try {
      answer = await this.invoke<R>(functionKey, payload);
    } catch (e) {
      this.feed.settle();
      throw e;
    }
    if (answer.ok && this.feed.offerAnswer(answer.data)) return answer;
    if (!answer.ok) this.feed.settle();
    await this.feed.reload();
    return answer;
  }

  /** The person's own command, with the invoke latency. */
  invoke<R>(functionKey: string, payload: unknown = {}): Promise<ApiResult<R>> {
    return invokeAs<R>(
      this.options.url,
      this.options.frame,
      functionKey,
      payload,
      this.options.latency,
    );
  }
}

/** Resolves once `check` holds, polling every 10 ms (states, not time: the caller's test bounds it). */
export async function until(check: () => boolean, what: string, limitMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > limitMs) throw new Error(`waited ${limitMs} ms for ${what}`);
    await sleep(10);
  }
}

/**
 * The most of `offsets` (ms from any origin) that fall within one second of each other: the
 * densest second of a schedule, over a sliding window (two moments exactly 1,000 ms apart are in
 * different seconds).
 */
export function densestSecond(offsets: readonly number[]): number {
  const sorted = [...offsets].sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; i < sorted.length; i += 1) {
    while ((sorted[i] ?? 0) - (sorted[j] ?? 0) >= 1000) j += 1;
    peak = Math.max(peak, i - j + 1);
  }
  return peak;
}
