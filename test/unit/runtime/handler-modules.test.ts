import type { Context } from 'aws-lambda';
import * as eventProcessor from '../../../functions/event-processor/handler';
import * as fetcher from '../../../functions/fetcher/handler';
import * as readApi from '../../../functions/read-api/handler';
import * as poller from '../../../functions/sync-status-poller/handler';
import * as receiver from '../../../functions/webhook-receiver/handler';
import * as writeApi from '../../../functions/write-api/handler';
import * as writer from '../../../functions/writer/handler';
import { lambdaContext } from '../../../infra/local/lambda-context';
import { ConfigurationError } from '../../../shared/runtime/config/environment';
import { builtOnFirstInvocation } from '../../../shared/runtime/first-invocation';

/**
 * The functions build their dependencies on first invocation: this file imported all seven handler
 * modules in a process whose environment names none of the functions' variables, and nothing threw.
 */
describe('handler modules', () => {
  it.each([
    ['event-processor', eventProcessor],
    ['fetcher', fetcher],
    ['read-api', readApi],
    ['sync-status-poller', poller],
    ['webhook-receiver', receiver],
    ['write-api', writeApi],
    ['writer', writer],
  ] as const)('%s exports createHandler beside its default handler', (_name, module) => {
    expect(typeof module.createHandler).toBe('function');
    expect(typeof module.handler).toBe('function');
  });

  it('an invocation without the environment fails, naming the variable', async () => {
    const context = lambdaContext('x', 10_000);
    const configurationError = (message: string) => new ConfigurationError(message);
    await expect(eventProcessor.handler({ Records: [] }, context)).rejects.toThrow(
      configurationError('environment variable TABLE_NAME is not set'),
    );
    await expect(fetcher.handler({ Records: [] }, context)).rejects.toThrow(/TABLE_NAME is not set/);
    await expect(poller.handler({ Records: [] }, context)).rejects.toThrow(/TABLE_NAME is not set/);
    await expect(readApi.handler({} as never, context)).rejects.toThrow(/TABLE_NAME is not set/);
    await expect(receiver.handler({} as never, context)).rejects.toThrow(
      configurationError('environment variable EVENTS_QUEUE_URL is not set'),
    );
    await expect(writeApi.handler({} as never, context)).rejects.toThrow(/TABLE_NAME is not set/);
    await expect(writer.handler({ Records: [] }, context)).rejects.toThrow(/TABLE_NAME is not set/);
  });
});

describe('builtOnFirstInvocation', () => {
  const context = {} as Context;

  it('builds once and keeps the handler for the next invocations', async () => {
    let builds = 0;
    const handler = builtOnFirstInvocation(() => {
      builds++;
      return async (event: number) => event * 2;
    });
    expect(builds).toBe(0);
    await expect(handler(1, context)).resolves.toBe(2);
    await expect(handler(2, context)).resolves.toBe(4);
    expect(builds).toBe(1);
  });

  it('a build that failed is tried again on the next invocation', async () => {
    let builds = 0;
    const handler = builtOnFirstInvocation(() => {
      if (++builds === 1) throw new ConfigurationError('environment variable TABLE_NAME is not set');
      return async (event: number) => event;
    });
    await expect(handler(7, context)).rejects.toThrow(ConfigurationError);
    await expect(handler(7, context)).resolves.toBe(7);
    expect(builds).toBe(2);
  });
});
