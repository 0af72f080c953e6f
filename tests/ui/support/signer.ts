/**
 * The backend's notice signing as tests play it (src/services/notice-signing.ts signs the same
 * message, `noticeMessage`, with Ed25519): a fresh key pair, its public key as views hand it out,
 * and signatures as notices carry them.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { noticeMessage, type SignableNotice } from '../../../src/contract/notice-signature';

export interface TestSigner {
  /** The public key, base64url, as `view.noticeKey.key` carries it. */
  readonly key: string;
  /** The signature of `notice` for `board`, base64url, as `notice.sig` carries it. */
  sign(board: string, notice: SignableNotice): string;
}

export function testSigner(): TestSigner {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    key: String(privateKey.export({ format: 'jwk' }).x),
    sign: (board, notice) =>
      sign(null, Buffer.from(noticeMessage(board, notice)), privateKey).toString('base64url'),
  };
}
