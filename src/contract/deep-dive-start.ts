/**
 * The backlog's way into a deep dive (issue 12), shared with the UI (types only):
 * - `notes/startSession` ("Start a session" on a backlog topic) chooses the topic of the space's
 *   next CoP Session and says where the CoP Session macro is;
 * - `backlog/prepareTopic` lets the topic's volunteer lead (or a curator or space admin) write the
 *   outline and breakout questions before the day; `backlog/topicPrep` reads them back. The CoP
 *   Session set-up pre-fills them when that topic is chosen.
 */

/** "Start a session": the topic chosen, and where to run it. */
export interface StartSessionAnswer {
  readonly topicId: string;
  /** The topic's title, as the backlog holds it. */
  readonly title: string;
  /**
   * The page holding the space's CoP Session macro (the one used last), site-relative under
   * `/wiki`; `null` when no CoP Session macro has run in this space yet.
   */
  readonly macro: { readonly pageId: string; readonly url: string } | null;
  /** What to do next, in one or two sentences. */
  readonly message: string;
}

export interface PrepareTopicPayload {
  readonly topicId: string;
  /** Several lines, at most 2,000 characters (`OUTLINE_TOO_LONG`). */
  readonly outline: string;
  /** At most 8 (`TOO_MANY_QUESTIONS`), one line of at most 300 characters each; blanks dropped. */
  readonly questions: readonly string[];
}

/** A topic's preparation: what its lead will present, and the questions for the breakouts. */
export interface TopicPrepView {
  readonly topicId: string;
  readonly outline: string;
  readonly questions: readonly string[];
  /** Who wrote it last (an account id) and when (epoch ms). */
  readonly by: string;
  readonly at: number;
}
