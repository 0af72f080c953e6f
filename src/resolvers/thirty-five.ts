import type Resolver from '@forge/resolver';

/** Registers the `thirtyFive/*` resolvers. */
export function registerThirtyFive(_resolver: Resolver): void {}
