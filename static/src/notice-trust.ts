/**
 * Whether a notice comes from the app's backend (issue 13): its Ed25519 signature
 * (`src/services/notice-signing.ts`) checked against the public key and board the screen's own
 * state read handed it (`view.noticeKey`). A view's notice rule applies text a notice carries only
 * when this says yes; anything else — no signature, another board's, a forged or altered one, no
 * key yet — reads, as an unsigned notice always did.
 *
 * `@noble/curves` checks in plain JavaScript (about 2 ms), synchronously, so the live feed's rules
 * stay synchronous. Answers are remembered (a few hundred), so screens sharing one process — the
 * node tests and the benchmark's simulated screens — check each notice once.
 */
import { ed25519 } from '@noble/curves/ed25519';
import {
  NOTICE_PUBLIC_KEY,
  NOTICE_SIGNATURE,
  noticeMessage,
  type NoticeKey,
} from '../../src/contract/notice-signature';
import type { Notice } from './live-feed';

const REMEMBERED = 512;
const remembered = new Map<string, boolean>();

/** The bytes of a base64url string (what keys, signatures and sealed notes travel as). */
export function bytesOf(base64url: string): Uint8Array {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function check(message: string, sig: string, key: string): boolean {
  try {
    return ed25519.verify(bytesOf(sig), new TextEncoder().encode(message), bytesOf(key));
  } catch {
    return false;
  }
}

/** True when `notice` carries a valid signature of the backend for the board of `key`. */
export function signedBy(notice: Notice, key: NoticeKey | null | undefined): boolean {
  const { sig } = notice;
  if (key === null || key === undefined || sig === undefined) return false;
  if (!NOTICE_SIGNATURE.test(sig) || !NOTICE_PUBLIC_KEY.test(key.key)) return false;
  const message = noticeMessage(key.board, notice);
  const id = `${key.key}\n${sig}\n${message}`;
  const known = remembered.get(id);
  if (known !== undefined) return known;
  const ok = check(message, sig, key.key);
  if (remembered.size >= REMEMBERED) remembered.delete(remembered.keys().next().value as string);
  remembered.set(id, ok);
  return ok;
}
