/**
 * CoP Session — the deep dive (DESIGN §1.6): the pure rules. A board engine plugs the game in with
 * `createSession`, `decide`, `evolve` (or `foldSession`), the `LEGALITY` table, where each event is
 * kept (`EVENT_PLACEMENT`, `recordIdentity`, `recordsRead`), `formsGroups` (when to load the
 * community's previous breakout), and the projections (`sessionView`, `notesInput`,
 * `breakoutHistory`).
 */
export * from './agenda';
export * from './attendance';
export * from './contributions';
export * from './errors';
export * from './game';
export * from './grouping';
export * from './model';
export * from './projections';
export * from './setup';
export * from './shared-notes';
export * from './storage-layout';
export * from './text-rules';
