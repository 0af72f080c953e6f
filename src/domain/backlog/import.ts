/**
 * Mapping a game's result onto the one backlog score scale.
 *
 * Backlog score = head-to-head support, in percent (0–100, two decimals): how often the group
 * preferred this topic when it was weighed against another topic of the same game. 50 is an
 * average topic of its game, 100 a topic preferred to every other one every time.
 * - Thirty Five: normalised score ÷ (points per pair × rounds) × 100. In each round a pair splits
 *   P points between two cards, so a card's share of the P is its support against that card; the
 *   mean share over the R rounds (normalised = mean × rounds) is the score. A card that won 7–0 in
 *   all 5 rounds scores 100; one that got 3.5 on average scores 50.
 * - Lean Coffee: each voter's dots are read as preferences between every pair of topics of the
 *   meeting (discussed ones included): for every voter who placed dots and every pair, the topic
 *   with more dots wins 1 and equal dots give ½ each. Score = 100 × wins ÷ comparisons (voters ×
 *   (topics − 1)). A topic every voter gave more dots than any other scores 100; the scores of a
 *   meeting's topics average 50; with no comparison at all (one topic, or no dots) a topic scores 50.
 *
 * Why: the earlier Lean Coffee rule, votes ÷ (voters × M), put a typical topic at 8–17 (a voter's
 * few dots spread over many topics) while Thirty Five cards sit at 37–66 by construction, so Lean
 * Coffee topics always sank below every card. Both now answer the same question ("how often did
 * the group prefer it to another topic?"), independent of group size and of how many dots or points
 * the format hands out, so a topic from a 6-person Lean Coffee and one from a 30-person Thirty Five
 * compare fairly. (Share of *all* dots was rejected too: it shrinks with the number of topics.)
 */
import { assertNever, err, ok, type Result } from '../result';
import { truncateGraphemes } from '../text';
import type {
  AccountId,
  BacklogErrorCode,
  GameImport,
  LeanCoffeeBallot,
  LeanCoffeeTopicResult,
  Topic,
  TopicId,
} from './types';

/** Most characters (code points) in a topic title, after trimming. */
export const TITLE_MAX = 120;
/** Most characters (code points) in a topic's details, after trimming. */
export const DETAILS_MAX = 500;

/** Game ids and card/topic ids as the games give them: 1–100 characters, no surrounding spaces. */
function isExternalId(id: string): boolean {
  return id.length > 0 && id.length <= 100 && id.trim() === id;
}

/**
 * Encodes one part of a derived id so that parts never contain `:` and only use characters a
 * Forge KVS key allows: letters, digits, `_` and `-` stay; every other UTF-16 unit (`.` included,
 * being the escape) becomes `.` + four hex digits. Injective, so distinct inputs never collide.
 */
function encodeIdPart(part: string): string {
  let out = '';
  for (let i = 0; i < part.length; i += 1) {
    const ch = part.charAt(i);
    out += /[A-Za-z0-9_-]/.test(ch) ? ch : `.${part.charCodeAt(i).toString(16).padStart(4, '0')}`;
  }
  return out;
}

/** Rounds a percentage to two decimals (ties away from zero on the hundredth). */
function roundPercent(numerator: number, denominator: number): number {
  return Math.round((numerator * 10_000) / denominator) / 100;
}

/**
 * Backlog score of a Thirty Five card: `normalised / (pointsPerPair × rounds) × 100`, two decimals.
 * The caller guarantees `0 ≤ normalised ≤ pointsPerPair × rounds` and a positive maximum.
 */
export function thirtyFiveScore(normalised: number, pointsPerPair: number, rounds: number): number {
  return roundPercent(normalised, pointsPerPair * rounds);
}

/**
 * Backlog score of a Lean Coffee topic from its head-to-head record: `100 × won ÷ comparisons`, two
 * decimals; 50 when there was no comparison. The caller guarantees `0 ≤ won ≤ comparisons`.
 */
export function leanCoffeeScore(won: number, comparisons: number): number {
  return comparisons === 0 ? 50 : roundPercent(won, comparisons);
}

/** A topic's head-to-head record in its meeting. */
export interface HeadToHead {
  /** Comparisons won, a tie counting ½. */
  readonly won: number;
  readonly comparisons: number;
}

/**
 * Head-to-head records of every topic of a Lean Coffee (see the module comment): for each ballot
 * with at least one dot and each topic, the topic wins against every topic with fewer dots on that
 * ballot and gets ½ against every other topic with as many; comparisons = those ballots × (topics −
 * 1). Dots on ids outside `topicIds` are ignored (the caller validates). O(ballots × topics log
 * topics).
 */
export function leanCoffeeHeadToHead(
  topicIds: readonly string[],
  ballots: readonly LeanCoffeeBallot[],
): Map<string, HeadToHead> {
  const ids = [...new Set(topicIds)];
  const won = new Map(ids.map((id) => [id, 0]));
  let voters = 0;
  for (const ballot of ballots) {
    const dots = ids.map((id) =>
      Object.prototype.hasOwnProperty.call(ballot, id) ? (ballot[id] ?? 0) : 0,
    );
    if (!dots.some((d) => d > 0)) continue;
    voters += 1;
    const sorted = [...dots].sort((a, b) => a - b);
    ids.forEach((id, i) => {
      const d = dots[i] as number;
      const fewer = lowerBound(sorted, d);
      const same = lowerBound(sorted, d + 1) - fewer - 1;
      won.set(id, (won.get(id) ?? 0) + fewer + same / 2);
    });
  }
  const comparisons = voters * Math.max(0, ids.length - 1);
  return new Map(ids.map((id) => [id, { won: won.get(id) ?? 0, comparisons }]));
}

/** Index of the first element of ascending whole numbers `sorted` that is ≥ `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The backlog id of a game's card or topic, `<kind>:<gameId>:<itemId>` with both ids encoded (see
 * `encodeIdPart`): stable, so re-importing the same game is a no-op, and unambiguous even when the
 * game's ids contain `:` (an accountId, say).
 */
export function importedTopicId(kind: GameImport['kind'], gameId: string, itemId: string): TopicId {
  return `${kind}:${encodeIdPart(gameId)}:${encodeIdPart(itemId)}`;
}

/** Trims and shortens text to `max` code points at a grapheme boundary, marking the cut. */
function fit(text: string, max: number): string {
  return truncateGraphemes(text.trim(), max, 'codepoint');
}

/**
 * Splits a card's text (up to 200 characters in Thirty Five) into a backlog title (≤ 120, cut at a
 * grapheme boundary with `…`) and details (the full text when it had to be cut).
 */
export function titleAndDetails(text: string, details = ''): { title: string; details: string } {
  const title = fit(text, TITLE_MAX);
  const fullText = text.trim();
  const extra = details.trim();
  const combined =
    title === fullText ? extra : [fullText, extra].filter((s) => s !== '').join('\n\n');
  return { title, details: fit(combined, DETAILS_MAX) };
}

/**
 * Lean Coffee tie rule, among topics with the same score: more votes first, then the earlier
 * proposal, then the topic id. Thirty Five cards keep the game's own ranking order (its tie-breaks:
 * normalised, raw, full-7 splits, earliest), which is already by score.
 */
export function compareLeanCoffeeTopics(
  a: LeanCoffeeTopicResult,
  b: LeanCoffeeTopicResult,
): number {
  if (a.votes !== b.votes) return b.votes - a.votes;
  if (a.proposedAt !== b.proposedAt) return a.proposedAt - b.proposedAt;
  if (a.topicId === b.topicId) return 0;
  return a.topicId < b.topicId ? -1 : 1;
}

/** A topic as imported, before it is given its place (`rankKey`). */
export type ImportedTopic = Omit<Topic, 'rankKey'>;

type ImportResult = Result<ImportedTopic[], BacklogErrorCode>;

const invalid = (message: string): ImportResult => err('INVALID_IMPORT', message);

function isWholeNonNegative(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}

/**
 * Turns a game result into backlog topics in import order (best score first), each with its
 * derived id, backlog score and source; validates the result (ids, maxima, scores within range, no
 * duplicate items, ballots on the meeting's topics only, non-empty titles) and refuses the whole
 * import with `INVALID_IMPORT` if anything is off.
 */
export function topicsFromGame(
  result: GameImport,
  createdBy: AccountId,
  createdAt: number,
): ImportResult {
  if (!isExternalId(result.gameId)) return invalid('The game id is not a valid id.');
  const common = { status: 'proposed' as const, createdBy, createdAt };
  const seen = new Set<string>();
  const topics: ImportedTopic[] = [];
  switch (result.kind) {
    case 'thirty-five': {
      const { pointsPerPair, rounds } = result;
      if (!(isWholeNonNegative(pointsPerPair) && pointsPerPair > 0)) {
        return invalid('Points per pair must be a positive whole number.');
      }
      if (!(isWholeNonNegative(rounds) && rounds > 0)) {
        return invalid('Rounds must be a positive whole number.');
      }
      const maxScore = pointsPerPair * rounds;
      for (const [index, card] of result.cards.entries()) {
        if (!isExternalId(card.cardId) || seen.has(card.cardId)) {
          return invalid(`Card ${index + 1} has a missing, invalid or repeated id.`);
        }
        seen.add(card.cardId);
        if (
          !Number.isFinite(card.normalised) ||
          card.normalised < 0 ||
          card.normalised > maxScore
        ) {
          return invalid(`Card ${index + 1} has a score outside 0–${maxScore}.`);
        }
        const { title, details } = titleAndDetails(card.text);
        if (title === '') return invalid(`Card ${index + 1} has no text.`);
        topics.push({
          ...common,
          id: importedTopicId('thirty-five', result.gameId, card.cardId),
          title,
          details,
          score: thirtyFiveScore(card.normalised, pointsPerPair, rounds),
          sources: [
            {
              kind: 'thirty-five',
              gameId: result.gameId,
              cardId: card.cardId,
              normalised: card.normalised,
              maxScore,
              rank: index + 1,
            },
          ],
        });
      }
      return ok(topics);
    }
    case 'lean-coffee': {
      const { voters, maxDotsPerTopic, allTopicIds, ballots } = result;
      if (!(isWholeNonNegative(voters) && voters > 0)) {
        return invalid('There must be at least one voter.');
      }
      if (!(isWholeNonNegative(maxDotsPerTopic) && maxDotsPerTopic > 0)) {
        return invalid('Dots per topic must be a positive whole number.');
      }
      const field = new Set(allTopicIds);
      if (field.size !== allTopicIds.length || !allTopicIds.every(isExternalId)) {
        return invalid("The meeting's topic ids are missing, invalid or repeated.");
      }
      for (const [index, ballot] of ballots.entries()) {
        const fits = Object.entries(ballot).every(
          ([id, dots]) => field.has(id) && isWholeNonNegative(dots),
        );
        if (!fits) return invalid(`Ballot ${index + 1} has dots on an unknown topic or not whole.`);
      }
      const maxVotes = voters * maxDotsPerTopic;
      for (const [index, topic] of result.topics.entries()) {
        if (!isExternalId(topic.topicId) || seen.has(topic.topicId) || !field.has(topic.topicId)) {
          return invalid(`Topic ${index + 1} has a missing, invalid, repeated or unknown id.`);
        }
        seen.add(topic.topicId);
        if (!isWholeNonNegative(topic.votes) || topic.votes > maxVotes) {
          return invalid(`Topic ${index + 1} has votes outside 0–${maxVotes}.`);
        }
      }
      const records = leanCoffeeHeadToHead(allTopicIds, ballots);
      const scored = result.topics.map((topic) => {
        const record = records.get(topic.topicId) ?? { won: 0, comparisons: 0 };
        return { topic, record, score: leanCoffeeScore(record.won, record.comparisons) };
      });
      scored.sort((a, b) => b.score - a.score || compareLeanCoffeeTopics(a.topic, b.topic));
      for (const { topic, record, score } of scored) {
        const { title, details } = titleAndDetails(topic.title, topic.details);
        if (title === '') return invalid(`Topic "${topic.topicId}" has no title.`);
        topics.push({
          ...common,
          id: importedTopicId('lean-coffee', result.gameId, topic.topicId),
          title,
          details,
          score,
          sources: [
            {
              kind: 'lean-coffee',
              gameId: result.gameId,
              topicId: topic.topicId,
              votes: topic.votes,
              maxVotes,
              won: record.won,
              comparisons: record.comparisons,
            },
          ],
        });
      }
      return ok(topics);
    }
    default:
      return assertNever(result);
  }
}
