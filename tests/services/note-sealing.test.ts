/**
 * Sealed notes' box (src/services/note-sealing.ts seals, static/src/cop-session/open-sealed-note.ts
 * opens): what the backend seals opens on a screen with the same key and with no other; a note too
 * long to carry is left to reads; and a notice carrying the largest box stays within what screens
 * take (`MAX_NOTICE_CHARS`) — Forge documents no largest realtime payload (FIDELITY R13).
 */
import { randomBytes } from 'node:crypto';
import { SEALED_NOTE, type SealedNote } from '../../src/contract/sealed-note';
import { NOTE_MAX, type NoteView } from '../../src/domain/cop-session';
import { sealWith } from '../../src/services/note-sealing';
import { openSealedNote } from '../../static/src/cop-session/open-sealed-note';
import { MAX_NOTICE_CHARS, parseNotice } from '../../static/src/live-feed';

const ANN = '557058:aa11aa11-0000-4000-8000-000000000001';
const BEN = '557058:bb22bb22-0000-4000-8000-000000000002';

function note(text: string, conflicts: NoteView['conflicts'] = []): SealedNote {
  return {
    noteId: 'n-1',
    merged: { [ANN]: 3, [BEN]: 2 },
    note: {
      board: 2,
      noteId: 'n-1',
      createdBy: ANN,
      createdAt: 1_764_000_000_000,
      text,
      editedBy: BEN,
      editedAt: 1_764_000_060_000,
      conflicts,
      base: { [ANN]: 3, [BEN]: 2 },
      merged: { [ANN]: 3, [BEN]: 2 },
    },
  };
}

describe('sealed notes', () => {
  const key = randomBytes(32);
  const b64 = key.toString('base64url');

  it('given a note sealed with a board key, when a screen opens it, then the key opens it to the same note, and another key, another board or a cut box does not', () => {
    const sealed = sealWith(key, note('Pair <b>retros</b> across teams'));
    expect(sealed).toMatch(SEALED_NOTE);
    expect(sealed).not.toContain('retros');
    const box = sealed ?? '';
    expect(openSealedNote(b64, box, 2)).toEqual(note('Pair <b>retros</b> across teams'));
    expect(openSealedNote(randomBytes(32).toString('base64url'), box, 2)).toBeNull();
    expect(openSealedNote(b64, box, 1)).toBeNull(); // the box names board 2
    expect(openSealedNote(b64, box.slice(0, -2), 2)).toBeNull();
    expect(openSealedNote(undefined, box, 2)).toBeNull();
    expect(openSealedNote('short', box, 2)).toBeNull();
    // Two seals of one note differ (a fresh nonce each), and both open.
    const again = sealWith(key, note('Pair <b>retros</b> across teams')) ?? '';
    expect(again).not.toBe(box);
    expect(openSealedNote(b64, again, 2)).not.toBeNull();
  });

  it('given the longest note (1,000 four-byte characters), when sealed, then its notice stays within what screens take; with two concurrent edits as long, it is left to reads', () => {
    const longest = '😀'.repeat(NOTE_MAX);
    const sealed = sealWith(key, note(longest));
    expect(sealed).toMatch(SEALED_NOTE);
    const notice = {
      kind: 'editNote',
      version: 123_456,
      change: { t: 'note', board: 2, sealed },
      sig: 'a'.repeat(86),
    };
    expect(JSON.stringify(notice).length).toBeLessThanOrEqual(MAX_NOTICE_CHARS);
    expect(parseNotice(JSON.stringify(notice))).not.toBeNull();
    expect(openSealedNote(b64, sealed ?? '', 2)?.note?.text).toBe(longest);
    const edits = [ANN, BEN].map((editor, i) => ({ editor, text: longest, at: i }));
    expect(sealWith(key, note(longest, edits))).toBeUndefined();
  });

  it('given a notice longer than screens take, when heard, then it is dropped without a read', () => {
    const long = { kind: 'addNote', version: 1, change: { t: 'note', board: 1, sealed: 'x' } };
    const padded = JSON.stringify({ ...long, pad: 'x'.repeat(MAX_NOTICE_CHARS) });
    expect(parseNotice(padded)).toBeNull();
  });
});
