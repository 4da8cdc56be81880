import type { DecryptCommand } from '@aws-sdk/client-kms';
import { GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { randomBytes } from 'node:crypto';
import { KmsKeyWrapper } from '../../../shared/store/tokens/kms-key-wrapper';
import { LocalKeyWrapper } from '../../../shared/store/tokens/local-key-wrapper';
import {
  DATA_KEY_CACHE_ENTRIES,
  DATA_KEY_CACHE_MS,
  refusingKeyWrapper,
  TokenSealer,
  TokenSealingError,
  type KeyWrapper,
} from '../../../shared/store/tokens/token-sealer';

const TOKEN = 'T9klMDQrcHdm9jrtHuOS2Nf06BIHwMNjpPXPMB';

/** Counts unwraps, so the data-key cache shows. */
function counting(inner: KeyWrapper) {
  const calls = { generate: 0, unwrap: 0 };
  const wrapper: KeyWrapper = {
    generateDataKey: (c) => (calls.generate++, inner.generateDataKey(c)),
    unwrap: (w, c) => (calls.unwrap++, inner.unwrap(w, c)),
  };
  return { wrapper, calls };
}

describe('account tokens sealed before they are stored (envelope encryption)', () => {
  it('opens what it sealed; the sealed text holds neither the token nor its bytes in base64', async () => {
    const sealer = new TokenSealer(new LocalKeyWrapper(LocalKeyWrapper.newKey()));
    const sealed = await sealer.seal('acct-1', TOKEN);
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain(TOKEN);
    expect(sealed).not.toContain(Buffer.from(TOKEN).toString('base64url').slice(0, 12));
    expect(await sealer.open('acct-1', sealed)).toBe(TOKEN);
    // A fresh data key and IV each time: the same token never seals to the same text.
    expect(await sealer.seal('acct-1', TOKEN)).not.toBe(sealed);
  });

  it("a sealed token copied to another account's item does not open, and the error names no secret", async () => {
    const sealer = new TokenSealer(new LocalKeyWrapper(LocalKeyWrapper.newKey()));
    const sealed = await sealer.seal('acct-1', TOKEN);
    const error = await sealer.open('acct-2', sealed).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenSealingError);
    expect(String((error as Error).message)).not.toContain(TOKEN);
  });

  it('does not open under another key, nor a tampered or foreign text', async () => {
    const sealed = await new TokenSealer(new LocalKeyWrapper(LocalKeyWrapper.newKey())).seal('a', TOKEN);
    const other = new TokenSealer(new LocalKeyWrapper(LocalKeyWrapper.newKey()));
    await expect(other.open('a', sealed)).rejects.toBeInstanceOf(TokenSealingError);
    const mine = new TokenSealer(new LocalKeyWrapper(LocalKeyWrapper.newKey()));
    const parts = (await mine.seal('a', TOKEN)).split('.');
    const flipped = Buffer.from(parts[4]!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    parts[4] = flipped.toString('base64url');
    await expect(mine.open('a', parts.join('.'))).rejects.toBeInstanceOf(TokenSealingError);
    await expect(mine.open('a', TOKEN)).rejects.toBeInstanceOf(TokenSealingError);
  });

  it('keeps an unwrapped data key for a while: reading one token again does not call KMS again', async () => {
    let now = 0;
    const { wrapper, calls } = counting(new LocalKeyWrapper(LocalKeyWrapper.newKey()));
    const sealer = new TokenSealer(wrapper, () => now);
    const sealed = await sealer.seal('a', TOKEN);
    for (let i = 0; i < 5; i++) expect(await sealer.open('a', sealed)).toBe(TOKEN);
    expect(calls.unwrap).toBe(1);
    now += DATA_KEY_CACHE_MS - 1;
    await sealer.open('a', sealed);
    expect(calls.unwrap).toBe(1);
    now += 2;
    await sealer.open('a', sealed);
    expect(calls.unwrap).toBe(2);
  });

  it('keeps every account of a large deployment: 5,000 accounts opened in turn call KMS once each', async () => {
    const { wrapper, calls } = counting(new LocalKeyWrapper(LocalKeyWrapper.newKey()));
    const sealer = new TokenSealer(wrapper, () => 0);
    const accounts = Array.from({ length: 5_000 }, (_, i) => `acct-${i}`);
    const sealed = await Promise.all(accounts.map((a) => sealer.seal(a, TOKEN)));
    // Two rounds, as a poll and then a fetch of every account would open them.
    for (let round = 0; round < 2; round++)
      for (const [i, a] of accounts.entries()) await sealer.open(a, sealed[i]!);
    expect(calls.unwrap).toBe(accounts.length);
    expect(DATA_KEY_CACHE_ENTRIES).toBeGreaterThanOrEqual(10_000);
  });

  it('a function without a token key (the read API) can neither seal nor open', async () => {
    const sealer = new TokenSealer(refusingKeyWrapper);
    await expect(sealer.seal('a', TOKEN)).rejects.toThrow(/TOKEN_KMS_KEY_ID/);
    await expect(sealer.open('a', 'v1.a.b.c.d')).rejects.toBeInstanceOf(TokenSealingError);
  });

  it('in AWS, asks KMS for an AES-256 data key and to decrypt it, with the account in the encryption context', async () => {
    const dataKey = randomBytes(32);
    const sent: { name: string; input: Record<string, unknown> }[] = [];
    const kms = {
      send: (command: GenerateDataKeyCommand | DecryptCommand) => {
        sent.push({ name: command.constructor.name, input: command.input as Record<string, unknown> });
        return Promise.resolve(
          command instanceof GenerateDataKeyCommand
            ? { Plaintext: new Uint8Array(dataKey), CiphertextBlob: new Uint8Array([1, 2, 3]) }
            : { Plaintext: new Uint8Array(dataKey) },
        );
      },
    } as unknown as KMSClient;
    const sealer = new TokenSealer(new KmsKeyWrapper(kms, 'arn:aws:kms:eu-central-1:1:key/k'));
    expect(await sealer.open('acct-9', await sealer.seal('acct-9', TOKEN))).toBe(TOKEN);
    const context = { purpose: 'merge-account-token', account: 'acct-9' };
    expect(sent).toEqual([
      {
        name: 'GenerateDataKeyCommand',
        input: { KeyId: 'arn:aws:kms:eu-central-1:1:key/k', KeySpec: 'AES_256', EncryptionContext: context },
      },
      {
        name: 'DecryptCommand',
        input: {
          KeyId: 'arn:aws:kms:eu-central-1:1:key/k',
          CiphertextBlob: Buffer.from([1, 2, 3]),
          EncryptionContext: context,
        },
      },
    ]);
  });
});
