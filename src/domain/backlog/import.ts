/**
 * Mapping a game's result onto the one backlog score scale.
 *
 * Backlog score = the share, in percent (0–100, two decimals), of the most support the game let a
 * single topic receive:
 * - Thirty Five: normalised score / (points per pair × rounds) × 100. A card that won every split
 *   7–0 in all 5 rounds scores 100; one that got 3.5 on average scores 50.
 * - Lean Coffee: votes / (voters × M) × 100, where M is the most dots one person may put on one
 *   topic. A topic on which every voter spent the maximum scores 100.
 * Both measure "how strongly the group preferred this topic, out of the maximum the format allows",
 * independent of group size, so topics from a 6-person and a 30-person session compare fairly.
 * (Share of *all* dots was rejected: it shrinks with the number of topics proposed, and it has no
 * Thirty Five counterpart.)
 */
import { assertNever, err, ok, type Result } from '../result';
import { truncateGraphemes } from '../text';
import type {
  AccountId,
  BacklogErrorCode,
  GameImport,
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
 * Backlog score of an undiscussed Lean Coffee topic: `votes / (voters × maxDotsPerTopic) × 100`, two
 * decimals. The caller guarantees `0 ≤ votes ≤ voters × maxDotsPerTopic` and a positive maximum.
 */
export function leanCoffeeScore(votes: number, voters: number, maxDotsPerTopic: number): number {
  return roundPercent(votes, voters * maxDotsPerTopic);
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
 * Lean Coffee tie rule: more votes first, then the earlier proposal, then the topic id. Thirty Five
 * cards keep the game's own ranking order (its tie-breaks: normalised, raw, full-7 splits, earliest).
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
 * Turns a game result into backlog topics in import order (best first), each with its derived id,
 * backlog score and source; validates the result (ids, maxima, scores within range, no duplicate
 * items, non-empty titles) and refuses the whole import with `INVALID_IMPORT` if anything is off.
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
      const { voters, maxDotsPerTopic } = result;
      if (!(isWholeNonNegative(voters) && voters > 0)) {
        return invalid('There must be at least one voter.');
      }
      if (!(isWholeNonNegative(maxDotsPerTopic) && maxDotsPerTopic > 0)) {
        return invalid('Dots per topic must be a positive whole number.');
      }
      const maxVotes = voters * maxDotsPerTopic;
      for (const [index, topic] of result.topics.entries()) {
        if (!isExternalId(topic.topicId) || seen.has(topic.topicId)) {
          return invalid(`Topic ${index + 1} has a missing, invalid or repeated id.`);
        }
        seen.add(topic.topicId);
        if (!isWholeNonNegative(topic.votes) || topic.votes > maxVotes) {
          return invalid(`Topic ${index + 1} has votes outside 0–${maxVotes}.`);
        }
      }
      for (const topic of [...result.topics].sort(compareLeanCoffeeTopics)) {
        const { title, details } = titleAndDetails(topic.title, topic.details);
        if (title === '') return invalid(`Topic "${topic.topicId}" has no title.`);
        topics.push({
          ...common,
          id: importedTopicId('lean-coffee', result.gameId, topic.topicId),
          title,
          details,
          score: leanCoffeeScore(topic.votes, voters, maxDotsPerTopic),
          sources: [
            {
              kind: 'lean-coffee',
              gameId: result.gameId,
              topicId: topic.topicId,
              votes: topic.votes,
              maxVotes,
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
