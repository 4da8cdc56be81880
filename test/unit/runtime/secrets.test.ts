import type { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigurationError, env, readEnvironment } from '../../../shared/runtime/config/environment';
import { optionalSecretSource, REFRESH_INTERVAL_MS, secretSource } from '../../../shared/runtime/secrets';
import { FakeClock } from '../../helpers/fakes';

/** A Secrets Manager that answers GetSecretValue from `values` (in turn), counting the calls. */
function fakeSecretsManager(answers: (() => { SecretString?: string })[]) {
  const calls: string[] = [];
  let built = 0;
  const client = {
    send: async (command: GetSecretValueCommand) => {
      calls.push(command.input.SecretId as string);
      const answer = answers[Math.min(calls.length, answers.length) - 1];
      if (!answer) throw new Error('no answer scripted');
      return answer();
    },
  } as unknown as SecretsManagerClient;
  return {
    calls,
    built: () => built,
    factory: () => {
      built++;
      return client;
    },
  };
}

const notFound = () => {
  throw Object.assign(new Error('Secrets Manager cannot find the specified secret value'), {
    name: 'ResourceNotFoundException',
  });
};

describe('secrets: Secrets Manager in AWS (cached 5 min), the value itself locally', () => {
  it('a local value is returned as is, without any client', async () => {
    const sm = fakeSecretsManager([]);
    const read = secretSource({ value: 'local-key' }, 'MERGE_API_KEY', {
      clock: new FakeClock(),
      client: sm.factory,
    });
    await expect(read()).resolves.toBe('local-key');
    expect(sm.built()).toBe(0);
  });

  it('no secret configured: the first use fails naming both variables', async () => {
    const read = secretSource(undefined, 'MERGE_API_KEY', {
      clock: new FakeClock(),
      client: fakeSecretsManager([]).factory,
    });
    await expect(read()).rejects.toThrow(
      new ConfigurationError('neither MERGE_API_KEY_SECRET_ID nor MERGE_API_KEY is set'),
    );
  });

  it('read by id once, cached for five minutes, then read again (a rotated key is picked up)', async () => {
    const clock = new FakeClock();
    const sm = fakeSecretsManager([
      () => ({ SecretString: ' first \n' }),
      () => ({ SecretString: 'second' }),
    ]);
    const read = secretSource({ secretId: 'arn:key' }, 'MERGE_API_KEY', { clock, client: sm.factory });
    expect(sm.built()).toBe(0); // no client until the secret is needed
    await expect(read()).resolves.toBe('first');
    clock.advance(4 * 60_000);
    await expect(read()).resolves.toBe('first');
    expect(sm.calls).toEqual(['arn:key']);
    clock.advance(60_001);
    await expect(read()).resolves.toBe('second');
    expect(sm.calls).toEqual(['arn:key', 'arn:key']);
    expect(sm.built()).toBe(1);
  });

  it('a secret without a value says which secret and what to do, and is asked again next time', async () => {
    const sm = fakeSecretsManager([
      notFound,
      () => ({ SecretString: '  ' }),
      () => ({ SecretString: 'set' }),
    ]);
    const read = secretSource({ secretId: 'arn:empty' }, 'MERGE_API_KEY', {
      clock: new FakeClock(),
      client: sm.factory,
    });
    const message = /^secret arn:empty has no value yet; set it/;
    await expect(read()).rejects.toThrow(message);
    await expect(read()).rejects.toThrow(message);
    await expect(read()).resolves.toBe('set');
  });

  it('a malformed secret variable is named but its value never echoed', () => {
    const read = () =>
      readEnvironment(
        { MERGE_API_KEY: 'sk-live-123', LOG_LEVEL: 'x' },
        {
          MERGE_API_KEY: env.httpUrl(),
          LOG_LEVEL: env.httpUrl(),
        },
      );
    expect(read).toThrow(
      new ConfigurationError(
        "environment variable MERGE_API_KEY must be an http(s) URL; environment variable LOG_LEVEL must be an http(s) URL, got 'x'",
      ),
    );
  });
});

describe('refreshing a cached secret (a signature key just rotated)', () => {
  it('refresh reads Secrets Manager again before the cache expires, at most once per interval', async () => {
    const clock = new FakeClock();
    const sm = fakeSecretsManager([
      () => ({ SecretString: 'old' }),
      () => ({ SecretString: 'new' }),
      () => ({ SecretString: 'newer' }),
    ]);
    const read = secretSource({ secretId: 'arn:key' }, 'MERGE_WEBHOOK_SIGNATURE_KEY', {
      clock,
      client: sm.factory,
    });
    await expect(read()).resolves.toBe('old');
    // Within the interval of the last read, a refresh is the cached value (a flood of forged requests).
    await expect(read({ refresh: true })).resolves.toBe('old');
    expect(sm.calls).toHaveLength(1);
    clock.advance(REFRESH_INTERVAL_MS);
    await expect(read({ refresh: true })).resolves.toBe('new');
    await expect(read({ refresh: true })).resolves.toBe('new');
    await expect(read()).resolves.toBe('new');
    expect(sm.calls).toHaveLength(2);
  });
});

describe('an optional secret (the previous webhook signature key)', () => {
  it('is undefined when not configured, or given locally as none or blank', async () => {
    const options = { clock: new FakeClock(), client: fakeSecretsManager([]).factory };
    await expect(optionalSecretSource(undefined, options)()).resolves.toBeUndefined();
    await expect(optionalSecretSource({ value: 'none' }, options)()).resolves.toBeUndefined();
    await expect(optionalSecretSource({ value: '  ' }, options)()).resolves.toBeUndefined();
    await expect(optionalSecretSource({ value: 'old-key' }, options)()).resolves.toBe('old-key');
  });

  it('a secret without a value, or set to none, reads as undefined and is cached like a value', async () => {
    const clock = new FakeClock();
    const sm = fakeSecretsManager([
      notFound,
      () => ({ SecretString: 'the-old-key' }),
      () => ({ SecretString: 'NONE' }),
    ]);
    const read = optionalSecretSource({ secretId: 'arn:previous' }, { clock, client: sm.factory });
    await expect(read()).resolves.toBeUndefined();
    await expect(read()).resolves.toBeUndefined();
    expect(sm.calls).toHaveLength(1); // "no value" is cached: forged requests cost no extra reads
    clock.advance(REFRESH_INTERVAL_MS);
    await expect(read({ refresh: true })).resolves.toBe('the-old-key');
    clock.advance(5 * 60_000 + 1);
    await expect(read()).resolves.toBeUndefined();
    expect(sm.calls).toHaveLength(3);
  });

  it('a failure other than "no value" is an error, never undefined (nothing is silently accepted or refused)', async () => {
    const sm = fakeSecretsManager([
      () => {
        throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
      },
    ]);
    const read = optionalSecretSource(
      { secretId: 'arn:previous' },
      { clock: new FakeClock(), client: sm.factory },
    );
    await expect(read()).rejects.toThrow('throttled');
  });
});
