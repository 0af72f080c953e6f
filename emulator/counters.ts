/**
 * Counters of what the app did through the host: invocations (by function key), KVS operations (by
 * kind), realtime publishes (by channel) and Confluence requests. Tests and benchmarks read and
 * reset them over HTTP (`GET /__emulator/counters`, `POST /__emulator/counters/reset`).
 */
export interface CounterSnapshot {
  readonly invocations: number;
  readonly invocationsByFunction: Readonly<Record<string, number>>;
  readonly kvs: Readonly<Record<string, number>>;
  readonly kvsTotal: number;
  readonly realtimePublishes: number;
  readonly realtimeByChannel: Readonly<Record<string, number>>;
  readonly confluence: Readonly<Record<string, number>>;
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
  private readonly confluence = new Map<string, number>();

  invocation(functionKey: string): void {
    this.invocations += 1;
    bump(this.byFunction, functionKey);
  }

  kvsOperation(kind: string): void {
    bump(this.kvs, kind);
  }

  realtimePublish(channel: string): void {
    this.publishes += 1;
    bump(this.byChannel, channel);
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
      confluence: Object.fromEntries(this.confluence),
    };
  }

  reset(): void {
    this.invocations = 0;
    this.byFunction.clear();
    this.kvs.clear();
    this.publishes = 0;
    this.byChannel.clear();
    this.confluence.clear();
  }
}
