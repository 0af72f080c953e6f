/**
 * Counters of what the app did through the host: invocations (by function key), KVS operations (by
 * kind), realtime publishes (by channel; refused ones apart) and Confluence requests. Tests and
 * benchmarks read and reset them over HTTP (`GET /__emulator/counters`, `POST /__emulator/counters/reset`).
 *
 * **Metering as Forge counts it** (`meter`), per second of the host's clock, so a test or the
 * benchmark can read the busiest second and the busiest minute:
 * - KVS read and write units: "Read (10KB request per min) 4000; Write (10KB request per min) 4000
 *   … Request sizes are rounded up to the nearest 10KB" (developer.atlassian.com/platform/forge/
 *   limits-kvs-ce, quoted in the platform cost study §4). A read request is metered on the size of
 *   its answer, a write on the size of what it sends, each rounded up to 10 KB with at least one
 *   unit; a batch, a query page or a transaction is one request (assumed: the page speaks of
 *   "request sizes").
 * - Realtime operations: "Operations per second 50 … combined (subscribe, publish and
 *   signRealtimeToken) … for each installation" (limits-realtime): subscribes and publishes.
 * - Confluence points: "Each request starts with a base cost of 1 point, and additional points are
 *   added for each object involved. Write requests are charged only the base cost"
 *   (developer.atlassian.com/cloud/confluence/rate-limiting). Objects are counted in the answer:
 *   each entry of `results` (1 point; 2 for a user of `users-bulk`: "2 per identity/access object",
 *   a secondary source in the study, §4), or 1 for a single object; a space's `operations` list
 *   is counted as one object (assumed). Writes (POST/PUT/DELETE other than `users-bulk`, which is
 *   a read sent as POST) cost the base point.
 *
 * **Quotas** (`setQuotas`, off by default): Forge's per-installation limits per fixed one-minute
 * window — invocations 5,000 ("Per install 5,000 … applied on a fixed one-minute window",
 * limits-invocation), KVS read units 4,000 and write units 4,000 (limits-kvs-ce; past it "429 …
 * RATE_LIMIT_EXCEEDED"). A call over a quota is refused before it runs (`admitInvocation`,
 * `admitKvs`).
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
  /** Forge's metering: totals, busiest second and busiest minute (see the header). */
  readonly meter: MeterSnapshot;
  /** Calls refused because a per-minute quota was used up (`setQuotas`). */
  readonly refusedByQuota: number;
  /** Per resolver function key: what one kind of action costs (benchmarks divide by invocations). */
  readonly byFunction: Readonly<Record<string, FunctionCounters>>;
}

export interface FunctionCounters {
  readonly invocations: number;
  readonly kvs: Readonly<Record<string, number>>;
  readonly kvsTotal: number;
  readonly realtimePublishes: number;
  readonly confluenceRequests: number;
  readonly confluencePoints: number;
  readonly kvsReadUnits: number;
  readonly kvsWriteUnits: number;
}

interface MutableFunctionCounters {
  invocations: number;
  readonly kvs: Map<string, number>;
  realtimePublishes: number;
  confluenceRequests: number;
  confluencePoints: number;
  kvsReadUnits: number;
  kvsWriteUnits: number;
}

/** The quantities metered per second. */
export type Metered =
  | 'invocations'
  | 'kvsRequests'
  | 'kvsReadUnits'
  | 'kvsWriteUnits'
  | 'realtimeOperations'
  | 'confluenceCalls'
  | 'confluencePoints';

export const METERED: readonly Metered[] = [
  'invocations',
  'kvsRequests',
  'kvsReadUnits',
  'kvsWriteUnits',
  'realtimeOperations',
  'confluenceCalls',
  'confluencePoints',
];

export type Meter = Readonly<Record<Metered, number>>;

/** Totals, the busiest second and the busiest 60 s (sliding, whole seconds) since the last reset. */
export interface MeterSnapshot {
  readonly total: Meter;
  readonly busiestSecond: Meter;
  readonly busiestMinute: Meter;
}

/** Forge's per-installation quotas per fixed minute (`FORGE_QUOTAS`); a missing one is off. */
export interface Quotas {
  readonly invocationsPerMinute?: number;
  readonly kvsReadUnitsPerMinute?: number;
  readonly kvsWriteUnitsPerMinute?: number;
}

/** The published figures (see the header). */
export const FORGE_QUOTAS: Required<Quotas> = {
  invocationsPerMinute: 5000,
  kvsReadUnitsPerMinute: 4000,
  kvsWriteUnitsPerMinute: 4000,
};

/** Forge's KVS metering unit: 10 KB. */
export const KVS_UNIT_BYTES = 10 * 1024;

/** Units of one KVS request of `bytes` (rounded up to 10 KB, at least one). */
export const kvsUnits = (bytes: number): number => Math.max(1, Math.ceil(bytes / KVS_UNIT_BYTES));

const KVS_READS = new Set([
  'get',
  'secret/get',
  'entity/get',
  'query',
  'entity/query',
  'batch/get',
]);

/** Whether a KVS operation (`get`, `batch/set`, …) reads (else it writes). */
export const isKvsRead = (op: string): boolean => KVS_READS.has(op);

const zeroMeter = (): Record<Metered, number> => ({
  invocations: 0,
  kvsRequests: 0,
  kvsReadUnits: 0,
  kvsWriteUnits: 0,
  realtimeOperations: 0,
  confluenceCalls: 0,
  confluencePoints: 0,
});

/** Confluence points of one answered request (see the header). */
export function confluencePoints(method: string, template: string, answer: unknown): number {
  const m = method.toUpperCase();
  const bulkUsers = template.includes('users-bulk');
  if (m !== 'GET' && !bulkUsers) return 1;
  if (template.endsWith('/operations')) return 2;
  const results =
    typeof answer === 'object' && answer !== null && 'results' in answer
      ? answer.results
      : undefined;
  if (Array.isArray(results)) return 1 + results.length * (bulkUsers ? 2 : 1);
  return typeof answer === 'object' && answer !== null ? 2 : 1;
}

const bump = (map: Map<string, number>, key: string): void => {
  map.set(key, (map.get(key) ?? 0) + 1);
};

export class Counters {
  constructor(private readonly clock: () => number = Date.now) {}

  /** Metered quantities per second of the host's clock (second → meter). */
  private readonly seconds = new Map<number, Record<Metered, number>>();
  private quotas: Quotas = {};
  /** The current fixed minute and what it used against the quotas. */
  private quotaMinute = -1;
  private readonly quotaUsed = { invocations: 0, kvsReadUnits: 0, kvsWriteUnits: 0 };
  private refusedByQuota = 0;

  /** Adds `n` of `what` to the current second (and the quota minute). */
  meter(what: Metered, n = 1): void {
    const second = Math.floor(this.clock() / 1000);
    let m = this.seconds.get(second);
    if (!m) {
      m = zeroMeter();
      this.seconds.set(second, m);
      // Keep two hours of seconds at most.
      if (this.seconds.size > 7200) {
        const oldest = this.seconds.keys().next().value;
        if (oldest !== undefined) this.seconds.delete(oldest);
      }
    }
    m[what] += n;
    this.rollQuotaMinute();
    if (what === 'invocations' || what === 'kvsReadUnits' || what === 'kvsWriteUnits')
      this.quotaUsed[what] += n;
  }

  /** Enforces (or with `{}` lifts) Forge's per-minute quotas; the window restarts. */
  setQuotas(quotas: Quotas): void {
    for (const v of Object.values(quotas)) {
      if (v !== undefined && !(Number.isInteger(v) && v >= 0))
        throw new Error('A quota is a whole number >= 0');
    }
    this.quotas = { ...quotas };
    this.quotaMinute = -1;
    this.rollQuotaMinute();
  }

  private rollQuotaMinute(): void {
    const minute = Math.floor(this.clock() / 60_000);
    if (minute === this.quotaMinute) return;
    this.quotaMinute = minute;
    this.quotaUsed.invocations = 0;
    this.quotaUsed.kvsReadUnits = 0;
    this.quotaUsed.kvsWriteUnits = 0;
  }

  /** Whether one more invocation fits this minute's quota (counted as refused when not). */
  admitInvocation(): boolean {
    this.rollQuotaMinute();
    const q = this.quotas.invocationsPerMinute;
    if (q === undefined || this.quotaUsed.invocations < q) return true;
    this.refusedByQuota += 1;
    return false;
  }

  /** Whether one more KVS request of this kind fits this minute's unit quota. */
  admitKvs(op: string): boolean {
    this.rollQuotaMinute();
    const read = isKvsRead(op);
    const q = read ? this.quotas.kvsReadUnitsPerMinute : this.quotas.kvsWriteUnitsPerMinute;
    const used = read ? this.quotaUsed.kvsReadUnits : this.quotaUsed.kvsWriteUnits;
    if (q === undefined || used < q) return true;
    this.refusedByQuota += 1;
    return false;
  }

  /** One answered KVS request: its units (reads on the answer's size, writes on the request's). */
  kvsMetered(op: string, requestBytes: number, answerBytes: number): void {
    this.meter('kvsRequests');
    if (isKvsRead(op)) this.meter('kvsReadUnits', kvsUnits(answerBytes));
    else this.meter('kvsWriteUnits', kvsUnits(requestBytes));
  }

  /** One Confluence request and its points. */
  confluenceMetered(points: number): void {
    this.meter('confluenceCalls');
    this.meter('confluencePoints', points);
  }

  /** Totals and peaks of every metered quantity since the last reset. */
  meterSnapshot(): MeterSnapshot {
    const total = zeroMeter();
    const busiestSecond = zeroMeter();
    const busiestMinute = zeroMeter();
    const secs = [...this.seconds.keys()].sort((a, b) => a - b);
    for (const what of METERED) {
      let window = 0;
      let start = 0;
      for (let i = 0; i < secs.length; i += 1) {
        const sec = secs[i] ?? 0;
        const v = this.seconds.get(sec)?.[what] ?? 0;
        total[what] += v;
        busiestSecond[what] = Math.max(busiestSecond[what], v);
        window += v;
        while ((secs[start] ?? sec) <= sec - 60) {
          window -= this.seconds.get(secs[start] ?? 0)?.[what] ?? 0;
          start += 1;
        }
        busiestMinute[what] = Math.max(busiestMinute[what], window);
      }
    }
    return { total, busiestSecond, busiestMinute };
  }

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
      c = {
        invocations: 0,
        kvs: new Map(),
        realtimePublishes: 0,
        confluenceRequests: 0,
        confluencePoints: 0,
        kvsReadUnits: 0,
        kvsWriteUnits: 0,
      };
      this.perFunction.set(functionKey, c);
    }
    return c;
  }

  invocation(functionKey: string): void {
    this.meter('invocations');
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

  /** Units and points a call inside an invocation of `functionKey` used (after it answered). */
  attributeCost(
    functionKey: string,
    cost: { kvsReadUnits?: number; kvsWriteUnits?: number; confluencePoints?: number },
  ): void {
    const c = this.fn(functionKey);
    c.kvsReadUnits += cost.kvsReadUnits ?? 0;
    c.kvsWriteUnits += cost.kvsWriteUnits ?? 0;
    c.confluencePoints += cost.confluencePoints ?? 0;
  }

  kvsOperation(kind: string): void {
    bump(this.kvs, kind);
  }

  /** A realtime subscribe the hub admitted (publishes are metered in `realtimePublish`). */
  realtimeSubscribe(): void {
    this.meter('realtimeOperations');
  }

  realtimePublish(channel: string): void {
    this.meter('realtimeOperations');
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
      meter: this.meterSnapshot(),
      refusedByQuota: this.refusedByQuota,
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
              confluencePoints: c.confluencePoints,
              kvsReadUnits: c.kvsReadUnits,
              kvsWriteUnits: c.kvsWriteUnits,
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
    this.seconds.clear();
    this.refusedByQuota = 0;
  }
}
