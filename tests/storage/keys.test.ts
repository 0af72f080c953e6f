import fc from 'fast-check';
import { accountPart, keys, part } from '../../src/storage/keys';

const KVS_KEY = /^[a-zA-Z0-9:._\s\-#]{1,500}$/;

describe('storage keys', () => {
  it('keeps safe ids readable', () => {
    expect(part('macro-1')).toBe('macro-1');
    expect(accountPart('557058:aa11aa11-0000-4000-8000-000000000001')).toBe(
      '557058:aa11aa11-0000-4000-8000-000000000001',
    );
    expect(keys.card('macro-1', '557058:abc')).toBe('p:macro-1:card:557058:abc');
  });

  it('encodes anything else into the KVS key alphabet, without colliding with a safe id', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.string({ maxLength: 40 }),
        (a, b) => {
          const key = keys.takeaway('macro-1', a, b);
          expect(key).toMatch(KVS_KEY);
          if (a !== '' && b !== '') {
            expect(part(a) === part(b)).toBe(a === b);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never lets a hostile segment reach into another key range', () => {
    expect(part('x:card:other')).toMatch(/^#[0-9a-f]+$/);
    expect(keys.participantPrefix('a:b')).toBe(`p:${part('a:b')}:`);
    expect(keys.participantPrefix('a:b').startsWith('p:a:')).toBe(false);
  });
});
