import { assertNever, err, ok } from '../../src/domain/result';

describe('result', () => {
  it('wraps a value', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 });
  });

  it('wraps a typed error', () => {
    expect(err('WRONG_PHASE', 'Not now.')).toEqual({
      ok: false,
      error: { code: 'WRONG_PHASE', message: 'Not now.' },
    });
  });

  it('fails loudly on an unhandled case', () => {
    expect(() => assertNever('x' as never)).toThrow('Unhandled case: "x"');
  });
});
