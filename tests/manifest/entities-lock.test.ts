/**
 * Forge keeps a deployed app's custom entities for good: "Once you've deployed your app, any
 * entities, attributes, or indexes included in your manifest can no longer be deleted. If you do,
 * Forge will return an error" (Atlassian's tracker, ECO-595; the custom-entities reference says
 * the same). The host has no notion of a previous deploy, so this test holds the manifest to the
 * entities it has shipped: `entities.lock.json` lists every entity, attribute (with its type) and
 * index, and the manifest may add to it but never remove or retype any of them.
 *
 * Adding an entity, attribute or index: run `UPDATE_ENTITY_LOCK=1 npx jest tests/manifest/entities-lock`
 * (it only ever adds to the lock) and commit the lock with the manifest.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

interface Index {
  readonly name: string;
  readonly partition?: readonly string[];
  readonly range?: readonly string[];
}
interface Entity {
  readonly name: string;
  readonly attributes: Record<string, { readonly type: string }>;
  readonly indexes?: readonly (Index | string)[];
}
type Lock = Record<string, { attributes: Record<string, string>; indexes: Record<string, string> }>;

const root = path.resolve(__dirname, '../..');
const lockPath = path.join(__dirname, 'entities.lock.json');

/** The manifest's entities in the lock's shape: attribute → type, index name → its definition. */
function lockOf(manifestText: string): Lock {
  const manifest = parse(manifestText) as { app?: { storage?: { entities?: Entity[] } } };
  const lock: Lock = {};
  for (const entity of manifest.app?.storage?.entities ?? []) {
    const indexes: Record<string, string> = {};
    for (const index of entity.indexes ?? []) {
      if (typeof index === 'string') indexes[index] = JSON.stringify({ range: [index] });
      else {
        indexes[index.name] = JSON.stringify({
          partition: index.partition ?? [],
          range: index.range ?? [],
        });
      }
    }
    const attributes: Record<string, string> = {};
    for (const [name, attribute] of Object.entries(entity.attributes)) {
      attributes[name] = attribute.type;
    }
    lock[entity.name] = { attributes, indexes };
  }
  return lock;
}

/** What the manifest removed or changed from the lock, one line each (empty: nothing). */
function removals(locked: Lock, current: Lock): string[] {
  const problems: string[] = [];
  for (const [entity, was] of Object.entries(locked)) {
    const now = current[entity];
    if (now === undefined) {
      problems.push(`entity ${entity} was removed`);
      continue;
    }
    for (const [attribute, type] of Object.entries(was.attributes)) {
      if (now.attributes[attribute] === undefined) {
        problems.push(`${entity}.${attribute} was removed`);
      } else if (now.attributes[attribute] !== type) {
        problems.push(`${entity}.${attribute} changed type ${type} → ${now.attributes[attribute]}`);
      }
    }
    for (const [index, definition] of Object.entries(was.indexes)) {
      if (now.indexes[index] === undefined) problems.push(`index ${entity}.${index} was removed`);
      else if (now.indexes[index] !== definition) problems.push(`index ${entity}.${index} changed`);
    }
  }
  return problems;
}

/** The lock grown by what the manifest adds (never shrunk). */
function grown(locked: Lock, current: Lock): Lock {
  const next: Lock = JSON.parse(JSON.stringify(locked)) as Lock;
  for (const [entity, now] of Object.entries(current)) {
    const into = (next[entity] ??= { attributes: {}, indexes: {} });
    for (const [a, t] of Object.entries(now.attributes)) into.attributes[a] ??= t;
    for (const [i, d] of Object.entries(now.indexes)) into.indexes[i] ??= d;
  }
  return next;
}

const manifestText = readFileSync(path.join(root, 'manifest.yml'), 'utf8');

describe('custom entities, once deployed, are kept', () => {
  it('given the lock of shipped entities, when the manifest is read, then nothing in the lock was removed or retyped', () => {
    const current = lockOf(manifestText);
    const locked = JSON.parse(readFileSync(lockPath, 'utf8')) as Lock;
    if (process.env.UPDATE_ENTITY_LOCK === '1') {
      writeFileSync(lockPath, `${JSON.stringify(grown(locked, current), null, 2)}\n`);
    }
    expect(removals(locked, current)).toEqual([]);
  });

  it('given a manifest that drops an attribute, retypes one and drops an index, then each is named', () => {
    const locked = lockOf(manifestText);
    const broken = manifestText
      .replace(/\n {10}kind:\n {12}type: string\n/, '\n')
      .replace(/(\n {10}score:\n {12}type:) float/, '$1 integer')
      .replace(
        /\n {10}- name: by-kind\n {12}partition:\n {14}- kind\n {12}range:\n {14}- localId\n/,
        '\n',
      );
    const problems = removals(locked, lockOf(broken));
    expect(problems).toEqual(
      expect.arrayContaining([
        'game.kind was removed',
        'topic.score changed type float → integer',
        'index game.by-kind was removed',
      ]),
    );
  });

  it('given the lock, then every entity the manifest declares is in it (run with UPDATE_ENTITY_LOCK=1 after adding one)', () => {
    const locked = JSON.parse(readFileSync(lockPath, 'utf8')) as Lock;
    expect(grown(locked, lockOf(manifestText))).toEqual(locked);
  });
});
