/**
 * The one edit form of the deep dive's screens: its fields, a submit button (with Cancel, or
 * other buttons beside it) and the action's error. It runs one command through `actions` (busy
 * state, refusal shown, screen refreshed) and calls `onDone` once the command is accepted — to
 * clear a field or close the editor. `TextForm` is the common case: one text field it owns.
 */
import { useState, type ReactNode } from 'react';
import type { ApiResult } from '../../../src/contract/result';
import { Action, ErrorNote, TextField } from '../components/ui';
import type { Actions } from '../live';

export interface ActionFormProps {
  readonly actions: Actions;
  /** The action's key: its busy state and its error. */
  readonly actionKey: string;
  readonly submit: () => Promise<ApiResult<unknown>>;
  /** The submit button's words. */
  readonly label: string;
  readonly primary?: boolean;
  /** After an accepted answer. */
  readonly onDone?: () => void;
  /** Shows a Cancel button. */
  readonly onCancel?: () => void;
  /** More buttons beside the submit button. */
  readonly extra?: ReactNode;
  /** Another action's error shown with this one (e.g. a Pass button's). */
  readonly alsoErrorOf?: string;
  /** Leave the error to the caller (shown elsewhere on the card). */
  readonly hideError?: boolean;
  readonly children: ReactNode;
}

export function ActionForm(props: ActionFormProps): JSX.Element {
  const { actions, actionKey } = props;
  const submit = (
    <Action
      type="submit"
      {...(props.primary === true ? { appearance: 'primary' as const } : {})}
      isBusy={actions.busy === actionKey}
    >
      {props.label}
    </Action>
  );
  const onCancel = props.onCancel;
  const more = onCancel !== undefined || props.extra !== undefined;
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        void actions.run(actionKey, props.submit).then((answer) => {
          if (answer.ok) props.onDone?.();
        });
      }}
    >
      {props.children}
      {more ? (
        <div className="row">
          {submit}
          {onCancel !== undefined && (
            <Action appearance="subtle" onClick={onCancel}>
              Cancel
            </Action>
          )}
          {props.extra}
        </div>
      ) : (
        submit
      )}
      {props.hideError !== true && (
        <ErrorNote
          error={
            actions.errors[actionKey] ??
            (props.alsoErrorOf === undefined ? undefined : actions.errors[props.alsoErrorOf])
          }
        />
      )}
    </form>
  );
}

/** One text field the form owns, sent by `send`; cleared once accepted (unless `keep`). */
export function TextForm(
  props: Omit<ActionFormProps, 'submit' | 'children'> & {
    readonly field: string;
    readonly send: (text: string) => Promise<ApiResult<unknown>>;
    readonly maxLength?: number;
    readonly multiline?: boolean;
    readonly initial?: string;
    readonly keep?: boolean;
  },
): JSX.Element {
  const { field, send, maxLength, multiline, initial, keep, onDone, ...form } = props;
  const [text, setText] = useState(initial ?? '');
  return (
    <ActionForm
      {...form}
      submit={() => send(text)}
      onDone={() => {
        if (keep !== true) setText('');
        onDone?.();
      }}
    >
      <TextField
        label={field}
        value={text}
        onChange={setText}
        {...(maxLength === undefined ? {} : { maxLength })}
        {...(multiline === true ? { multiline } : {})}
      />
    </ActionForm>
  );
}
