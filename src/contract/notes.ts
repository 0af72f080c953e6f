/** Session-notes resolvers (`notes/*`), shared with the UI (types only). */

export const NOTES_RESOLVERS = {
  startSession: 'notes/startSession',
  status: 'notes/status',
  retry: 'notes/retry',
} as const;

/**
 * "Start a session" on a backlog topic: it becomes the space's next CoP Session topic; the answer
 * (`StartSessionAnswer`, `contract/deep-dive-start.ts`) says where the CoP Session macro is.
 */
export interface StartSessionPayload {
  readonly topicId: string;
}

export interface NotesJobPayload {
  readonly jobId: string;
}

export interface NotesPageView {
  readonly pageId: string;
  readonly url: string;
  readonly title: string;
}

export interface NotesStatusView {
  readonly status: 'none' | 'pending' | 'created' | 'failed';
  readonly page?: NotesPageView;
  readonly error?: { readonly code: string; readonly message: string };
}
