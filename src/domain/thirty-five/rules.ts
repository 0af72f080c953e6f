import { err, ok, type Result } from '../result';
import { stripIllegalXmlChars } from '../text';
import type { ThirtyFiveErrorCode } from './errors';

/** Rounds played when the facilitator does not choose: five, as in the original game. */
export const DEFAULT_ROUNDS = 5;
export const MIN_ROUNDS = 1;
export const MAX_ROUNDS = 10;
/** Points a pair splits between its two cards: seven, as in the original game (7 × 5 = 35). */
export const DEFAULT_POINTS = 7;
export const MIN_POINTS = 1;
export const MAX_POINTS = 20;
/** Longest card text, in characters, after trimming. */
export const CARD_MAX_LENGTH = 200;
/** A game needs at least two people so that a derangement exists. */
export const MIN_PARTICIPANTS = 2;
export const MAX_PARTICIPANTS = 200;
/**
 * Late arrivals waiting to be admitted that a game keeps (the earliest asks count; a later one is
 * stored under its writer's key but not listed until others were admitted), and late arrivals a
 * game admits in all: each admission stores a re-plan of the remaining rounds in the game's row.
 */
export const MAX_JOIN_ASKS = 50;
export const MAX_LATE_ARRIVALS = 10;
/** The longest optional round timer, in minutes (0: no timer). */
export const MAX_ROUND_MINUTES = 30;

/**
 * The shape of a card id: 16 lowercase hex digits (64 random bits drawn at the deal), or `c1` …
 * `c999` (cards typed in from paper, and games dealt before ids were drawn).
 */
export const CARD_ID_PATTERN = /^(?:[0-9a-f]{16}|c[0-9]{1,3})$/;

/** Rounds R must be a whole number from 1 to 10. */
export function validateRounds(rounds: number): Result<number, ThirtyFiveErrorCode> {
  return Number.isInteger(rounds) && rounds >= MIN_ROUNDS && rounds <= MAX_ROUNDS
    ? ok(rounds)
    : err('INVALID_ROUNDS', `Rounds must be a whole number from ${MIN_ROUNDS} to ${MAX_ROUNDS}.`);
}

/** Points P per pair must be a whole number from 1 to 20. */
export function validatePoints(points: number): Result<number, ThirtyFiveErrorCode> {
  return Number.isInteger(points) && points >= MIN_POINTS && points <= MAX_POINTS
    ? ok(points)
    : err('INVALID_POINTS', `Points must be a whole number from ${MIN_POINTS} to ${MAX_POINTS}.`);
}

/**
 * A card's text loses the characters XML forbids (C0 controls, lone surrogates: they never reach a
 * page, and they are what would make a stored character cost 6 bytes instead of at most 4, so 200
 * maximum-size cards fit the dealt row), is trimmed, and must then hold 1 to 200 characters
 * (counted as Unicode code points, so an emoji counts once).
 */
export function validateCardText(text: string): Result<string, ThirtyFiveErrorCode> {
  const trimmed = stripIllegalXmlChars(text).trim();
  const length = [...trimmed].length;
  if (length === 0) {
    return err('CARD_EMPTY', 'A card needs some text.');
  }
  if (length > CARD_MAX_LENGTH) {
    return err('CARD_TOO_LONG', `A card holds at most ${CARD_MAX_LENGTH} characters.`);
  }
  return ok(trimmed);
}
