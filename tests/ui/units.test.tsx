/** The UI's own small pieces, without a host: error sentences, context, clock text, the shell. */
import './support/setup';
import { render, screen } from '@testing-library/react';
import type { FullContext } from '@forge/bridge';
import { THIRTY_FIVE_ERROR_CODES } from '../../src/domain/thirty-five';
import { LEAN_COFFEE_ERROR_CODES } from '../../src/domain/lean-coffee';
import { App } from '../../static/src/App';
import { toAppContext } from '../../static/src/context';
import { describeError, ERROR_MESSAGES } from '../../static/src/errors';
import { formatMs } from '../../static/src/lean-coffee/clock';
import { ErrorNote } from '../../static/src/components/ui';

describe('error messages', () => {
  it.each([...THIRTY_FIVE_ERROR_CODES, ...LEAN_COFFEE_ERROR_CODES])(
    'given the code %s, then it has a plain-language sentence',
    (code) => {
      expect(ERROR_MESSAGES[code]).toMatch(/^[A-Z].+\.$/);
    },
  );

  it('given an error, when shown, then the sentence is announced with the server detail', () => {
    render(<ErrorNote error={{ code: 'CARD_EMPTY', message: 'A card needs text.' }} />);
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Write something on your card first. A card needs text.',
    );
  });

  it('given a code the UI does not know, when described, then the generic sentence is used', () => {
    const described = describeError({ code: 'NEW_CODE' as never, message: 'x' });
    expect(described.message).toBe(ERROR_MESSAGES.UNEXPECTED);
  });
});

describe('context', () => {
  it('given a macro context, then the app keeps module, instance, space, page and theme', () => {
    const full = {
      moduleKey: 'thirty-five',
      localId: 'l1',
      accountId: 'a1',
      extension: { space: { key: 'COP' }, content: { id: '9' } },
      theme: { colorMode: 'dark' },
    } as unknown as FullContext;
    expect(toAppContext(full)).toEqual({
      moduleKey: 'thirty-five',
      localId: 'l1',
      accountId: 'a1',
      spaceKey: 'COP',
      contentId: '9',
      colorMode: 'dark',
    });
  });

  it('given a context without space, page or theme, then they are null and light', () => {
    const full = { moduleKey: 'm', localId: 'l', extension: {} } as unknown as FullContext;
    expect(toAppContext(full)).toMatchObject({
      spaceKey: null,
      contentId: null,
      accountId: null,
      colorMode: 'light',
    });
  });

  it('given an unknown module, when the app renders, then it says so', () => {
    render(
      <App
        context={{
          moduleKey: 'other',
          localId: 'l',
          accountId: null,
          spaceKey: null,
          contentId: null,
          colorMode: 'light',
        }}
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'CoP Kit has no view for the module “other”',
    );
  });
});

describe('clock text', () => {
  it.each([
    [0, '0:00'],
    [-5, '0:00'],
    [1, '0:01'],
    [59_001, '1:00'],
    [8 * 60_000, '8:00'],
    [3_600_000, '1:00:00'],
    [3_725_000, '1:02:05'],
  ])('given %d ms, then it reads %s', (ms, text) => {
    expect(formatMs(ms)).toBe(text);
  });
});
