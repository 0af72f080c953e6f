/**
 * Action items on a topic: the list (text and owner, named; "you" on the owner's own screen) and
 * the form that adds one. The owner is anyone in the meeting, chosen by name, or nobody yet; a due
 * date is optional; the form clears what it sent after an accepted add, so the next item starts
 * without an owner or a date.
 */
import { useState } from 'react';
import { LEAN_COFFEE_RESOLVERS as R, type Changed } from '../../../src/contract/lean-coffee';
import { call } from '../bridge';
import { Action, ErrorNote, nameOf, TextField } from '../components/ui';
import type { Actions } from '../live';
import type { BoardProps } from './LeanCoffee';

type View = BoardProps['view'];

/** Who owns an action item, as this viewer reads it. */
export function ownerLabel(v: View, owner: string | null): string {
  if (owner === null) return '';
  return owner === v.viewer ? ' — you' : ` — ${nameOf(v.names, owner)}`;
}

/**
 * The people an action item can go to: everyone the board names (the facilitator, the viewer,
 * whoever proposed a topic or wrote a takeaway or an action item), the viewer first, then by name.
 */
export function ownerChoices(v: View): readonly { readonly id: string; readonly label: string }[] {
  const others = Object.keys(v.names)
    .filter((id) => id !== v.viewer)
    .map((id) => ({ id, label: nameOf(v.names, id) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return [{ id: v.viewer, label: `Me (${nameOf(v.names, v.viewer)})` }, ...others];
}

export function ActionItemList({
  view: v,
  topicId,
  testId,
}: {
  readonly view: View;
  readonly topicId: string;
  readonly testId?: string;
}): JSX.Element | null {
  const items = v.actionItems.filter((a) => a.topicId === topicId);
  if (items.length === 0 && testId === undefined) return null;
  return (
    <ul data-testid={testId} aria-label="Action items">
      {items.map((a) => (
        <li key={a.id}>
          {a.text}
          {ownerLabel(v, a.owner)}
          {a.due !== undefined && ` · due ${a.due}`}
        </li>
      ))}
    </ul>
  );
}

export function ActionItemForm({
  view: v,
  actions,
  topicId,
}: {
  readonly view: View;
  readonly actions: Actions;
  readonly topicId: string;
}): JSX.Element {
  const [text, setText] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  const selectId = `lc-owner-${topicId}`;
  const dueId = `lc-due-${topicId}`;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const sent = { text, owner, due };
        void actions
          .run('action', () =>
            call<Changed>(R.addActionItem, {
              topicId,
              text: sent.text,
              owner: sent.owner === '' ? null : sent.owner,
              due: sent.due === '' ? null : sent.due,
            }),
          )
          .then((r) => {
            if (!r.ok) return;
            // Clear only what was sent: the person may already be typing the next one.
            setText((typed) => (typed === sent.text ? '' : typed));
            setOwner((chosen) => (chosen === sent.owner ? '' : chosen));
            setDue((chosen) => (chosen === sent.due ? '' : chosen));
          });
      }}
    >
      <TextField label="New action item" value={text} onChange={setText} maxLength={300} />
      <div className="field">
        <label htmlFor={selectId}>Owner</label>
        <select id={selectId} value={owner} onChange={(e) => setOwner(e.target.value)}>
          <option value="">Nobody yet</option>
          {ownerChoices(v).map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={dueId}>Due (optional)</label>
        <input id={dueId} type="date" value={due} onChange={(e) => setDue(e.target.value)} />
      </div>
      <Action type="submit" isBusy={actions.busy === 'action'}>
        Add action item
      </Action>
      <ErrorNote error={actions.errors.action} />
    </form>
  );
}
