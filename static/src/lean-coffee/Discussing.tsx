/**
 * The running topic: its countdown in large digits (a different look, words and an optional
 * chime at expiry; a large clock for projecting), the person's own thumb once the timebox expires
 * (up = continue, sideways, down = move on) with the tally in words, the facilitator's decisions
 * kept apart from their own vote (close the vote; overrides that ask before acting), and the
 * takeaways and action items captured on it.
 */
import { useState } from 'react';
import { LEAN_COFFEE_RESOLVERS as R, type Changed } from '../../../src/contract/lean-coffee';
import type { Thumb, ThumbsRound } from '../../../src/domain/lean-coffee';
import { call } from '../bridge';
import { ChimeToggle, Countdown, LargeClock, useLargeClock } from '../components/countdown';
import { Action, ConfirmAction, ErrorNote, TextField } from '../components/ui';
import { ActionItemForm, ActionItemList } from './action-items';
import type { BoardProps } from './LeanCoffee';

/** Each thumb with its words: the emoji alone shows as a box where there is no emoji font. */
export const THUMB_LABELS: Readonly<Record<Thumb, string>> = {
  up: '👍 Continue',
  sideways: '👉 Either way',
  down: '👎 Move on',
};
const THUMB_EMOJI: Readonly<Record<Thumb, string>> = { up: '👍', sideways: '👉', down: '👎' };
const THUMB_WORDS: Readonly<Record<Thumb, string>> = {
  up: 'Continue',
  sideways: 'Either way',
  down: 'Move on',
};
const THUMBS: readonly Thumb[] = ['up', 'sideways', 'down'];

const thumbTotal = (thumbs: ThumbsRound): number =>
  thumbs.counts.up + thumbs.counts.sideways + thumbs.counts.down;

/** The tally in words; an outcome only once someone has voted, and only as "if closed now". */
function Tally({ thumbs }: { readonly thumbs: ThumbsRound }): JSX.Element {
  if (thumbTotal(thumbs) === 0) {
    return (
      <p data-testid="thumb-counts">No thumbs yet: the vote decides once people give theirs.</p>
    );
  }
  return (
    <p data-testid="thumb-counts">
      {THUMBS.map((thumb, i) => (
        <span key={thumb}>
          {i > 0 && ' · '}
          <span aria-hidden="true">{THUMB_EMOJI[thumb]} </span>
          {THUMB_WORDS[thumb]}: {thumbs.counts[thumb]}
        </span>
      ))}{' '}
      —{' '}
      {thumbs.outcome === 'extend'
        ? 'more ups than downs: closed now, the topic gets more time'
        : 'not more ups than downs: closed now, the next topic starts'}
    </p>
  );
}

export function Discussing({ view: v, actions, now, chime }: BoardProps): JSX.Element | null {
  const current = v.board.discussing;
  const clock = useLargeClock();
  const [takeaway, setTakeaway] = useState('');
  if (current === null) return null;
  const t = current.topic;
  const c = current.countdown;
  const span = Math.max(1, c.endsAt - c.startedAt);
  const thumbs = v.thumbs;
  const isOpen = thumbs !== null && thumbs.isOpen;
  const seen = { version: v.version };
  const countdown = {
    startedAt: c.startedAt,
    endsAt: c.endsAt,
    now,
    label: 'Topic time left',
    caption: (
      <>
        left of {Math.round(span / 60000)} min{span !== t.minutes * 60_000 && ' (extended)'}
      </>
    ),
    expiredText: 'Time is up',
    expiredCaption: isOpen
      ? 'Thumbs decide: continue this topic or move on?'
      : 'The thumbs vote opens in a moment.',
  };
  const closeVote = (round: number): void =>
    void actions.run('closeThumbs', () =>
      call<Changed>(R.closeThumbs, { topicId: t.id, round, ...seen }),
    );
  return (
    <div className="stack" data-testid="discussing">
      <strong className="discussing-title">{t.title}</strong>
      {t.details !== '' && <p className="subtle">{t.details}</p>}
      <Countdown {...countdown} chime={chime} />
      <div className="row">
        <Action appearance="subtle" onClick={clock.open}>
          Show the large clock
        </Action>
        {chime !== undefined && <ChimeToggle chime={chime} />}
      </div>
      {clock.isOpen && (
        <LargeClock title={t.title} onClose={clock.close}>
          <Countdown {...countdown} isLarge testId="large-countdown" />
        </LargeClock>
      )}
      {thumbs !== null && isOpen && (
        <fieldset data-testid="thumbs">
          <legend>Your thumb: continue this topic?</legend>
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
          <Tally thumbs={thumbs} />
          {THUMBS.map((thumb) => (
            <ErrorNote key={thumb} error={actions.errors[`thumb-${thumb}`]} />
          ))}
          {!v.isFacilitator && now >= thumbs.closableByAnyoneAt && (
            <>
              <p className="subtle">The facilitator has not closed the vote: anyone may now.</p>
              <Action
                isBusy={actions.busy === 'closeThumbs'}
                onClick={() => closeVote(thumbs.round)}
              >
                Close the vote
              </Action>
              <ErrorNote error={actions.errors.closeThumbs} />
            </>
          )}
        </fieldset>
      )}
      {v.isFacilitator && (
        <div
          className="facilitator-controls stack"
          role="group"
          aria-label="Facilitator: decide this topic"
          data-testid="topic-decision"
        >
          <span className="label">Facilitator: decide this topic</span>
          {thumbs !== null && isOpen && (
            <div>
              {thumbTotal(thumbs) === 0 ? (
                <ConfirmAction
                  label="Close the vote"
                  appearance="default"
                  question="Nobody has given a thumb yet: closing the vote now moves on to the next topic. Close it?"
                  confirmLabel="Yes, close the vote"
                  isBusy={actions.busy === 'closeThumbs'}
                  onConfirm={() => closeVote(thumbs.round)}
                />
              ) : (
                <Action
                  appearance="primary"
                  isBusy={actions.busy === 'closeThumbs'}
                  onClick={() => closeVote(thumbs.round)}
                >
                  Close the vote
                </Action>
              )}
              <ErrorNote error={actions.errors.closeThumbs} />
            </div>
          )}
          <div className="row">
            <ConfirmAction
              label="Extend now"
              appearance="subtle"
              question={`Give “${t.title}” more time now (half its last timebox), whatever the thumbs say?`}
              confirmLabel="Yes, extend"
              isBusy={actions.busy === 'override-extend'}
              onConfirm={() =>
                void actions.run('override-extend', () =>
                  call<Changed>(R.overrideTopic, { topicId: t.id, decision: 'extend', ...seen }),
                )
              }
            />
            <ConfirmAction
              label="Move on now"
              appearance="subtle"
              question={`End “${t.title}” now and go to the next topic, whatever the thumbs say?`}
              confirmLabel="Yes, move on"
              isBusy={actions.busy === 'override-next'}
              onConfirm={() =>
                void actions.run('override-next', () =>
                  call<Changed>(R.overrideTopic, { topicId: t.id, decision: 'next', ...seen }),
                )
              }
            />
          </div>
          <ErrorNote error={actions.errors['override-extend'] ?? actions.errors['override-next']} />
        </div>
      )}
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
              .then((r) => r.ok && setTakeaway((typed) => (typed === sent ? '' : typed)));
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
        <ActionItemList view={v} topicId={t.id} testId="action-items" />
        <ActionItemForm view={v} actions={actions} topicId={t.id} />
      </div>
    </div>
  );
}
