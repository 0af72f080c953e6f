/**
 * The facilitator's controls: who has joined, deal (cannot be undone: joining closes), start each
 * round, round progress and who is missing, remove someone between rounds, show the results, the
 * in-room entry form for a game played on paper, send to the backlog and end (creates the notes
 * page). Each command names the version on screen, so a double click acts once.
 */
import { useState } from 'react';
import {
  THIRTY_FIVE,
  type Accepted,
  type Ended,
  type SentToBacklog,
  type ThirtyFiveStateView,
} from '../../../src/contract/thirty-five';
import { call } from '../bridge';
import {
  Action,
  ConfirmAction,
  countOf,
  ErrorNote,
  nameOf,
  NumberField,
  TextField,
} from '../components/ui';
import type { Actions } from '../live';
import { RoundTimerChoice } from './round-timer';

interface Props {
  readonly state: ThirtyFiveStateView;
  readonly actions: Actions;
}

export function Facilitator({ state, actions }: Props): JSX.Element {
  const seen = { version: state.version };
  const names = state.names;
  const [minutes, setMinutes] = useState(state.roundTimer?.minutes ?? 0);
  const run = (key: string, name: string, payload: Record<string, unknown> = {}): void => {
    // Starting a round carries the round timer the facilitator chose (every screen shows it).
    const timer = name === THIRTY_FIVE.nextRound && minutes > 0 ? { minutes } : {};
    void actions.run(key, () => call<Accepted>(name, { ...seen, ...timer, ...payload }));
  };
  return (
    <div className="panel stack" aria-labelledby="t35-fac" data-testid="facilitator">
      <h3 id="t35-fac">Facilitator</h3>
      <p className="next-step" data-testid="facilitator-next-step" aria-live="polite">
        {facilitatorNextStep(state)}
      </p>
      <div>
        <span className="label">
          {state.phase === 'collecting' ? 'Joined' : 'Playing'} ({state.players.length})
        </span>
        <p data-testid="players">
          {state.players.length === 0
            ? 'Nobody yet.'
            : state.players.map((p) => nameOf(names, p)).join(', ')}
        </p>
        {state.removed.length > 0 && (
          <p className="subtle">
            Taken out: {state.removed.map((p) => nameOf(names, p)).join(', ')}
          </p>
        )}
      </div>
      {(state.asks?.length ?? 0) > 0 && <LateArrivals state={state} actions={actions} />}
      {state.phase === 'collecting' && <DealForm state={state} actions={actions} />}
      {(state.phase === 'dealt' || (state.phase === 'round' && state.canStartRound)) && (
        <RoundTimerChoice minutes={minutes} onChange={setMinutes} />
      )}
      {state.phase === 'dealt' && (
        <>
          <Action
            appearance="primary"
            isBusy={actions.busy === 'next'}
            onClick={() => run('next', THIRTY_FIVE.nextRound)}
          >
            Start round 1
          </Action>
          <ErrorNote error={actions.errors.next} />
        </>
      )}
      {state.phase === 'round' && state.progress !== null && (
        <RoundControls state={state} actions={actions} run={run} />
      )}
      {(state.phase === 'results' || state.phase === 'ended') && (
        <Finish state={state} actions={actions} />
      )}
      {state.phase === 'collecting' && <InRoomForm state={state} actions={actions} />}
    </div>
  );
}

/** What the facilitator can do now, in one sentence, for every phase. */
export function facilitatorNextStep(state: ThirtyFiveStateView): string {
  switch (state.phase) {
    case 'not-started':
      return 'Start the game.';
    case 'collecting':
      return state.cardCount < 2
        ? 'Now: wait for cards. At least two are needed to deal.'
        : `Now: ${state.cardCount} cards are in. Deal when everyone has written theirs.`;
    case 'dealt':
      return 'Now: start round 1.';
    case 'round': {
      const p = state.progress;
      if (p === null) return 'Now: the round is being played.';
      const open = p.pairsTotal - p.pairsConfirmed;
      const then = state.canStartRound ? `start round ${p.round + 1}` : 'show the results';
      return open > 0
        ? `Now: ${open} of ${p.pairsTotal} ${p.pairsTotal === 1 ? 'pair is' : 'pairs are'} still agreeing their split; then ${then}.`
        : `Every pair has agreed: ${then}.`;
    }
    case 'results':
      return 'Now: send the ranking to the backlog, then end the game to write its notes page.';
    case 'ended':
      return 'The game has ended.';
  }
}

/** Who asked to join after the deal, each with "Add to the next round" (between rounds only). */
function LateArrivals({ state, actions }: Props): JSX.Element {
  const asks = state.asks ?? [];
  return (
    <div className="stack" data-testid="late-arrivals">
      <span className="label">Asked to join ({asks.length})</span>
      {!state.canAdmit && (
        <p className="subtle">
          You can add them once every pair has agreed this round, before the next round starts.
        </p>
      )}
      <ul className="stack">
        {asks.map((a) => (
          <li key={a.accountId} className="row">
            <span>{nameOf(state.names, a.accountId)}</span>
            <Action
              isDisabled={state.canAdmit !== true}
              isBusy={actions.busy === `admit:${a.accountId}`}
              onClick={() =>
                void actions.run(`admit:${a.accountId}`, () =>
                  call<Accepted>(THIRTY_FIVE.admitParticipant, {
                    version: state.version,
                    accountId: a.accountId,
                  }),
                )
              }
            >
              Add to the next round
            </Action>
          </li>
        ))}
      </ul>
      {asks.map((a) => (
        <ErrorNote key={a.accountId} error={actions.errors[`admit:${a.accountId}`]} />
      ))}
    </div>
  );
}

function DealForm({ state, actions }: Props): JSX.Element {
  const [rounds, setRounds] = useState(5);
  const [points, setPoints] = useState(7);
  return (
    <div className="stack">
      <p>{state.cardCount} cards written. Dealing closes joining: people who arrive later watch.</p>
      <div className="row">
        <NumberField label="Rounds" value={rounds} onChange={setRounds} min={1} max={10} />
        <NumberField label="Points per pair" value={points} onChange={setPoints} min={1} max={20} />
      </div>
      <ConfirmAction
        label="Deal the cards"
        question={`Deal ${state.cardCount} cards for ${rounds} rounds? Nobody can join or edit a card afterwards.`}
        confirmLabel="Yes, deal"
        isBusy={actions.busy === 'deal'}
        onConfirm={() =>
          void actions.run('deal', () =>
            call<Accepted>(THIRTY_FIVE.deal, { version: state.version, rounds, points }),
          )
        }
      />
      <ErrorNote error={actions.errors.deal} />
    </div>
  );
}

function RoundControls({
  state,
  actions,
  run,
}: Props & {
  readonly run: (key: string, name: string, payload?: Record<string, unknown>) => void;
}): JSX.Element | null {
  const [removing, setRemoving] = useState('');
  const p = state.progress;
  if (p === null) return null;
  const open = p.pairsTotal - p.pairsConfirmed;
  return (
    <div className="stack">
      <p data-testid="progress" role="status">
        Round {p.round} of {p.rounds}: <strong>{p.pairsConfirmed}</strong> of {p.pairsTotal} pairs
        confirmed
      </p>
      <div
        className="bar-track"
        role="progressbar"
        aria-label="Pairs confirmed"
        aria-valuemin={0}
        aria-valuemax={p.pairsTotal}
        aria-valuenow={p.pairsConfirmed}
      >
        <div
          className="bar-fill"
          style={{
            width: `${p.pairsTotal === 0 ? 100 : (p.pairsConfirmed / p.pairsTotal) * 100}%`,
          }}
        />
      </div>
      {p.missing.length > 0 && (
        <p data-testid="missing">
          Still to agree: {p.missing.map((a) => nameOf(state.names, a)).join(', ')}
        </p>
      )}
      {p.byes.length > 0 && (
        <p className="subtle">
          Sitting out: {p.byes.map((a) => nameOf(state.names, a)).join(', ')}
        </p>
      )}
      {state.canStartRound ? (
        open > 0 ? (
          <ConfirmAction
            label={`Start round ${p.round + 1}`}
            question={`${open} pair${open === 1 ? ' has' : 's have'} not agreed: their cards miss this round's rating. Start round ${p.round + 1}?`}
            confirmLabel="Yes, next round"
            isBusy={actions.busy === 'next'}
            onConfirm={() => run('next', THIRTY_FIVE.nextRound)}
          />
        ) : (
          <Action
            appearance="primary"
            isBusy={actions.busy === 'next'}
            onClick={() => run('next', THIRTY_FIVE.nextRound)}
          >
            Start round {p.round + 1}
          </Action>
        )
      ) : null}
      <ErrorNote error={actions.errors.next} />
      <ConfirmAction
        label="Show the results"
        appearance={state.canStartRound ? 'default' : 'primary'}
        question={
          state.canStartRound
            ? `Stop after round ${p.round} of ${p.rounds} and show the results? No more rounds can be played.`
            : 'Show the results? No more splits can be made.'
        }
        confirmLabel="Yes, show results"
        isBusy={actions.busy === 'results'}
        onConfirm={() => run('results', THIRTY_FIVE.showResults)}
      />
      <ErrorNote error={actions.errors.results} />
      <details>
        <summary>Take someone out of the game</summary>
        <div className="field">
          <label htmlFor="t35-remove">Participant</label>
          <select id="t35-remove" value={removing} onChange={(e) => setRemoving(e.target.value)}>
            <option value="">Choose…</option>
            {state.players.map((a) => (
              <option key={a} value={a}>
                {nameOf(state.names, a)}
              </option>
            ))}
          </select>
        </div>
        <ConfirmAction
          label="Take out"
          appearance="danger"
          isDisabled={removing === ''}
          question={`Take ${nameOf(state.names, removing)} out? Their card stays in play and the remaining rounds are re-planned.`}
          confirmLabel="Yes, take out"
          isBusy={actions.busy === 'remove'}
          onConfirm={() => run('remove', THIRTY_FIVE.removeParticipant, { accountId: removing })}
        />
        <ErrorNote error={actions.errors.remove} />
      </details>
    </div>
  );
}

function Finish({ state, actions }: Props): JSX.Element {
  const seen = { version: state.version };
  return (
    <div className="stack">
      {state.backlog === null ? (
        <>
          <Action
            appearance={state.phase === 'results' ? 'primary' : 'default'}
            isBusy={actions.busy === 'backlog'}
            onClick={() =>
              void actions.run('backlog', () =>
                call<SentToBacklog>(THIRTY_FIVE.sendToBacklog, seen),
              )
            }
          >
            Send the ranking to the backlog
          </Action>
          <ErrorNote error={actions.errors.backlog} />
        </>
      ) : (
        <p className="success" data-testid="sent-to-backlog">
          Sent to the backlog: {countOf(state.backlog.imported, 'topic')}.
        </p>
      )}
      {state.phase === 'results' && (
        <>
          <ConfirmAction
            label="End the game"
            question="End the game and create the session-notes page? The ranking is final."
            confirmLabel="Yes, end and write the notes"
            isBusy={actions.busy === 'end'}
            onConfirm={() => void actions.run('end', () => call<Ended>(THIRTY_FIVE.end, seen))}
          />
          <ErrorNote error={actions.errors.end} />
        </>
      )}
    </div>
  );
}

interface TallyRow {
  readonly text: string;
  readonly points: readonly string[];
}

/** In-room mode: the facilitator types each paper card and the numbers on its back. */
function InRoomForm({ state, actions }: Props): JSX.Element {
  const [rounds, setRounds] = useState(5);
  const [points, setPoints] = useState(7);
  const blank = (): TallyRow => ({ text: '', points: Array.from({ length: rounds }, () => '') });
  const [rows, setRows] = useState<readonly TallyRow[]>([blank(), blank()]);
  const update = (i: number, row: TallyRow): void =>
    setRows((prev) => prev.map((r, j) => (j === i ? row : r)));
  const submit = (): void => {
    const cards = rows.map((r) => ({
      text: r.text,
      points: Array.from({ length: rounds }, (_, k) => {
        const raw = (r.points[k] ?? '').trim();
        return raw === '' ? null : Number(raw);
      }),
    }));
    void actions.run('tallies', () =>
      call<Accepted>(THIRTY_FIVE.enterTallies, { version: state.version, cards, rounds, points }),
    );
  };
  return (
    <details>
      <summary>Played on paper? Enter the cards (in-room mode)</summary>
      <div className="stack">
        <p className="subtle">
          Type each card and the points written on its back, one box per round; leave a box empty
          for a round the card missed. The same validation and ranking apply.
        </p>
        <div className="row">
          <NumberField
            label="Rounds played"
            value={rounds}
            onChange={(n) => {
              setRounds(n);
              if (Number.isInteger(n) && n >= 1 && n <= 10) {
                setRows((prev) =>
                  prev.map((r) => ({
                    ...r,
                    points: Array.from({ length: n }, (_, k) => r.points[k] ?? ''),
                  })),
                );
              }
            }}
            min={1}
            max={10}
          />
          <NumberField
            label="Points per pair"
            value={points}
            onChange={setPoints}
            min={1}
            max={20}
          />
        </div>
        {rows.map((row, i) => (
          <fieldset key={i} data-testid="tally-row">
            <legend>Card {i + 1}</legend>
            <TextField
              label={`Card ${i + 1} text`}
              value={row.text}
              onChange={(text) => update(i, { ...row, text })}
              maxLength={200}
            />
            <div className="row">
              {row.points.map((p, k) => (
                <div className="field field-number" key={k}>
                  <label htmlFor={`tally-${i}-${k}`}>R{k + 1}</label>
                  <input
                    id={`tally-${i}-${k}`}
                    inputMode="numeric"
                    aria-label={`Card ${i + 1}, round ${k + 1} points`}
                    value={p}
                    onChange={(e) =>
                      update(i, {
                        ...row,
                        points: row.points.map((q, m) => (m === k ? e.target.value : q)),
                      })
                    }
                  />
                </div>
              ))}
            </div>
          </fieldset>
        ))}
        <div className="row">
          <Action onClick={() => setRows((prev) => [...prev, blank()])}>Add a card</Action>
          <Action
            appearance="subtle"
            isDisabled={rows.length <= 2}
            onClick={() => setRows((prev) => prev.slice(0, -1))}
          >
            Remove the last card
          </Action>
        </div>
        <ConfirmAction
          label="Rank these cards"
          question="Rank the cards as entered? The game goes straight to its results."
          confirmLabel="Yes, rank them"
          isBusy={actions.busy === 'tallies'}
          onConfirm={submit}
        />
        <ErrorNote error={actions.errors.tallies} />
      </div>
    </details>
  );
}
