/**
 * Thirty Five: one screen per person, driven by `thirtyFive/state`. Participants write a card,
 * split the points with each round's partner and read the ranking; the facilitator (the starter
 * or a space admin) also gets the phase controls. No game rule lives here: the step, the pairs,
 * the progress and the ranking all come from the resolver.
 */
import { useCallback } from 'react';
import { changeChannel } from '../../../src/contract/channels';
import {
  THIRTY_FIVE,
  type Accepted,
  type ThirtyFiveStateView,
} from '../../../src/contract/thirty-five';
import { call } from '../bridge';
import { Action, ErrorNote, Loading } from '../components/ui';
import { POLLING_LABEL, useActions, useLiveView } from '../live';
import { applyThirtyFiveNotice } from './apply-notice';
import type { ViewProps } from '../modules';
import { Facilitator } from './Facilitator';
import { Participant } from './Participant';
import { Ranking } from './Ranking';
import { RoundTimer } from './round-timer';

export const PHASE_LABELS: Readonly<Record<ThirtyFiveStateView['phase'], string>> = {
  'not-started': 'Not started',
  collecting: 'Writing cards',
  dealt: 'Cards dealt',
  round: 'Rounds',
  results: 'Results',
  ended: 'Ended',
};

const INTRO =
  'Everyone writes one topic card. In each round you and a partner split the points (7 by default) between the two cards you hold, then swap cards. The cards with the most points rise to the top.';

export default function ThirtyFive({ context }: ViewProps): JSX.Element {
  const load = useCallback(() => call<ThirtyFiveStateView>(THIRTY_FIVE.state), []);
  const live = useLiveView({
    load,
    channel: changeChannel(context.localId),
    apply: applyThirtyFiveNotice,
  });
  const actions = useActions(live.reload, live.answers);
  const s = live.data;
  if (s === null) {
    return live.error ? (
      <section aria-labelledby="t35-title">
        <h2 id="t35-title">Thirty Five</h2>
        <ErrorNote error={live.error} />
        <Action onClick={() => void live.reload()}>Try again</Action>
      </section>
    ) : (
      <Loading label="Loading the game…" />
    );
  }
  return (
    <section aria-labelledby="t35-title" className="stack">
      <div className="row">
        <h2 id="t35-title">Thirty Five</h2>
        <span className="badge" data-testid="phase">
          {PHASE_LABELS[s.phase]}
        </span>
        {live.mode === 'polling' && (
          <span className="badge" title="Live updates are unavailable: refreshing now and then">
            {POLLING_LABEL}
          </span>
        )}
      </div>
      <ErrorNote error={live.error} />
      {s.step === 'not-started' ? (
        <div className="panel stack">
          <p>{INTRO}</p>
          <p className="subtle">Whoever starts the game facilitates it.</p>
          <Action
            appearance="primary"
            isBusy={actions.busy === 'start'}
            onClick={() => void actions.run('start', () => call<Accepted>(THIRTY_FIVE.start))}
          >
            Start a Thirty Five game
          </Action>
          <ErrorNote error={actions.errors.start} />
        </div>
      ) : (
        <>
          <RoundTimer state={s} />
          <Participant state={s} actions={actions} />
          {s.isFacilitator && <Facilitator state={s} actions={actions} />}
          {s.ranking !== null && (
            <Ranking
              ranking={s.ranking}
              rounds={s.rounds ?? 0}
              points={s.points ?? 0}
              rule={s.tieBreakRule}
            />
          )}
        </>
      )}
    </section>
  );
}
