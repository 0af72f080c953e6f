// Forge entry point: only re-exports handlers named in manifest.yml.
export { handler } from './resolvers';
