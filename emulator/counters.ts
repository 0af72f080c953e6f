/**
 * Counters of what the app did through the host: invocations (by function key), KVS operations (by
 * kind), realtime publishes (by channel; refused ones apart) and Confluence requests. Tests and
 * benchmarks read and reset them over HTTP (`GET /__emulator/counters`, `POST /__emulator/counters/reset`).
 */
export interface CounterSnapshot {
  readonly invocations: number;
  readonly invocationsByFunction: Readonly<Record<string, number>>;
  readonly kvs: Readonly<Record<string, number>>;
  readonly kvsTotal: number;
  readonly realtimePublishes: number;
  readonly realtimeByChannel: Readonly<Record<string, number>>;
  /** Publishes the host refused with Forge's rate-limit error (not in `realtimePublishes`). */
  readonly realtimeRefused: number;
  readonly confluence: Readonly<Record<string, number>>;
  /** Per resolver function key: what one kind of action costs (benchmarks divide by invocations). */
  readonly byFunction: Readonly<Record<string, FunctionCounters>>;
}

export interface FunctionCounters {
  readonly invocations: number;
  readonly kvs: Readonly<Record<string, number>>;
  readonly kvsTotal: number;
  readonly realtimePublishes: number;
  readonly confluenceRequests: number;
}

interface MutableFunctionCounters {
  invocations: number;
  readonly kvs: Map<string, number>;
  realtimePublishes: number;
  confluenceRequests: number;
}

const bump = (map: Map<string, number>, key: string): void => {
  map.set(key, (map.get(key) ?? 0) + 1);
};

export class Counters {
  private invocations = 0;
  private readonly byFunction = new Map<string, number>();
  private readonly kvs = new Map<string, number>();
  private publishes = 0;
  private readonly byChannel = new Map<string, number>();
  private refused = 0;
  private readonly confluence = new Map<string, number>();
  private readonly perFunction = new Map<string, MutableFunctionCounters>();

  private fn(functionKey: string): MutableFunctionCounters {
    let c = this.perFunction.get(functionKey);
    if (!c) {
      c = { invocations: 0, kvs: new Map(), realtimePublishes: 0, confluenceRequests: 0 };
      this.perFunction.set(functionKey, c);
    }
    return c;
  }

  invocation(functionKey: string): void {
    this.invocations += 1;
    bump(this.byFunction, functionKey);
    this.fn(functionKey).invocations += 1;
  }

  /** Attributes a platform call made inside an invocation of `functionKey`. */
  attribute(functionKey: string, call: { kvs: string } | 'realtime' | 'confluence'): void {
    const c = this.fn(functionKey);
    if (call === 'realtime') c.realtimePublishes += 1;
    else if (call === 'confluence') c.confluenceRequests += 1;
    else bump(c.kvs, call.kvs);
  }

  kvsOperation(kind: string): void {
    bump(this.kvs, kind);
  }

  realtimePublish(channel: string): void {
    this.publishes += 1;
    bump(this.byChannel, channel);
  }

  /** A publish refused with the rate-limit error. */
  realtimeRefused(): void {
    this.refused += 1;
  }

  confluenceRequest(route: string): void {
    bump(this.confluence, route);
  }

  snapshot(): CounterSnapshot {
    const kvs = Object.fromEntries(this.kvs);
    return {
      invocations: this.invocations,
      invocationsByFunction: Object.fromEntries(this.byFunction),
      kvs,
      kvsTotal: Object.values(kvs).reduce((a, b) => a + b, 0),
      realtimePublishes: this.publishes,
      realtimeByChannel: Object.fromEntries(this.byChannel),
      realtimeRefused: this.refused,
      confluence: Object.fromEntries(this.confluence),
      byFunction: Object.fromEntries(
        [...this.perFunction].map(([k, c]) => {
          const kvsByKind = Object.fromEntries(c.kvs);
          return [
            k,
            {
              invocations: c.invocations,
              kvs: kvsByKind,
              kvsTotal: Object.values(kvsByKind).reduce((a, b) => a + b, 0),
              realtimePublishes: c.realtimePublishes,
              confluenceRequests: c.confluenceRequests,
            },
          ];
        }),
      ),
    };
  }

  reset(): void {
    this.invocations = 0;
    this.byFunction.clear();
    this.kvs.clear();
    this.publishes = 0;
    this.byChannel.clear();
    this.refused = 0;
    this.confluence.clear();
    this.perFunction.clear();
  }
}
