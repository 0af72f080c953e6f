/** The community's rhythm as pure rules (DESIGN §1.5, §1.7): settings, calendar, rotation. */
export * from './civil';
export * from './time-zone';
export * from './settings';
export * from './schedule';
export * from './rotation';
export * from './session-plan';
export * from './swaps';
export * from './ics';
export * from './answers';
export * from './invitations';
export * from './measures';
export * from './session-record';
export * from './history';
export * from './session-time';
