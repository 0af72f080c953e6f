/**
 * DESIGN §5 / issue 7 item 4: how long the deal takes — the derangement plus the whole pairing
 * schedule — for 10, 60 and 200 participants, 5 and 10 rounds, through the domain's own `decide`.
 */
import { decide, evolve, initialState, type ThirtyFiveState } from '../src/domain/thirty-five';
import { drawForDeal } from '../src/services/deal-draw';

export interface Figure {
  readonly name: string;
  readonly unit: string;
  readonly samples: number[];
}

function collected(n: number): ThirtyFiveState {
  let state = initialState;
  for (let i = 0; i < n; i += 1) {
    const result = decide(
      state,
      { type: 'submitCard', text: `Topic ${i}: how do we run better retrospectives?` },
      { actor: `557058:bench-${i}`, now: 1_700_000_000_000 + i, isFacilitator: false },
    );
    if (!result.ok) throw new Error(result.error.message);
    state = result.value.reduce(evolve, state);
  }
  return state;
}

export function run(runs: number): Figure[] {
  const figures: Figure[] = [];
  for (const rounds of [5, 10]) {
    for (const n of [10, 60, 200]) {
      const state = collected(n);
      const samples: number[] = [];
      for (let r = 0; r < runs; r += 1) {
        const started = process.hrtime.bigint();
        const result = decide(
          state,
          { type: 'deal', seed: `bench-${r}`, draw: drawForDeal(n), rounds },
          { actor: 'facilitator', now: 1_700_000_100_000, isFacilitator: true },
        );
        const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
        if (!result.ok) throw new Error(result.error.message);
        samples.push(elapsed);
      }
      figures.push({
        name: `deal + schedule, ${n} participants, ${rounds} rounds`,
        unit: 'ms',
        samples,
      });
    }
  }
  return figures;
}
