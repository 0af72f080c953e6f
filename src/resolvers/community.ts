import type Resolver from '@forge/resolver';

/** Registers the `backlog/*`, `settings/*` and `notes/*` resolvers. */
export function registerCommunity(_resolver: Resolver): void {}
