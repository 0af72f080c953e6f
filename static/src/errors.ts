/**
 * A plain-language sentence for every error code a resolver may answer. Keyed by the `ErrorCode`
 * union, so a code added to the contract without a sentence here fails the type check.
 */
import type { ErrorCode } from '../../src/contract/errors';
import type { ApiError } from '../../src/contract/result';

export const ERROR_MESSAGES: Readonly<Record<ErrorCode, string>> = {
  INVALID_PAYLOAD:
    'The app sent something the server could not read. Reload the page and try again.',
  NOT_AUTHENTICATED: 'You need to be logged in to Confluence to take part.',
  NOT_IN_MACRO: 'This only works inside its macro on a Confluence page.',
  NOT_VISIBLE:
    'Confluence says you cannot see this page or space, so its games and backlog are not open to you.',
  WRONG_PLACE: 'This request does not match the page it came from. Reload the page and try again.',
  NOT_FOUND: 'That no longer exists. The page may be out of date: reload it.',
  NOT_FACILITATOR: 'Only the facilitator (or a space admin) can do this.',
  NOT_CURATOR: 'Only a curator or a space admin can do this.',
  NOT_SPACE_ADMIN: 'Only a space admin can do this.',
  NO_CREATE_PERMISSION:
    'Joining the rotation needs permission to create pages in this space; ask a space admin for it.',
  BACKLOG_FULL:
    'The backlog is full (1,000 topics). A curator archives or merges some to make room.',
  TOO_MANY_TOPICS:
    'You already have 100 topics in this backlog. Once some are discussed and archived you can add more.',
  NOT_MERGED: 'This topic was archived, not merged: restore it instead.',
  MERGED_TOPIC: 'This topic was merged into another: unmerge it instead.',
  ROTATION_FULL: 'The rotation is full (50 people).',
  CURATORS_FULL: 'The community already has 20 curators, its maximum.',
  CONFLICT:
    'Someone changed this at the same time. The screen has been refreshed: check and try again.',
  PERMISSION_DENIED:
    'You do not have permission for this in Confluence (for example, to create pages in this space).',
  NOT_ALLOWED:
    'Starting a game here needs permission to edit this page. Ask someone who can edit it to start it.',
  CAP_REACHED:
    'This board has reached its limit for that. Remove or merge something first, or keep it for the next session.',
  RATE_LIMITED: 'Too many requests at once. Wait a few seconds and try again.',
  NOTES_FAILED: 'The notes page could not be created. Try again; it will not create a second page.',
  UNEXPECTED:
    'Something went wrong on our side. Try again; if it keeps happening, reload the page.',
  WRONG_PHASE:
    'That step is not possible right now: the game has moved on. The screen has been refreshed.',
  NOT_A_PARTICIPANT: 'You are not playing in this game: you can watch.',
  NOT_IN_PAIR: 'You are not in a pair this round.',
  INVALID_SPLIT: 'A split must share all the points between the two cards, in whole numbers.',
  SPLIT_LOCKED: 'This pair has already agreed its split.',
  NO_PROPOSAL: 'There is no proposal to confirm yet: one of you proposes first.',
  PROPOSAL_CHANGED: 'Your partner changed their proposal. Look at it again before confirming.',
  TOO_FEW_PARTICIPANTS: 'At least two people with a card are needed.',
  CARD_TOO_LONG: 'A card is at most 200 characters.',
  CARD_EMPTY: 'Write something on your card first.',
  INVALID_ROUNDS: 'Choose between 1 and 10 rounds.',
  INVALID_POINTS: 'Choose between 1 and 20 points per pair.',
  UNKNOWN_PARTICIPANT: 'That person is not in this game.',
  INVALID_TALLY:
    'Those numbers do not add up: each round, the two cards of a pair share all the points.',
  NO_MORE_ROUNDS: 'That was the last round: show the results.',
  GAME_FULL: 'This game is full.',
  ALREADY_PLAYING: 'You are already playing in this game.',
  NOT_AUTHOR: 'Only the person who wrote it (or the facilitator) can change it.',
  INVALID_SETTINGS: 'One of the settings is out of range.',
  INVALID_ID: 'That item is not valid. Reload the page.',
  DUPLICATE_ID: 'That item already exists. Reload the page.',
  TITLE_EMPTY: 'Give it a title.',
  TITLE_TOO_LONG: 'The title is at most 120 characters.',
  DETAILS_TOO_LONG: 'The details are at most 500 characters.',
  INVALID_MINUTES: 'Ask for 1 to 30 minutes.',
  UNKNOWN_TOPIC: 'That topic no longer exists. The screen has been refreshed.',
  SAME_TOPIC: 'Pick two different topics.',
  NO_TOPICS: 'There are no topics yet.',
  INVALID_DOTS: 'Dots are whole numbers, zero or more.',
  TOO_MANY_DOTS: 'You have no dots left: take one off another topic first.',
  TOO_MANY_ON_TOPIC: 'That topic already has as many of your dots as allowed.',
  INVALID_ORDER: 'That order does not list every topic once.',
  ALREADY_DISCUSSED: 'That topic has already been discussed.',
  TOPIC_IN_PROGRESS: 'A topic is being discussed: finish it first.',
  NOT_DISCUSSING: 'No topic is being discussed right now.',
  TIMEBOX_RUNNING: 'The timebox is still running: wait for it to end, or close it as facilitator.',
  VOTE_CLOSED: 'That vote is closed.',
  TAKEAWAY_EMPTY: 'Write the takeaway first.',
  TAKEAWAY_TOO_LONG: 'A takeaway is at most 500 characters.',
  UNKNOWN_TAKEAWAY: 'That takeaway no longer exists.',
  ACTION_EMPTY: 'Write the action item first.',
  ACTION_TOO_LONG: 'An action item is at most 300 characters.',
  INVALID_OWNER: 'That owner is not someone in this meeting.',
  UNKNOWN_ACTION: 'That action item no longer exists.',
  TOPIC_EXISTS: 'That topic is already in the backlog.',
  INVALID_TOPIC_ID: 'That topic is not valid. Reload the page.',
  INVALID_SCORE: 'That score is not valid.',
  INVALID_TRANSITION:
    'A topic in this status cannot do that (for example, plan a discussed topic).',
  INVALID_DATE: 'Pick a valid date.',
  LEAD_TAKEN: 'Someone already volunteered to lead this topic.',
  NOT_LEAD: 'Only the volunteer can withdraw.',
  TOPIC_CLOSED: 'That topic is discussed or archived.',
  CANNOT_MERGE_SELF: 'Pick two different topics to merge.',
  CANNOT_MOVE_AFTER_SELF: 'A topic cannot move after itself.',
  RANK_COLLISION: 'Two moves crossed. The backlog has been refreshed: try again.',
  INVALID_LINK: 'That notes link is not valid.',
  INVALID_IMPORT: 'The game result could not be imported.',
  INVALID_ANSWER: 'Answer "coming" or "not this time" (a reason goes with "not this time" only).',
  NOTE_TOO_LONG: 'That note is too long: keep it shorter.',
  NO_SESSION: 'There is no upcoming session on that date.',
  SESSION_OVER: 'That session is over; answer for an upcoming one.',
  INVITATIONS_FULL: 'The invitation list is full.',
  OPTED_OUT: 'They took themselves off the list; only they can join it again.',
  INVALID_ACCOUNT: 'That person could not be found. Pick them from the list.',
  INVALID_CADENCE: 'That calendar setting is not valid.',
  UNKNOWN_TIME_ZONE: 'That time zone is not known; pick one from the list.',
  INVALID_CALENDAR: 'The calendar file could not be made.',
  NO_SCHEDULE: "The community's calendar cannot be read; a curator should check the settings.",
  UNKNOWN_COMMAND: 'The app sent a command this session does not know. Reload the page.',
  NOT_JOINED: 'Join the session first (the Join button at the top).',
  ALREADY_JOINED: 'You are already on the attendance.',
  ATTENDANCE_FULL: 'This session already records 200 people.',
  NOT_IN_GROUP: 'Only the members of that breakout group can write its notes.',
  OUTLINE_TOO_LONG: 'The outline is at most 2,000 characters.',
  TOO_MANY_QUESTIONS: 'A session has at most 8 breakout questions.',
  QUESTION_TOO_LONG: 'A breakout question is at most 300 characters.',
  GUEST_NAME_EMPTY: "Type the guest speaker's name.",
  GUEST_NAME_TOO_LONG: "A guest speaker's name is at most 100 characters.",
  INVALID_AGENDA: 'That agenda does not work: each step once, 1–60 minutes, ending with takeaways.',
  INVALID_PROMPT: 'Pick a check-in question from the list or type one.',
  PROMPT_TOO_LONG: 'A check-in question is at most 200 characters.',
  INVALID_GROUPS: 'Choose 2–4 groups, or groups of 2–50 people.',
  GROUPS_FORMED: 'The groups are already formed: regroup during the breakouts instead.',
  NOTES_EXIST: 'The groups already have notes, so they cannot be re-formed.',
  TOPIC_REQUIRED: 'Choose the topic first.',
  NO_NEXT_STEP: 'This is the last step: end the session instead.',
  NO_PREVIOUS_STEP: 'This is the first step.',
  MEETING_TOO_LONG: 'The session cannot run longer than six hours.',
  CHECKIN_EMPTY: 'Write a few words, or pass.',
  CHECKIN_TOO_LONG: 'A check-in is at most 200 characters.',
  UNKNOWN_BOARD: 'There is no such group.',
  BOARD_CLOSED: 'These notes are closed at this step.',
  UNKNOWN_NOTE: 'That note no longer exists.',
  NOTE_EMPTY: 'Write the note first.',
  TOO_MANY_NOTES: 'You have started 20 notes here already: edit one instead.',
  INVALID_REVISION: 'That note changed meanwhile. The screen has been refreshed.',
  TOO_MANY_TAKEAWAYS: 'You can add at most 20 takeaways.',
  TOO_MANY_ACTIONS: 'You can add at most 20 action items.',
  INVALID_DUE: 'Pick a valid due date.',
};

/** The sentence for an error; the server's own message is kept as the detail. */
export function describeError(error: ApiError): {
  readonly message: string;
  readonly detail: string;
} {
  const message = ERROR_MESSAGES[error.code] ?? ERROR_MESSAGES.UNEXPECTED;
  return { message, detail: error.message === message ? '' : error.message };
}
