/**
 * Lean Coffee: To discuss / Discussing / Done. Everyone proposes topics and places dots; the
 * running topic shows the shared countdown and, at expiry, the thumbs vote; takeaways and action
 * items are captured on the current topic; the facilitator moves the meeting through its phases.
 * Ordering, tallies, outcomes and "won't fit" marks all come from `leanCoffee/state`.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { changeChannel } from '../../../src/contract/channels';
import {
  LEAN_COFFEE_RESOLVERS as R,
  type Changed,
  type EndAnswer,
  type LeanCoffeeView,
  type NotesOutcome,
  type NotesPage,
  type TopicProposedAnswer,
  type WrapUpAnswer,
} from '../../../src/contract/lean-coffee';
import type { ApiError } from '../../../src/contract/result';
import type { PhaseKind } from '../../../src/domain/lean-coffee';
import { call } from '../bridge';
import {
  Action,
  ConfirmAction,
  countOf,
  ErrorNote,
  Loading,
  NumberField,
  PageLink,
  TextField,
} from '../components/ui';
import { useChime, type Chime } from '../components/chime';
import { POLLING_LABEL, useActions, useLiveView, type Actions } from '../live';
import { applyLeanCoffeeNotice } from './apply-notice';
import type { ViewProps } from '../modules';
import { formatMs, useServerNow } from './clock';
import { ActionItemList } from './action-items';
import { Discussing } from './Discussing';
import { leanCoffeeNextStep } from './next-step';
import { TopicCard } from './TopicCard';

export const PHASE_LABELS: Readonly<Record<PhaseKind, string>> = {
  proposing: 'Proposing topics',
  voting: 'Dot voting',
  discussing: 'Discussing',
  'wrap-up': 'Wrap-up',
  ended: 'Ended',
};

export interface BoardProps {
  readonly view: LeanCoffeeView;
  readonly actions: Actions;
  readonly now: number;
  /** The person's own "sound when time is up" setting, kept while topics come and go. */
  readonly chime?: Chime;
}

export default function LeanCoffee({ context }: ViewProps): JSX.Element {
  const load = useCallback(() => call<LeanCoffeeView | null>(R.state), []);
  const live = useLiveView({
    load,
    channel: changeChannel(context.localId),
    apply: applyLeanCoffeeNotice,
  });
  const actions = useActions(live.reload, live.answers);
  const v = live.data;
  const now = useServerNow(v?.now ?? null);
  const chime = useChime();
  useReloadAtExpiry(v, now, live.reload);
  if (v === null) {
    if (live.error) {
      return (
        <section className="stack">
          <h2>Lean Coffee</h2>
          <ErrorNote error={live.error} />
          <Action onClick={() => void live.reload()}>Try again</Action>
        </section>
      );
    }
    return live.loaded ? <NotStarted actions={actions} /> : <Loading label="Loading the board…" />;
  }
  const meetingLeft = Math.max(0, v.meeting.endsAt - now);
  const meetingSpan = Math.max(1, v.meeting.endsAt - v.meeting.startedAt);
  const nextStep = leanCoffeeNextStep(v, now);
  const toDiscuss = (
    <div className="panel lc-todo" aria-labelledby="lc-todo" key="todo">
      <h3 id="lc-todo">To discuss ({v.board.toDiscuss.length})</h3>
      <ul className="plain" data-testid="to-discuss">
        {v.board.toDiscuss.map((card, i) => (
          <TopicCard
            key={card.topic.id}
            card={card}
            index={i}
            view={v}
            actions={actions}
            now={now}
          />
        ))}
      </ul>
      {v.board.toDiscuss.length === 0 && <p className="subtle">Nothing here.</p>}
    </div>
  );
  const discussing = (
    <div className="panel lc-now" aria-labelledby="lc-now" key="now">
      <h3 id="lc-now">Discussing</h3>
      {v.board.discussing === null ? (
        <p className="subtle">No topic is being discussed.</p>
      ) : (
        <Discussing view={v} actions={actions} now={now} chime={chime} />
      )}
    </div>
  );
  return (
    <section aria-labelledby="lc-title" className="stack">
      <div className="row">
        <h2 id="lc-title">Lean Coffee</h2>
        <span className="badge" data-testid="phase">
          {PHASE_LABELS[v.phase]}
        </span>
        {live.mode === 'polling' && <span className="badge">{POLLING_LABEL}</span>}
      </div>
      {nextStep !== null && (
        <p className="next-step" data-testid="next-step" aria-live="polite">
          {nextStep}
        </p>
      )}
      <ErrorNote error={live.error} />
      {v.phase !== 'ended' && (
        <div className="row" data-testid="meeting-time">
          <span>
            Meeting time left: <strong>{formatMs(meetingLeft)}</strong>
          </span>
          <div
            className="bar-track"
            role="progressbar"
            aria-label="Meeting time left"
            aria-valuemin={0}
            aria-valuemax={Math.round(meetingSpan / 1000)}
            aria-valuenow={Math.round(meetingLeft / 1000)}
          >
            <div
              className={`bar-fill${meetingLeft === 0 ? ' danger' : ''}`}
              style={{ width: `${(meetingLeft / meetingSpan) * 100}%` }}
            />
          </div>
        </div>
      )}
      {v.phase === 'voting' && (
        <p className="notice" data-testid="dots-left">
          You have <strong>{v.dots.left}</strong> of {v.settings.dotsPerParticipant} dots left (at
          most {v.settings.maxDotsPerTopic} on one topic).
          {v.settings.hiddenTallies && ' Totals stay hidden until voting closes.'}
        </p>
      )}
      {(v.phase === 'proposing' || v.phase === 'voting') && (
        <ProposeForm view={v} actions={actions} now={now} />
      )}
      {/* The running topic comes first where the columns stack (a phone); side by side, CSS puts
          "To discuss" back on its left. */}
      <div className={`columns${v.board.discussing === null ? '' : ' is-discussing'}`}>
        {v.board.discussing === null ? [toDiscuss, discussing] : [discussing, toDiscuss]}
        <div className="panel" aria-labelledby="lc-done">
          <h3 id="lc-done">Done ({v.board.done.length})</h3>
          <ul className="plain" data-testid="done">
            {v.board.done.map((card) => (
              <li key={card.topic.id}>
                <strong>{card.topic.title}</strong>
                <div className="subtle">
                  {card.votes === null ? '' : `${countOf(card.votes, 'dot')} · `}
                  {Math.round(card.spentMs / 60000)} min spent
                </div>
                <ul aria-label="Takeaways">
                  {v.takeaways
                    .filter((t) => t.topicId === card.topic.id)
                    .map((t) => (
                      <li key={t.id}>{t.text}</li>
                    ))}
                </ul>
                <ActionItemList view={v} topicId={card.topic.id} />
              </li>
            ))}
          </ul>
        </div>
      </div>
      {(v.phase === 'wrap-up' || v.phase === 'ended') && <WrapUpList view={v} />}
      {v.isFacilitator && <FacilitatorBar view={v} actions={actions} now={now} />}
      {v.phase === 'ended' && !v.isFacilitator && (
        <p className="notice" data-testid="notes-link">
          The meeting has ended.{' '}
          {v.notes === null ? (
            'Its notes page will be in the space’s “Session notes”.'
          ) : (
            <>
              Notes page: <PageLink url={v.notes.url}>{v.notes.title}</PageLink>
            </>
          )}
        </p>
      )}
    </section>
  );
}

/**
 * What wrap-up does with the topics nobody reached, on every screen (members too): they go to the
 * space's topic backlog with their dots, so they are not lost.
 */
function WrapUpList({ view: v }: { readonly view: LeanCoffeeView }): JSX.Element {
  const ended = v.phase === 'ended';
  return (
    <div className="notice stack" data-testid="wrap-up-list">
      {v.wrapUp.length === 0 ? (
        <p>Every topic was discussed: nothing goes to the backlog.</p>
      ) : (
        <>
          <p>
            {ended ? 'Not discussed, so they went' : 'Not discussed, so they go'} to the space’s
            topic backlog with their dots, where a later session can pick them up:
          </p>
          <ul>
            {v.wrapUp.map((w) => (
              <li key={w.topic.id}>
                {w.topic.title} ({countOf(w.votes, 'dot')})
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** When the running timebox or the thumbs window runs out on this screen, fetch the new state. */
function useReloadAtExpiry(
  v: LeanCoffeeView | null,
  now: number,
  reload: () => Promise<void>,
): void {
  const done = useRef<number | null>(null);
  const endsAt = v?.board.discussing?.countdown.endsAt ?? null;
  useEffect(() => {
    if (endsAt !== null && now >= endsAt && done.current !== endsAt && !v?.thumbs?.isOpen) {
      done.current = endsAt;
      void reload();
    }
  }, [endsAt, now, reload, v?.thumbs?.isOpen]);
}

function NotStarted({ actions }: { readonly actions: Actions }): JSX.Element {
  const [meeting, setMeeting] = useState(60);
  const [dots, setDots] = useState(3);
  return (
    <section className="stack" aria-labelledby="lc-title">
      <h2 id="lc-title">Lean Coffee</h2>
      <div className="panel stack">
        <p>
          Everyone proposes topics and votes with dots; the most voted are discussed first, each in
          its own timebox. When time is up, thumbs decide: continue or move on.
        </p>
        <p className="subtle">Whoever starts the meeting facilitates it.</p>
        <div className="row">
          <NumberField
            label="Meeting minutes"
            value={meeting}
            onChange={setMeeting}
            min={5}
            max={480}
          />
          <NumberField label="Dots per person" value={dots} onChange={setDots} min={1} max={10} />
        </div>
        <Action
          appearance="primary"
          isBusy={actions.busy === 'start'}
          onClick={() =>
            void actions.run('start', () =>
              call<Changed>(R.start, {
                settings: {
                  meetingMinutes: meeting,
                  dotsPerParticipant: dots,
                  maxDotsPerTopic: dots,
                },
              }),
            )
          }
        >
          Start a Lean Coffee
        </Action>
        <ErrorNote error={actions.errors.start} />
      </div>
    </section>
  );
}

function ProposeForm({ view, actions }: BoardProps): JSX.Element {
  const [title, setTitle] = useState('');
  const [details, setDetails] = useState('');
  const [minutes, setMinutes] = useState(view.settings.defaultTopicMinutes);
  const submit = (): void => {
    const sent = { title, details };
    void actions
      .run('propose', () =>
        call<TopicProposedAnswer>(R.proposeTopic, {
          title,
          ...(details.trim() === '' ? {} : { details }),
          minutes,
        }),
      )
      .then((r) => {
        if (r.ok) {
          // Clear only what was sent: the person may already be typing the next one.
          setTitle((now) => (now === sent.title ? '' : now));
          setDetails((now) => (now === sent.details ? '' : now));
        }
      });
  };
  return (
    <form
      className="panel stack"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h3>Add a topic</h3>
      <TextField label="Topic" value={title} onChange={setTitle} maxLength={120} />
      <TextField
        label="Details (optional)"
        value={details}
        onChange={setDetails}
        multiline
        maxLength={500}
      />
      <div className="row">
        <NumberField
          label="Minutes wanted"
          value={minutes}
          onChange={setMinutes}
          min={1}
          max={30}
        />
        <Action appearance="primary" type="submit" isBusy={actions.busy === 'propose'}>
          Add topic
        </Action>
      </div>
      <ErrorNote error={actions.errors.propose} />
    </form>
  );
}

function FacilitatorBar({ view: v, actions }: BoardProps): JSX.Element {
  const seen = { version: v.version };
  const [created, setNotes] = useState<NotesPage | null>(null);
  const notes = created ?? v.notes;
  const [notesError, setNotesError] = useState<ApiError | null>(null);
  const [backlog, setBacklog] = useState<string | null>(null);
  const takeNotes = (outcome: NotesOutcome): void => {
    if (outcome.ok) {
      setNotes(outcome.page);
      setNotesError(null);
    } else setNotesError(outcome.error);
  };
  const wrapped = (answer: WrapUpAnswer): void =>
    setBacklog(
      answer.backlog.ok
        ? `Sent to the backlog: ${countOf(answer.backlog.imported, 'topic')}.`
        : `Not sent to the backlog: ${answer.backlog.error.message}`,
    );
  return (
    <div className="panel stack" data-testid="facilitator" aria-labelledby="lc-fac">
      <h3 id="lc-fac">Facilitator</h3>
      {(v.phase === 'proposing' || v.phase === 'voting') && v.board.toDiscuss.length > 1 && (
        <MergeTopics view={v} actions={actions} now={0} />
      )}
      {v.phase === 'proposing' && (
        <ConfirmAction
          label="Open dot voting"
          question="Open voting? Topics can no longer be added or changed once voting closes."
          confirmLabel="Yes, open voting"
          isBusy={actions.busy === 'open'}
          onConfirm={() => void actions.run('open', () => call<Changed>(R.openVoting, seen))}
        />
      )}
      {v.phase === 'voting' && (
        <ConfirmAction
          label="Close voting"
          question="Close voting? Dots can no longer be moved; the totals are shown."
          confirmLabel="Yes, close voting"
          isBusy={actions.busy === 'close'}
          onConfirm={() => void actions.run('close', () => call<Changed>(R.closeVoting, seen))}
        />
      )}
      {v.phase === 'discussing' && v.board.discussing === null && v.board.toDiscuss.length > 0 && (
        <Action
          appearance="primary"
          isBusy={actions.busy === 'next'}
          onClick={() => void actions.run('next', () => call<Changed>(R.startTopic, seen))}
        >
          Start the next topic
        </Action>
      )}
      {v.phase === 'discussing' && (
        <ConfirmAction
          label="Wrap up"
          appearance={v.board.toDiscuss.length === 0 ? 'primary' : 'default'}
          question="Wrap up the meeting? Undiscussed topics go to the backlog with their dots."
          confirmLabel="Yes, wrap up"
          isBusy={actions.busy === 'wrap'}
          onConfirm={() =>
            void actions
              .run('wrap', () => call<WrapUpAnswer>(R.startWrapUp, seen))
              .then((r) => {
                if (r.ok) wrapped(r.data);
              })
          }
        />
      )}
      {v.phase === 'wrap-up' && (
        <div className="stack" data-testid="wrap-up">
          {backlog !== null && <p role="status">{backlog}</p>}
          <Action
            isBusy={actions.busy === 'backlog'}
            onClick={() =>
              void actions
                .run('backlog', () => call<WrapUpAnswer['backlog']>(R.sendToBacklog))
                .then((r) => {
                  if (r.ok) wrapped({ version: v.version, backlog: r.data });
                })
            }
          >
            Send to the backlog again
          </Action>
          <ErrorNote error={actions.errors.backlog} />
          <ConfirmAction
            label="End the meeting"
            question="End the meeting and create its session-notes page?"
            confirmLabel="Yes, end and write the notes"
            isBusy={actions.busy === 'end'}
            onConfirm={() =>
              void actions
                .run('end', () => call<EndAnswer>(R.endMeeting, seen))
                .then((r) => {
                  if (r.ok) takeNotes(r.data.notes);
                })
            }
          />
        </div>
      )}
      {v.phase === 'ended' && notes === null && (
        <Action
          isBusy={actions.busy === 'notes'}
          onClick={() =>
            void actions
              .run('notes', () => call<NotesOutcome>(R.createNotes))
              .then((r) => {
                if (r.ok) takeNotes(r.data);
              })
          }
        >
          {notesError === null ? 'Show the notes page' : 'Try creating the notes page again'}
        </Action>
      )}
      {notes !== null && (
        <p className="success" data-testid="notes-link">
          Notes page: <PageLink url={notes.url}>{notes.title}</PageLink>
        </p>
      )}
      <ErrorNote error={notesError} />
      {(['open', 'close', 'next', 'wrap', 'end', 'notes'] as const).map((k) => (
        <ErrorNote key={k} error={actions.errors[k]} />
      ))}
    </div>
  );
}

/** The facilitator merges a duplicate into another topic; their dots merge too. */
function MergeTopics({ view: v, actions }: BoardProps): JSX.Element {
  const [intoId, setInto] = useState('');
  const [fromId, setFrom] = useState('');
  const topics = v.board.toDiscuss.map((c) => c.topic);
  const title = (id: string): string => topics.find((t) => t.id === id)?.title ?? '';
  const pick = (
    id: string,
    label: string,
    value: string,
    set: (s: string) => void,
  ): JSX.Element => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => set(e.target.value)}>
        <option value="">Choose…</option>
        {topics.map((t) => (
          <option key={t.id} value={t.id}>
            {t.title}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <details>
      <summary>Merge duplicate topics</summary>
      <div className="row">
        {pick('lc-merge-into', 'Keep', intoId, setInto)}
        {pick('lc-merge-from', 'Merge into it', fromId, setFrom)}
      </div>
      <ConfirmAction
        label="Merge"
        isDisabled={intoId === '' || fromId === ''}
        question={`Merge “${title(fromId)}” into “${title(intoId)}”? Its dots move with it.`}
        confirmLabel="Yes, merge"
        isBusy={actions.busy === 'merge'}
        onConfirm={() =>
          void actions.run('merge', () =>
            call<Changed>(R.mergeTopics, { intoId, fromId, version: v.version }),
          )
        }
      />
      <ErrorNote error={actions.errors.merge} />
    </details>
  );
}
