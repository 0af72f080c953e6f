/**
 * What a participant does at each step: write or edit their card, split the points with this
 * round's partner (propose, or confirm what the partner proposed), wait, sit out a bye, watch.
 */
import { useState } from 'react';
import type { SplitPoints } from '../../../src/domain/thirty-five';
import {
  THIRTY_FIVE,
  type Accepted,
  type ThirtyFiveStateView,
} from '../../../src/contract/thirty-five';
import { call } from '../bridge';
import { Action, ErrorNote, nameOf, PageLink, TextField } from '../components/ui';
import type { Actions } from '../live';

const CARD_MAX = 200;

interface Props {
  readonly state: ThirtyFiveStateView;
  readonly actions: Actions;
}

export function Participant({ state, actions }: Props): JSX.Element | null {
  switch (state.step) {
    case 'not-started':
      return null;
    case 'write-card':
    case 'wait-for-deal':
      return <CardForm state={state} actions={actions} />;
    case 'propose':
    case 'confirm':
    case 'wait-for-partner':
      return <Pair state={state} actions={actions} />;
    case 'wait-for-round':
      return (
        <div className="panel stack" data-testid="waiting">
          <RoundTitle state={state} />
          <p role="status">
            {state.phase === 'dealt'
              ? 'The cards are dealt. Waiting for the facilitator to start round 1.'
              : isLastRound(state)
                ? 'Your pair has agreed. That was the last round: waiting for the facilitator to show the results.'
                : 'Your pair has agreed. Waiting for the facilitator to start the next round.'}
          </p>
          <Agreed state={state} />
          <Holding state={state} />
        </div>
      );
    case 'bye':
      return (
        <div className="panel stack" data-testid="bye">
          <RoundTitle state={state} />
          <p role="status">
            {isLastRound(state)
              ? 'You sit out this round (a bye). It is the last round: then the facilitator shows the results.'
              : 'You sit out this round (a bye). Your card rests until the next round.'}
          </p>
          <Holding state={state} />
        </div>
      );
    case 'watch':
      return (
        <div className="panel stack" data-testid="watching">
          <p role="status">
            {state.view?.role === 'removed'
              ? 'You were taken out of the game: you can watch it continue.'
              : state.myAsk
                ? 'You asked to join: the facilitator will add you between rounds. Until then you can watch.'
                : 'This game started before you joined: you can watch it, or ask to join.'}{' '}
            The ranking appears here when the facilitator shows the results.
          </p>
          {state.progress !== null && (
            <p>
              Round {state.progress.round} of {state.progress.rounds}:{' '}
              {state.progress.pairsConfirmed} of {state.progress.pairsTotal} pairs confirmed.
            </p>
          )}
          {state.view?.role === 'viewer' && state.canStartRound && (
            <AskToJoin state={state} actions={actions} />
          )}
        </div>
      );
    case 'results':
      return (
        <p className="notice" role="status" data-testid="next-step">
          The game is over: here is the ranking.
          {!state.isFacilitator &&
            ' Waiting for the facilitator to end the game, which writes its notes page.'}
        </p>
      );
    case 'ended':
      return (
        <p className="notice" role="status" data-testid="notes-link">
          The game has ended.{' '}
          {state.notes === null ? (
            'Its notes page will be in the space’s “Session notes”.'
          ) : (
            <>
              Notes page: <PageLink url={state.notes.url}>{state.notes.title}</PageLink>
            </>
          )}
        </p>
      );
  }
}

/** Whether the round being played is the game's last (no "next round" to wait for). */
function isLastRound(state: ThirtyFiveStateView): boolean {
  const v = state.view;
  return v?.phase === 'round' && v.round >= v.rounds;
}

/** The split a pair agreed this round, with both cards, so each partner still sees it. */
function Agreed({ state }: { readonly state: ThirtyFiveStateView }): JSX.Element | null {
  const v = state.view;
  const seat = v?.phase === 'round' ? v.seat : null;
  if (seat?.kind !== 'pair' || seat.locked === null) return null;
  const partner = nameOf(state.names, seat.partner);
  const mine = seat.locked[seat.mine.id] ?? 0;
  const theirs = seat.locked[seat.theirs.id] ?? 0;
  return (
    <div className="success stack" data-testid="agreed-split">
      <p>
        You and {partner} agreed{' '}
        <strong>
          {mine}–{theirs}
        </strong>{' '}
        (the card you held first).
      </p>
      <ul>
        <li>
          <strong>{mine}</strong> to “{seat.mine.text}”
        </li>
        <li>
          <strong>{theirs}</strong> to “{seat.theirs.text}”
        </li>
      </ul>
    </div>
  );
}

function RoundTitle({ state }: { readonly state: ThirtyFiveStateView }): JSX.Element | null {
  const v = state.view;
  if (v === null || v.phase !== 'round') return null;
  const seat = v.seat;
  const partner = seat?.kind === 'pair' ? ` — you and ${nameOf(state.names, seat.partner)}` : '';
  return (
    <h3 data-testid="round-title">
      Round {v.round} of {v.rounds}
      {partner}
    </h3>
  );
}

function Holding({ state }: { readonly state: ThirtyFiveStateView }): JSX.Element | null {
  const v = state.view;
  const card =
    v?.phase === 'dealt'
      ? v.holding
      : v?.phase === 'round' && v.seat !== null
        ? v.seat.kind === 'bye'
          ? v.seat.card
          : v.seat.mine
        : null;
  if (card === null || card === undefined) return null;
  return (
    <div>
      <span className="label">The card you hold</span>
      <div className="card">{card.text}</div>
    </div>
  );
}

function CardForm({ state, actions }: Props): JSX.Element {
  const mine = state.view?.phase === 'collecting' ? state.view.myCard : null;
  const [text, setText] = useState(mine ?? '');
  const hasCard = mine !== null;
  const save = (): void => {
    void actions.run('card', () =>
      call<Accepted>(hasCard ? THIRTY_FIVE.writeCard : THIRTY_FIVE.join, { text }),
    );
  };
  return (
    <form
      className="panel stack"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <h3>{hasCard ? 'Your card' : 'Write your card'}</h3>
      <p className="subtle">
        One topic you would like the community to discuss. Cards are anonymous — nobody, not even
        the facilitator, sees who wrote which.
      </p>
      <TextField
        label="Your topic card"
        value={text}
        onChange={setText}
        multiline
        maxLength={CARD_MAX}
      />
      <div className="row">
        <Action appearance="primary" type="submit" isBusy={actions.busy === 'card'}>
          {hasCard ? 'Save my card' : 'Join with this card'}
        </Action>
        <span className="subtle">{state.cardCount} cards written so far</span>
      </div>
      <ErrorNote error={actions.errors.card} />
      {hasCard && (
        <p role="status" className="success">
          Your card is in. You can edit it until the facilitator deals.
        </p>
      )}
    </form>
  );
}

/**
 * A late arrival asks to join with the card they would bring: if a card is resting on the table
 * (someone left), they take that one instead. Asking again edits the card.
 */
function AskToJoin({ state, actions }: Props): JSX.Element {
  const [text, setText] = useState(state.myAsk?.text ?? '');
  const asked = state.myAsk !== null && state.myAsk !== undefined;
  return (
    <form
      className="stack"
      data-testid="ask-to-join"
      onSubmit={(e) => {
        e.preventDefault();
        void actions.run('ask', () => call<Accepted>(THIRTY_FIVE.askToJoin, { text }));
      }}
    >
      <TextField
        label="Your topic card"
        value={text}
        onChange={setText}
        multiline
        maxLength={CARD_MAX}
      />
      <p className="subtle">
        If a card is resting on the table (someone left), you play with that one instead.
      </p>
      <div className="row">
        <Action appearance="primary" type="submit" isBusy={actions.busy === 'ask'}>
          {asked ? 'Save my card' : 'Ask to join'}
        </Action>
      </div>
      <ErrorNote error={actions.errors.ask} />
    </form>
  );
}

/** The two cards side by side and the split picker (P–0 … 0–P) with propose / confirm. */
function Pair({ state, actions }: Props): JSX.Element | null {
  const v = state.view;
  const seat = v?.phase === 'round' ? v.seat : null;
  const [choice, setChoice] = useState<number | null>(null);
  if (v?.phase !== 'round' || seat === null || seat.kind !== 'pair') return null;
  const P = v.points;
  const partner = nameOf(state.names, seat.partner);
  const [mine, theirs] = state.cards ?? [seat.mine, seat.theirs];
  const splitOf = (forMine: number): SplitPoints => ({
    [mine.id]: forMine,
    [theirs.id]: P - forMine,
  });
  const partnerProposal =
    seat.partnerRecord?.kind === 'proposed' ? seat.partnerRecord.points : null;
  const myProposal = seat.myRecord?.kind === 'proposed' ? seat.myRecord.points : null;
  const pick = choice ?? (myProposal ? (myProposal[mine.id] ?? null) : null);
  const describe = (points: SplitPoints): string =>
    `${points[mine.id] ?? 0}–${points[theirs.id] ?? 0}`;
  const options = Array.from({ length: P + 1 }, (_, i) => P - i);
  return (
    <div className="panel stack" data-testid="pair">
      <RoundTitle state={state} />
      <div className="cards">
        <div className="stack" style={{ flex: '1 1 200px', minWidth: 0 }}>
          <span className="label">The card you hold</span>
          <div className="card" data-testid="card-mine">
            {mine.text}
          </div>
        </div>
        <div className="stack" style={{ flex: '1 1 200px', minWidth: 0 }}>
          <span className="label">{partner}’s card</span>
          <div className="card" data-testid="card-theirs">
            {theirs.text}
          </div>
        </div>
      </div>
      {partnerProposal !== null && state.step === 'confirm' && (
        <div className="notice stack" data-testid="partner-proposal">
          <p>
            {partner} proposed <strong>{describe(partnerProposal)}</strong> (your card first).
          </p>
          <Action
            appearance="primary"
            isBusy={actions.busy === 'confirm'}
            onClick={() =>
              void actions.run('confirm', () =>
                call<Accepted>(THIRTY_FIVE.confirmSplit, {
                  round: v.round,
                  points: partnerProposal,
                }),
              )
            }
          >
            Confirm {describe(partnerProposal)}
          </Action>
          <ErrorNote error={actions.errors.confirm} />
        </div>
      )}
      <fieldset>
        <legend>
          Split {P} points: the card you hold – {partner}’s card
        </legend>
        <div className="splits" role="radiogroup" aria-label={`Split ${P} points`}>
          {options.map((a) => (
            <label key={a}>
              <input
                type="radio"
                name={`split-${v.round}`}
                value={a}
                checked={pick === a}
                onChange={() => setChoice(a)}
                aria-label={`${a} to the card you hold, ${P - a} to ${partner}’s card`}
              />
              <span>
                {a}–{P - a}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="row">
        <Action
          appearance={state.step === 'confirm' ? 'default' : 'primary'}
          isDisabled={pick === null}
          isBusy={actions.busy === 'propose'}
          onClick={() => {
            if (pick === null) return;
            void actions.run('propose', () =>
              call<Accepted>(THIRTY_FIVE.proposeSplit, { round: v.round, points: splitOf(pick) }),
            );
          }}
        >
          {state.step === 'confirm' ? 'Propose something else' : 'Propose this split'}
        </Action>
      </div>
      <ErrorNote error={actions.errors.propose} />
      {state.step === 'wait-for-partner' && myProposal !== null && (
        <p role="status" data-testid="my-proposal">
          You proposed <strong>{describe(myProposal)}</strong>. Waiting for {partner} to confirm.
        </p>
      )}
    </div>
  );
}
