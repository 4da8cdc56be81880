import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Envelope encryption of account tokens (docs/security.md, "Account tokens"): each token is
 * encrypted here with AES-256-GCM under a fresh data key, and only the data key is encrypted by
 * the key wrapper (KMS in AWS: a key of the stack's own; locally a key from the runtime's config).
 * The account id is the GCM additional data and part of the wrapper's encryption context, so a
 * sealed token copied to another account's item does not open.
 */
export interface KeyWrapper {
  /** A new 32-byte data key, in the clear and wrapped, bound to `context`. */
  generateDataKey(context: Record<string, string>): Promise<{ plaintext: Buffer; wrapped: Buffer }>;
  /** The data key inside `wrapped`; fails unless `context` is the one it was generated with. */
  unwrap(wrapped: Buffer, context: Record<string, string>): Promise<Buffer>;
}

export class TokenSealingError extends Error {
  override readonly name = 'TokenSealingError';
}

/** What the token item stores: the format version, then base64url wrapped key, IV, tag and ciphertext. */
const FORMAT = 'v1';
/**
 * How long an unwrapped data key is kept in memory: repeated reads of one token skip KMS. Every
 * account's token is opened by each poll and fetch, so the cache holds every account of a large
 * deployment (a key and its name are about 300 bytes: 20,000 entries about 6 MB); with fewer
 * entries than accounts each open would call KMS ($0.03 per 10,000, docs/performance.md).
 */
export const DATA_KEY_CACHE_MS = 30 * 60_000;
export const DATA_KEY_CACHE_ENTRIES = 20_000;

/** The encryption context's `purpose`: the IAM grants on the token key require it. */
export const TOKEN_KEY_PURPOSE = 'merge-account-token';
export const tokenContext = (accountId: string) => ({ purpose: TOKEN_KEY_PURPOSE, account: accountId });

export class TokenSealer {
  private readonly dataKeys = new Map<string, { key: Buffer; until: number }>();

  constructor(
    private readonly wrapper: KeyWrapper,
    private readonly now: () => number = Date.now,
  ) {}

  async seal(accountId: string, token: string): Promise<string> {
    const { plaintext, wrapped } = await this.wrapper.generateDataKey(tokenContext(accountId));
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', plaintext, iv).setAAD(Buffer.from(accountId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
    const parts = [wrapped, iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url'));
    plaintext.fill(0);
    return [FORMAT, ...parts].join('.');
  }

  async open(accountId: string, sealed: string): Promise<string> {
    const [format, ...parts] = sealed.split('.');
    if (format !== FORMAT || parts.length !== 4) throw new TokenSealingError('not a sealed token we know');
    const [wrapped, iv, tag, ciphertext] = parts.map((p) => Buffer.from(p, 'base64url')) as [
      Buffer,
      Buffer,
      Buffer,
      Buffer,
    ];
    const key = await this.dataKey(accountId, parts[0]!, wrapped);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(accountId, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      // Never the key or the text: only that this sealed token does not belong here.
      throw new TokenSealingError(`the sealed token of account ${accountId} does not open`);
    }
  }

  private async dataKey(accountId: string, wrappedText: string, wrapped: Buffer): Promise<Buffer> {
    const cacheKey = `${accountId}\u0000${wrappedText}`;
    const cached = this.dataKeys.get(cacheKey);
    if (cached && cached.until > this.now()) return cached.key;
    const key = await this.wrapper.unwrap(wrapped, tokenContext(accountId));
    if (this.dataKeys.size >= DATA_KEY_CACHE_ENTRIES)
      this.dataKeys.delete(this.dataKeys.keys().next().value!);
    this.dataKeys.set(cacheKey, { key, until: this.now() + DATA_KEY_CACHE_MS });
    return key;
  }
}

/** For functions given no token key (the read API): any attempt to seal or open a token fails. */
export const refusingKeyWrapper: KeyWrapper = {
  generateDataKey: () => Promise.reject(noKey()),
  unwrap: () => Promise.reject(noKey()),
};
const noKey = () =>
  new TokenSealingError(
    'no account-token key is configured here (TOKEN_KMS_KEY_ID, or TOKEN_LOCAL_KEY locally)',
  );
