import {
  decide,
  evolve,
  EMPTY_BACKLOG,
  type Backlog,
  type BacklogCommand,
  type BacklogContext,
  type BacklogEvent,
  type Topic,
} from '../../../src/domain/backlog';

export const FACILITATOR = '557058:facilitator-0001';
export const MEMBER = '557058:member-0002';
export const OTHER = '557058:member-0003';
export const NOW = 1_764_000_000_000;

/** A fresh topic with overrides. */
export function aTopic(overrides: Partial<Topic> = {}): Topic {
  return {
    id: 'manual:t1',
    title: 'Running retrospectives remotely',
    details: '',
    score: 0,
    sources: [{ kind: 'manual' }],
    status: 'proposed',
    createdBy: MEMBER,
    createdAt: NOW,
    rankKey: 'a0',
    ...overrides,
  };
}

/** A backlog holding the given topics. */
export function aBacklog(...topics: Topic[]): Backlog {
  return { topics: Object.fromEntries(topics.map((t) => [t.id, t])) };
}

export function asFacilitator(overrides: Partial<BacklogContext> = {}): BacklogContext {
  return { actor: FACILITATOR, isFacilitator: true, isCurator: true, now: NOW, ...overrides };
}

/** Someone in the rotation who is not a curator: plans, moves, marks discussed. */
export function asRotation(overrides: Partial<BacklogContext> = {}): BacklogContext {
  return { actor: FACILITATOR, isFacilitator: true, isCurator: false, now: NOW, ...overrides };
}

export function asMember(actor = MEMBER): BacklogContext {
  return { actor, isFacilitator: false, isCurator: false, now: NOW };
}

/** Applies a command; fails the test if it is refused. */
export function run(backlog: Backlog, command: BacklogCommand, ctx: BacklogContext): Backlog {
  const result = decide(backlog, command, ctx);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value.reduce(evolve, backlog);
}

/** Folds events from the empty backlog. */
export function given(...events: BacklogEvent[]): Backlog {
  return events.reduce(evolve, EMPTY_BACKLOG);
}
