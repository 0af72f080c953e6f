/**
 * The running topic: its countdown with a progress bar, the thumbs vote once the timebox expires
 * (up = continue, sideways, down = move on) with what closing it now would decide, the
 * facilitator's close / override, and the takeaways and action items captured on it.
 */
import { useState } from 'react';
import { LEAN_COFFEE_RESOLVERS as R, type Changed } from '../../../src/contract/lean-coffee';
import type { Thumb } from '../../../src/domain/lean-coffee';
import { call } from '../bridge';
import { Action, ErrorNote, nameOf, TextField } from '../components/ui';
import { formatMs } from './clock';
import type { BoardProps } from './LeanCoffee';

const THUMB_LABELS: Readonly<Record<Thumb, string>> = {
  up: '👍 Continue',
  sideways: '👉 Either way',
  down: '👎 Move on',
};
const THUMBS: readonly Thumb[] = ['up', 'sideways', 'down'];

export function Discussing({ view: v, actions, now }: BoardProps): JSX.Element | null {
  const current = v.board.discussing;
  const [takeaway, setTakeaway] = useState('');
  const [action, setAction] = useState('');
  const [mineToo, setMineToo] = useState(false);
  if (current === null) return null;
  const t = current.topic;
  const c = current.countdown;
  const span = Math.max(1, c.endsAt - c.startedAt);
  const left = Math.max(0, c.endsAt - now);
  const thumbs = v.thumbs;
  const seen = { version: v.version };
  const items = v.actionItems.filter((a) => a.topicId === t.id);
  return (
    <div className="stack" data-testid="discussing">
      <strong>{t.title}</strong>
      {t.details !== '' && <p className="subtle">{t.details}</p>}
      <p data-testid="countdown" aria-live="off">
        {left > 0 ? (
          <>
            <strong>{formatMs(left)}</strong> left of {Math.round(span / 60000)} min
            {span !== t.minutes * 60_000 && ' (extended)'}
          </>
        ) : (
          <strong>Time is up</strong>
        )}
      </p>
      <div
        className="bar-track"
        role="progressbar"
        aria-label="Topic time left"
        aria-valuemin={0}
        aria-valuemax={Math.round(span / 1000)}
        aria-valuenow={Math.round(left / 1000)}
      >
        <div
          className={`bar-fill${left < span / 5 ? ' warning' : ''}`}
          style={{ width: `${(left / span) * 100}%` }}
        />
      </div>
      {thumbs !== null && thumbs.isOpen && (
        <fieldset data-testid="thumbs">
          <legend>Continue this topic?</legend>
          <div className="row">
            {THUMBS.map((thumb) => (
              <Action
                key={thumb}
                appearance={thumbs.myThumb === thumb ? 'primary' : 'default'}
                isBusy={actions.busy === `thumb-${thumb}`}
                onClick={() =>
                  void actions.run(`thumb-${thumb}`, () =>
                    call<Changed>(R.castThumb, { topicId: t.id, round: thumbs.round, thumb }),
                  )
                }
              >
                {THUMB_LABELS[thumb]}
              </Action>
            ))}
          </div>
          <p data-testid="thumb-counts">
            👍 {thumbs.counts.up} · 👉 {thumbs.counts.sideways} · 👎 {thumbs.counts.down} —{' '}
            {thumbs.outcome === 'extend'
              ? 'more ups than downs: the topic gets more time'
              : 'not more ups than downs: the next topic starts'}
          </p>
          {THUMBS.map((thumb) => (
            <ErrorNote key={thumb} error={actions.errors[`thumb-${thumb}`]} />
          ))}
          {(v.isFacilitator || now >= thumbs.closableByAnyoneAt) && (
            <Action
              isBusy={actions.busy === 'closeThumbs'}
              onClick={() =>
                void actions.run('closeThumbs', () =>
                  call<Changed>(R.closeThumbs, { topicId: t.id, round: thumbs.round, ...seen }),
                )
              }
            >
              Close the vote
            </Action>
          )}
          <ErrorNote error={actions.errors.closeThumbs} />
        </fieldset>
      )}
      {v.isFacilitator && (
        <div className="row" role="group" aria-label="Override">
          <Action
            appearance="subtle"
            isBusy={actions.busy === 'override-extend'}
            onClick={() =>
              void actions.run('override-extend', () =>
                call<Changed>(R.overrideTopic, { topicId: t.id, decision: 'extend', ...seen }),
              )
            }
          >
            Extend now
          </Action>
          <Action
            appearance="subtle"
            isBusy={actions.busy === 'override-next'}
            onClick={() =>
              void actions.run('override-next', () =>
                call<Changed>(R.overrideTopic, { topicId: t.id, decision: 'next', ...seen }),
              )
            }
          >
            Move on now
          </Action>
        </div>
      )}
      <ErrorNote error={actions.errors['override-extend'] ?? actions.errors['override-next']} />
      <div className="stack">
        <span className="label">Takeaways</span>
        <ul data-testid="takeaways">
          {v.takeaways
            .filter((x) => x.topicId === t.id)
            .map((x) => (
              <li key={x.id}>{x.text}</li>
            ))}
        </ul>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const sent = takeaway;
            void actions
              .run('takeaway', () => call<Changed>(R.addTakeaway, { topicId: t.id, text: sent }))
              .then((r) => r.ok && setTakeaway((now) => (now === sent ? '' : now)));
          }}
        >
          <TextField label="New takeaway" value={takeaway} onChange={setTakeaway} maxLength={500} />
          <Action type="submit" isBusy={actions.busy === 'takeaway'}>
            Add takeaway
          </Action>
          <ErrorNote error={actions.errors.takeaway} />
        </form>
      </div>
      <div className="stack">
        <span className="label">Action items</span>
        <ul data-testid="action-items">
          {items.map((a) => (
            <li key={a.id}>
              {a.text}
              {a.owner !== null &&
                (a.owner === v.viewer ? ' — you' : ` — ${nameOf(v.names, a.owner)}`)}
            </li>
          ))}
        </ul>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const sent = action;
            void actions
              .run('action', () =>
                call<Changed>(R.addActionItem, {
                  topicId: t.id,
                  text: sent,
                  owner: mineToo ? v.viewer : null,
                }),
              )
              .then((r) => r.ok && setAction((now) => (now === sent ? '' : now)));
          }}
        >
          <TextField label="New action item" value={action} onChange={setAction} maxLength={300} />
          <label className="row">
            <input
              type="checkbox"
              checked={mineToo}
              onChange={(e) => setMineToo(e.target.checked)}
            />
            I’ll own it
          </label>
          <Action type="submit" isBusy={actions.busy === 'action'}>
            Add action item
          </Action>
          <ErrorNote error={actions.errors.action} />
        </form>
      </div>
    </div>
  );
}
