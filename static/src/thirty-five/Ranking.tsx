/** The final ranking: a list with a bar per card, its scores and its points per round. */
import type { RankedCard } from '../../../src/domain/thirty-five';

const oneDecimal = (n: number): string => (Math.round(n * 10) / 10).toString();

export function Ranking(props: {
  readonly ranking: readonly RankedCard[];
  readonly rounds: number;
  readonly points: number;
  readonly rule: string;
}): JSX.Element {
  const max = Math.max(1, props.rounds * props.points);
  return (
    <div className="panel" aria-labelledby="t35-ranking">
      <h3 id="t35-ranking">Ranking</h3>
      <ol className="ranking" data-testid="ranking">
        {props.ranking.map((card) => {
          const pct = Math.min(100, (card.normalised / max) * 100);
          const perRound = card.perRound
            .map((p, i) => `R${i + 1}: ${p === null ? '—' : p}`)
            .join(' · ');
          return (
            <li key={card.id}>
              <div className="row">
                <strong aria-label={`Rank ${card.rank}`}>#{card.rank}</strong>
                <span className="card" style={{ borderLeftWidth: 4 }}>
                  {card.text}
                </span>
              </div>
              <div className="row">
                <div
                  className="bar-track"
                  role="img"
                  aria-label={`Score ${oneDecimal(card.normalised)} of ${max}`}
                >
                  <div className="bar-fill" style={{ width: `${pct}%` }} />
                </div>
                <span>
                  <strong>{oneDecimal(card.normalised)}</strong> / {max}
                </span>
              </div>
              <p className="subtle">
                {card.ratings < props.rounds
                  ? `Raw ${card.raw} from ${card.ratings} of ${props.rounds} ratings (mean × rounds shown). `
                  : `Raw ${card.raw}. `}
                Full splits: {card.fullSplits}. {perRound}
              </p>
            </li>
          );
        })}
      </ol>
      <p className="subtle" data-testid="tie-break">
        How ties break: {props.rule}
      </p>
    </div>
  );
}
