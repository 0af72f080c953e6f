import fc from 'fast-check';
import {
  canonicalJson,
  compareText,
  EMPTY_STATE,
  evolve,
  orderTopics,
  joinDetails,
  latestRecord,
  liveValues,
  resolveTopicId,
} from '../../../src/domain/lean-coffee';

describe('last writer wins', () => {
  it('keeps the later record, whichever arrives first', () => {
    const early = { at: 1, value: 'a' };
    const late = { at: 2, value: 'b' };
    expect(latestRecord(early, late)).toBe(late);
    expect(latestRecord(late, early)).toBe(late);
    expect(latestRecord(undefined, early)).toBe(early);
  });

  it('breaks ties on equal instants by canonical JSON, so the fold is order-independent', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.integer({ min: 0, max: 3 }), value: fc.jsonValue() }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.func(fc.integer()),
        (records, _) => {
          const forward = records.reduce<(typeof records)[number] | undefined>(
            latestRecord,
            undefined,
          );
          const backward = [...records]
            .reverse()
            .reduce<(typeof records)[number] | undefined>(latestRecord, undefined);
          expect(canonicalJson(forward)).toBe(canonicalJson(backward));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('prints objects with sorted keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 1, e: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"e":2,"f":1}]},"b":1}',
    );
  });

  it('lists live values only', () => {
    expect(liveValues({ x: { at: 1, value: 1 }, y: { at: 2, value: null } })).toEqual([1]);
  });
});

describe('topic helpers', () => {
  it('follows merge chains and survives corrupt cycles', () => {
    expect(resolveTopicId({ a: 'b', b: 'c' }, 'a')).toBe('c');
    expect(resolveTopicId({}, 'a')).toBe('a');
    expect(['a', 'b']).toContain(resolveTopicId({ a: 'b', b: 'a' }, 'a'));
  });

  it('joins details with a blank line, skipping empty parts', () => {
    expect(joinDetails('one', 'two')).toBe('one\n\ntwo');
    expect(joinDetails('', 'two')).toBe('two');
    expect(joinDetails('', '')).toBe('');
  });
});

describe('stable text order', () => {
  it('compares by code units, equal strings equal', () => {
    expect(['b', 'B', 'a', 'ä'].sort(compareText)).toEqual(['B', 'a', 'b', 'ä']);
    expect(compareText('x', 'x')).toBe(0);
  });

  it('orders equal votes and equal instants by id', () => {
    expect(
      orderTopics(
        [
          { id: 'b', proposedAt: 1 },
          { id: 'a', proposedAt: 1 },
          { id: 'c', proposedAt: 0 },
        ],
        {},
      ),
    ).toEqual(['c', 'a', 'b']);
  });
});

describe('evolve', () => {
  it('fails loudly on an event it does not know', () => {
    expect(() => evolve(EMPTY_STATE, { type: 'Bogus' } as never)).toThrow('Unhandled case');
  });
});
