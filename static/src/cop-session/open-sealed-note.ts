/**
 * Opens a sealed note (`src/contract/sealed-note.ts`) with a board key the screen's own read
 * handed it: AES-256-GCM in plain JavaScript (`@noble/ciphers`), synchronously, so the live feed's
 * notice rules stay synchronous. An altered box, another board's key or a stale key (the group
 * changed since the read) does not open: the answer is null and the screen reads.
 */
import { gcm } from '@noble/ciphers/aes';
import {
  NOTE_KEY,
  NOTE_NONCE_BYTES,
  SEALED_NOTE,
  type SealedNote,
} from '../../../src/contract/sealed-note';
import { parseSealedNote } from '../../../src/contract/notices';
import { bytesOf } from '../notice-trust';

/** The note in `sealed` for `board`, or null when it does not open under `key` or is malformed. */
export function openSealedNote(
  key: string | undefined,
  sealed: string,
  board: number | 'plenary',
): SealedNote | null {
  if (key === undefined || !NOTE_KEY.test(key) || !SEALED_NOTE.test(sealed)) return null;
  try {
    const box = bytesOf(sealed);
    const nonce = box.subarray(0, NOTE_NONCE_BYTES);
    const plain = gcm(bytesOf(key), nonce).decrypt(box.subarray(NOTE_NONCE_BYTES));
    return parseSealedNote(JSON.parse(new TextDecoder().decode(plain)), board);
  } catch {
    return null;
  }
}
