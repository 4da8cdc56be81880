import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { TokenSealingError, type KeyWrapper } from './token-sealer';

/**
 * Data keys from the stack's token key (GenerateDataKey / Decrypt, with the token's encryption
 * context: the key policy and CloudTrail see which account's token each call was for).
 */
export class KmsKeyWrapper implements KeyWrapper {
  constructor(
    private readonly kms: KMSClient,
    private readonly keyId: string,
  ) {}

  async generateDataKey(context: Record<string, string>) {
    const out = await this.kms.send(
      new GenerateDataKeyCommand({ KeyId: this.keyId, KeySpec: 'AES_256', EncryptionContext: context }),
    );
    if (!out.Plaintext || !out.CiphertextBlob) throw new TokenSealingError('KMS returned no data key');
    return { plaintext: Buffer.from(out.Plaintext), wrapped: Buffer.from(out.CiphertextBlob) };
  }

  async unwrap(wrapped: Buffer, context: Record<string, string>) {
    const out = await this.kms.send(
      new DecryptCommand({ KeyId: this.keyId, CiphertextBlob: wrapped, EncryptionContext: context }),
    );
    if (!out.Plaintext) throw new TokenSealingError('KMS returned no data key');
    return Buffer.from(out.Plaintext);
  }
}
