/** Lean Coffee: the pure rules (DESIGN §1.2). Services call `decide`, append, and `evolve`. */
export * from './caps';
export * from './errors';
export * from './game';
export * from './model';
export * from './ordering';
export * from './projections';
export * from './records';
export * from './settings';
export * from './takeaways';
export * from './timebox';
export * from './topics';
export * from './voting';
