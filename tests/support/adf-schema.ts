/**
 * Atlassian's own ADF JSON schema (`@atlaskit/adf-schema` `json-schema/v1/full.json`, what an
 * `adfExport` answer must be), compiled with ajv. The file declares draft-04; ajv 8 speaks
 * draft-07, and the two agree on every keyword the file uses — `SAME_IN_DRAFT_04_AND_07` lists
 * them, and `schemaKeywords` lets a test fail if a new release uses any other.
 */
import { readFileSync } from 'node:fs';
import Ajv, { type ErrorObject } from 'ajv';

export const ADF_SCHEMA_PATH = require.resolve('@atlaskit/adf-schema/json-schema/v1/full.json');

/** Keywords whose meaning did not change from draft-04 to draft-07 (no `id`, no boolean `exclusive*`). */
export const SAME_IN_DRAFT_04_AND_07: ReadonlySet<string> = new Set([
  '$schema',
  '$ref',
  'definitions',
  'description',
  'type',
  'properties',
  'additionalProperties',
  'required',
  'enum',
  'items',
  'anyOf',
  'allOf',
  'oneOf',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'pattern',
]);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const schema = JSON.parse(readFileSync(ADF_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;

/** Every keyword used anywhere in the schema (names under `properties`/`definitions` excluded). */
export function schemaKeywords(node: unknown = schema, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => schemaKeywords(n, into));
  if (!isRecord(node)) return into;
  for (const [key, value] of Object.entries(node)) {
    into.add(key);
    if ((key === 'properties' || key === 'definitions') && isRecord(value))
      Object.values(value).forEach((v) => schemaKeywords(v, into));
    else schemaKeywords(value, into);
  }
  return into;
}

const { $schema: declared, ...draft07 } = schema;
export const ADF_SCHEMA_DRAFT = declared;

const validate = new Ajv({ allErrors: true, strict: false }).compile(draft07);

/** The schema's complaints about `doc` (empty when it is valid ADF). */
export function adfErrors(doc: unknown): readonly ErrorObject[] {
  return validate(doc) ? [] : (validate.errors ?? []);
}

/** Throws with ajv's messages unless `doc` is valid ADF. */
export function expectValidAdf(doc: unknown, what: string): void {
  const errors = adfErrors(doc);
  if (errors.length === 0) return;
  // anyOf branches report every alternative; the deepest paths say what is actually wrong.
  const deepest = Math.max(...errors.map((e) => e.instancePath.split('/').length));
  const shown = errors.filter((e) => e.instancePath.split('/').length === deepest).slice(0, 8);
  throw new Error(
    `${what} is not valid ADF (@atlaskit/adf-schema full.json):\n` +
      shown.map((e) => `  ${e.instancePath || '/'} ${e.message ?? ''}`).join('\n') +
      `\n${JSON.stringify(doc).slice(0, 400)}`,
  );
}
