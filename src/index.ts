// Forge entry point: only re-exports handlers named in manifest.yml.
export { handler } from './resolvers';
export { reportPersonalDataHandler as reportPersonalData } from './services/privacy';
export { adfExportHandler as adfExport } from './services/adf-export';
