/**
 * Realtime hub: `@forge/realtime` publish (backend, a GraphQL mutation sent through
 * `__forge_fetch__({ type: 'realtime' })`) and `realtime.publish` from the bridge both land here and
 * fan out to the iframes subscribed to the same channel in the same context. Global channels reach
 * every subscriber of that name.
 *
 * Context scoping (host's reading of the Forge docs: "all clients in the same context as the sender"):
 * the default context of a Confluence extension is its content and space; `contextOverrides`
 * (`['content']`, `['space']`) narrow it to that subset.
 */
import { randomUUID } from 'node:crypto';
import type { Counters } from './counters';

export interface ProductContext {
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

/** The key two parties must share to see each other's events on a non-global channel. */
export function scopeKey(context: ProductContext, overrides?: readonly unknown[]): string {
  const parts: string[] = [];
  const wants = (p: string): boolean =>
    !overrides || overrides.length === 0 || overrides.includes(p);
  if (wants('content')) parts.push(`content:${context.contentId ?? '-'}`);
  if (wants('space')) parts.push(`space:${context.spaceId ?? '-'}`);
  return parts.join('|');
}

export class RealtimeHub {
  private readonly subscriptions = new Map<string, Subscription>();

  constructor(private readonly counters: Counters) {}

  subscribe(s: Omit<Subscription, 'id'>): () => void {
    const id = randomUUID();
    this.subscriptions.set(id, { ...s, id });
    return () => {
      this.subscriptions.delete(id);
    };
  }

  publish(p: { channel: string; isGlobal: boolean; scope: string; payload: string }): {
    eventId: string;
    eventTimestamp: string;
    delivered: number;
  } {
    this.counters.realtimePublish(p.channel);
    const message: RealtimeMessage = {
      channel: p.channel,
      isGlobal: p.isGlobal,
      payload: p.payload,
      eventId: randomUUID(),
      eventTimestamp: new Date().toISOString(),
    };
    let delivered = 0;
    for (const s of this.subscriptions.values()) {
      if (s.channel !== p.channel || s.isGlobal !== p.isGlobal) continue;
      if (!p.isGlobal && s.scope !== p.scope) continue;
      s.deliver(message);
      delivered += 1;
    }
    return { eventId: message.eventId, eventTimestamp: message.eventTimestamp, delivered };
  }

  get size(): number {
    return this.subscriptions.size;
  }
}
