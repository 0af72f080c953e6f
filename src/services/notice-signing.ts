/**
 * Signed notices (issue 13). Anyone who can see a page can publish on its macro's channel
 * (`@forge/bridge` `realtime.publish`), so a notice proves nothing by arriving. A notice whose
 * change carries text (a takeaway, an action item, a topic) is therefore signed by the backend
 * with the installation's Ed25519 key, and a screen applies that text only when the signature
 * checks out against the public key its own state read handed it (`static/src/notice-trust.ts`).
 * The private key never leaves storage and this module; a viewer holds only the public key, so a
 * forged notice cannot carry text onto anyone's screen: it fails the check and the screen reads.
 *
 * What is signed is `noticeMessage(board, notice)`: the board (page and macro instance), so a
 * notice replayed on another board's channel — a copied page keeps the macro's channel name —
 * fails; the version and the screens'
 * own rules (a participant's notice keeps the version it was written against) make a replay on
 * the same board at worst a change the screen already shows.
 *
 * The key pair is drawn once per installation and stored under `keys.noticeKey()` with the
 * documented `keyPolicy: 'FAIL_IF_EXISTS'`: two instances drawing at once keep the first one
 * stored (the loser reads it back). An instance keeps the pair in memory for `KEY_KEEP_MS`, keyed
 * by installation (`getAppContext`), so signing costs no storage request on the hot path.
 */
import {
  createHmac,
  createPrivateKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from 'node:crypto';
import { kvs } from '@forge/kvs';
import { noticeMessage, type NoticeKey, type SignableNotice } from '../contract/notice-signature';
import { isConditionFailure } from '../storage/conditions';
import { keys } from '../storage/keys';
import { installation } from './users';

/** How long an instance keeps the installation's key pair before reading it again. */
export const KEY_KEEP_MS = 10 * 60_000;

/** The stored pair: an Ed25519 private key as a JWK (`x` is the public key, base64url). */
interface StoredKey {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly x: string;
  readonly d: string;
}

interface Kept {
  readonly publicKey: string;
  readonly privateKey: KeyObject;
  /** The private key's seed: what `derivedKey` derives from (never handed out). */
  readonly seed: Buffer;
  readonly at: number;
}

const kept = new Map<string, Kept>();
/** One read (or draw) at a time per installation and instance. */
const loading = new Map<string, Promise<Kept>>();

const isStoredKey = (v: unknown): v is StoredKey =>
  typeof v === 'object' &&
  v !== null &&
  (v as StoredKey).kty === 'OKP' &&
  (v as StoredKey).crv === 'Ed25519' &&
  typeof (v as StoredKey).x === 'string' &&
  typeof (v as StoredKey).d === 'string';

function keptOf(stored: StoredKey): Kept {
  return {
    publicKey: stored.x,
    privateKey: createPrivateKey({ key: { ...stored }, format: 'jwk' }),
    seed: Buffer.from(stored.d, 'base64url'),
    at: Date.now(),
  };
}

/** The installation's stored pair, drawn and stored first when there is none. */
async function readOrDraw(): Promise<Kept> {
  const stored = await kvs.get<StoredKey>(keys.noticeKey());
  if (isStoredKey(stored)) return keptOf(stored);
  const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  const drawn: StoredKey = { kty: 'OKP', crv: 'Ed25519', x: String(jwk.x), d: String(jwk.d) };
  try {
    await kvs.set(keys.noticeKey(), drawn, { keyPolicy: 'FAIL_IF_EXISTS' });
    return keptOf(drawn);
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const winner = await kvs.get<StoredKey>(keys.noticeKey());
    if (!isStoredKey(winner)) throw error;
    return keptOf(winner);
  }
}

async function keyPair(): Promise<Kept> {
  const install = installation();
  const held = kept.get(install);
  if (held !== undefined && Date.now() - held.at < KEY_KEEP_MS) return held;
  let pending = loading.get(install);
  if (pending === undefined) {
    pending = readOrDraw().finally(() => loading.delete(install));
    loading.set(install, pending);
  }
  const fresh = await pending;
  if (kept.size > 1000) kept.clear();
  kept.set(install, fresh);
  return fresh;
}

/**
 * What a view of `board` hands its screen to check signed notices with (the public key: base64url
 * of its 32 bytes), or null when storage could not give one (then every notice counts as unsigned
 * on that screen: it reads).
 */
export async function noticeKey(board: string): Promise<NoticeKey | null> {
  try {
    return { key: (await keyPair()).publicKey, board };
  } catch (error) {
    console.warn('Notice key not available: screens will read instead of applying text', error);
    return null;
  }
}

/** The notice's signature for `board` (base64url of 64 bytes), or undefined when unavailable. */
export async function signNotice(
  board: string,
  notice: SignableNotice,
): Promise<string | undefined> {
  try {
    const { privateKey } = await keyPair();
    return sign(null, Buffer.from(noticeMessage(board, notice), 'utf8'), privateKey).toString(
      'base64url',
    );
  } catch (error) {
    console.warn('Notice not signed: screens will read instead of applying it', error);
    return undefined;
  }
}

/**
 * A 32-byte key for `purpose` (a string naming what it is for and whose), derived from the
 * installation's private key with HMAC-SHA256, so it needs no storage of its own and no one
 * without the private key can compute it; undefined when storage could not give the key pair.
 * Used for sealed notes (`note-sealing.ts`).
 */
export async function derivedKey(purpose: string): Promise<Buffer | undefined> {
  try {
    const { seed } = await keyPair();
    return createHmac('sha256', seed).update(`cop-kit derived key 1\n${purpose}`, 'utf8').digest();
  } catch (error) {
    console.warn('Derived key not available: screens will read instead', error);
    return undefined;
  }
}
