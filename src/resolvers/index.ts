import Resolver from '@forge/resolver';

const resolver = new Resolver();

resolver.define('app/ping', () => ({ ok: true, data: { pong: true } }));

/** The single resolver function the manifest names (`index.handler`). */
export const handler = resolver.getDefinitions();
