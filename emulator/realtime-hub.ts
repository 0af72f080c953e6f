/**
 * Realtime hub: `@forge/realtime` publish (backend, a GraphQL mutation sent through
 * `__forge_fetch__({ type: 'realtime' })`) and `realtime.publish` / `subscribe` from the bridge all
 * land here, and an event reaches the subscriptions whose channel context is exactly the
 * publisher's.
 *
 * Channel context, as "Authorizing Realtime channels" (developer.atlassian.com/platform/forge/
 * realtime/authorizing-realtime-channels/) documents it:
 * - default: "the Atlassian app context of the module" — a subscription "will only receive messages
 *   that are published from the same module in the same" issue or page: module, content and space;
 * - `contextOverrides`: "will completely override the default channel context" (the module is no
 *   longer part of it); "If it's provided as an empty array, then the channel will not be secured
 *   by any Atlassian app context values"; and "The properties in contextOverrides must match
 *   exactly in the subscribe() and publish() calls" — a broader subscriber does not hear a narrower
 *   publisher. Order inside the list is taken as irrelevant (assumed; the page says nothing);
 * - global channels (`publishGlobal` / `subscribeGlobal`) are a separate space: "events sent by the
 *   publish API can only be received by subscriptions created using the subscribe … API".
 *
 * Rate limit (off unless set): Forge Realtime allows "50" operations per second per installation,
 * "combined (subscribe, publish and signRealtimeToken)", and "requests after will fail with errors"
 * (developer.atlassian.com/platform/forge/limits-realtime/). Tests can also refuse the next N
 * publishes with that error, or with a Forge proxy error, to show what the app does when a notice
 * cannot go out.
 */
import { randomUUID } from 'node:crypto';
import type { Counters } from './counters';

/** Where a party to a channel sits: its module and product context (Confluence: content, space). */
export interface ProductContext {
  readonly moduleKey?: string;
  readonly contentId?: string;
  readonly spaceId?: string;
}

export interface RealtimeMessage {
  readonly channel: string;
  readonly isGlobal: boolean;
  /** Delivered as published: `@forge/realtime` sends `JSON.stringify(payload)`. */
  readonly payload: string;
  readonly eventId: string;
  readonly eventTimestamp: string;
}

interface Subscription {
  readonly id: string;
  readonly channel: string;
  readonly isGlobal: boolean;
  readonly scope: string;
  readonly deliver: (m: RealtimeMessage) => void;
}

/** Forge Realtime's documented limit: 50 operations a second per installation. */
export const REALTIME_LIMIT = { operations: 50, windowMs: 1000 } as const;

export interface RealtimeRateLimit {
  readonly operations: number;
  readonly windowMs: number;
}

/** The `error.message` Forge documents for a realtime operation over the limit. */
export const RATE_LIMIT_EXCEEDED = 'RATE_LIMIT_EXCEEDED';

/** Thrown by `subscribe` over the rate limit (the bridge's subscribe then rejects). */
export class RealtimeRateLimitError extends Error {
  constructor() {
    super(RATE_LIMIT_EXCEEDED);
    this.name = 'RealtimeRateLimitError';
  }
}

export type PublishOutcome =
  | {
      readonly ok: true;
      /** `null` when nobody listens: "eventId and eventTimestamp will be null if there are no
       * existing subscribers" (Realtime events API, Publish API). */
      readonly eventId: string | null;
      readonly eventTimestamp: string | null;
      readonly delivered: number;
    }
  | { readonly ok: false; readonly error: PublishRefusal };

/**
 * How a refused publish fails: Forge's rate-limit answer (returned in the result by
 * `@forge/realtime`), or a Forge proxy error (thrown by it as `ProxyRequestError`).
 */
export type PublishRefusal = typeof RATE_LIMIT_EXCEEDED | 'PROXY_ERROR';

/** The value of a Confluence context property (`Confluence.Content`, `Confluence.Space`). */
function propertyValue(context: ProductContext, property: string): string {
  switch (property) {
    case 'content':
      return context.contentId ?? '-';
    case 'space':
      return context.spaceId ?? '-';
    default:
      // Jira and Bitbucket properties do not exist in a Confluence context.
      return '-';
  }
}

/**
 * The channel context two parties must share to hear each other on a non-global channel:
 * module + content + space by default; exactly the listed properties with `contextOverrides`; no
 * product context at all with `contextOverrides: []`.
 */
export function scopeKey(context: ProductContext, overrides?: readonly unknown[]): string {
  if (overrides === undefined) {
    return [
      `module:${context.moduleKey ?? '-'}`,
      `content:${propertyValue(context, 'content')}`,
      `space:${propertyValue(context, 'space')}`,
    ].join('|');
  }
  const properties = [...new Set(overrides.map(String))].sort();
  return `overrides[${properties.map((p) => `${p}:${propertyValue(context, p)}`).join('|')}]`;
}

export class RealtimeHub {
  private readonly subscriptions = new Map<string, Subscription>();
  private rateLimit: RealtimeRateLimit | undefined;
  /** Host-clock instants of the operations admitted within the current window. */
  private admitted: number[] = [];
  private refusePublishes = 0;
  private refuseAs: PublishRefusal = RATE_LIMIT_EXCEEDED;

  constructor(
    private readonly counters: Counters,
    options: { readonly rateLimit?: RealtimeRateLimit; readonly clock?: () => number } = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.setRateLimit(options.rateLimit);
  }

  private readonly clock: () => number;

  /** Enforces (or with `undefined` lifts) a rate limit on every operation; the window restarts. */
  setRateLimit(limit: RealtimeRateLimit | undefined): void {
    if (limit && !(limit.operations >= 0 && limit.windowMs > 0))
      throw new Error('A realtime rate limit needs operations >= 0 and windowMs > 0');
    this.rateLimit = limit;
    this.admitted = [];
  }

  /**
   * Refuses the next `count` publishes (0 stops refusing) with Forge's rate-limit error, or with
   * a proxy error.
   */
  refuseNextPublishes(count: number, as: PublishRefusal = RATE_LIMIT_EXCEEDED): void {
    if (!(Number.isInteger(count) && count >= 0))
      throw new Error('refuseNextPublishes needs a whole number >= 0');
    this.refusePublishes = count;
    this.refuseAs = as;
  }

  /** Counts one operation against the rate limit; false when it is over the limit. */
  admit(): boolean {
    const limit = this.rateLimit;
    if (!limit) return true;
    const now = this.clock();
    this.admitted = this.admitted.filter((t) => t > now - limit.windowMs);
    if (this.admitted.length >= limit.operations) return false;
    this.admitted.push(now);
    return true;
  }

  /**
   * Refuses every subscribe from now on (`true`) or no longer (`false`), with the rate-limit error:
   * what a screen meets when realtime is unavailable or its quota is used up (tests of the polling
   * fallback).
   */
  refuseSubscriptions(refuse: boolean): void {
    this.refusingSubscriptions = refuse;
  }

  private refusingSubscriptions = false;

  /** Subscribes; throws RealtimeRateLimitError over the limit ("subscribe … returns a rejected Promise"). */
  subscribe(s: Omit<Subscription, 'id'>): () => void {
    if (this.refusingSubscriptions || !this.admit()) throw new RealtimeRateLimitError();
    this.counters.realtimeSubscribe();
    const id = randomUUID();
    this.subscriptions.set(id, { ...s, id });
    return () => {
      this.subscriptions.delete(id);
    };
  }

  publish(p: {
    channel: string;
    isGlobal: boolean;
    scope: string;
    payload: string;
  }): PublishOutcome {
    if (this.refusePublishes > 0) {
      this.refusePublishes -= 1;
      this.counters.realtimeRefused();
      return { ok: false, error: this.refuseAs };
    }
    if (!this.admit()) {
      this.counters.realtimeRefused();
      return { ok: false, error: RATE_LIMIT_EXCEEDED };
    }
    this.counters.realtimePublish(p.channel);
    const eventId = randomUUID();
    const eventTimestamp = new Date().toISOString();
    const message: RealtimeMessage = {
      channel: p.channel,
      isGlobal: p.isGlobal,
      payload: p.payload,
      eventId,
      eventTimestamp,
    };
    let delivered = 0;
    for (const s of this.subscriptions.values()) {
      if (s.channel !== p.channel || s.isGlobal !== p.isGlobal) continue;
      if (!p.isGlobal && s.scope !== p.scope) continue;
      s.deliver(message);
      delivered += 1;
    }
    return delivered === 0
      ? { ok: true, eventId: null, eventTimestamp: null, delivered }
      : { ok: true, eventId, eventTimestamp, delivered };
  }

  get size(): number {
    return this.subscriptions.size;
  }
}
