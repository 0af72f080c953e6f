import type Resolver from '@forge/resolver';

/** Registers the `leanCoffee/*` resolvers. */
export function registerLeanCoffee(_resolver: Resolver): void {}
