/** The session-notes renderer's public surface (DESIGN §1.4). */
export * from './model';
export { TITLE_LIMIT, notesTitle, renderNotesPage, renderNotesParentPage } from './render';
