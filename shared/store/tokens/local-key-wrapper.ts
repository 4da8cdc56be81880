import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { TokenSealingError, type KeyWrapper } from './token-sealer';

/** The local runtime's stand-in for KMS: data keys wrapped with AES-256-GCM under one local key. */
export class LocalKeyWrapper implements KeyWrapper {
  private readonly key: Buffer;

  /** `key`: 32 bytes, base64 (the local runtime keeps one per data directory). */
  constructor(key: string) {
    this.key = Buffer.from(key, 'base64');
    if (this.key.length !== 32) throw new TokenSealingError('the local token key must be 32 bytes, base64');
  }

  static newKey(): string {
    return randomBytes(32).toString('base64');
  }

  generateDataKey(context: Record<string, string>) {
    const plaintext = randomBytes(32);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(contextBytes(context));
    const sealed = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Promise.resolve({ plaintext, wrapped: Buffer.concat([iv, cipher.getAuthTag(), sealed]) });
  }

  unwrap(wrapped: Buffer, context: Record<string, string>) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, wrapped.subarray(0, 12));
      decipher.setAAD(contextBytes(context)).setAuthTag(wrapped.subarray(12, 28));
      return Promise.resolve(Buffer.concat([decipher.update(wrapped.subarray(28)), decipher.final()]));
    } catch {
      return Promise.reject(new TokenSealingError('the data key was not wrapped with this local key'));
    }
  }
}

const contextBytes = (context: Record<string, string>) =>
  Buffer.from(JSON.stringify(Object.entries(context).sort(([a], [b]) => a.localeCompare(b))), 'utf8');
