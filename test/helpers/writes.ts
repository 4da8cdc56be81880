import { lambdaContext } from '../../infra/local/lambda-context';
import type { LocalBusEvent } from '../../infra/local/event-bus';
import { httpApiEvent } from './events';
import type { SyncFixture } from './sync-fixture';

export type Json = Record<string, unknown>;

/** Calls the write API's handler as API Gateway would. */
export async function callWriteApi(
  f: SyncFixture,
  method: 'GET' | 'POST',
  path: string,
  options: { body?: unknown; query?: Record<string, string> } = {},
): Promise<{ status: number; body: Json }> {
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  const result = await f.pipeline.handlers.writeApi(
    httpApiEvent({
      method,
      path,
      ...(body === undefined ? {} : { body }),
      ...(options.query ? { queryStringParameters: options.query } : {}),
    }),
    // The stack gives it 10 s against DynamoDB; here one dynalite process serves every concurrent
    // accept of a test on a busy machine, so the invocation gets more room.
    lambdaContext('write-api', 30_000),
  );
  return { status: result.statusCode ?? 0, body: JSON.parse(result.body ?? '{}') as Json };
}

export const postWrite = (f: SyncFixture, accountId: string, body: unknown) =>
  callWriteApi(f, 'POST', `/accounts/${accountId}/writes`, { body });

export const getWrite = async (f: SyncFixture, accountId: string, writeId: string) =>
  (await callWriteApi(f, 'GET', `/accounts/${accountId}/writes/${writeId}`)).body;

/** Accepts a write (asserting the 202) and returns its id. */
export async function acceptedWrite(f: SyncFixture, accountId: string, body: unknown): Promise<string> {
  const answer = await postWrite(f, accountId, body);
  if (answer.status !== 202)
    throw new Error(`write not accepted: ${answer.status} ${JSON.stringify(answer.body)}`);
  return String(answer.body.write_id);
}

/**
 * Runs the pipeline until the write is finished (a retry waits in the queue as a delayed message,
 * which a plain drain does not wait for), then answers it as GET does.
 */
export async function settledWrite(f: SyncFixture, accountId: string, writeId: string): Promise<Json> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    await f.pipeline.drain({ timeoutMs: 120_000 });
    const write = await getWrite(f, accountId, writeId);
    if (write.status === 'succeeded' || write.status === 'failed' || write.error) return write;
    if (Date.now() > deadline) throw new Error(`write ${writeId} not finished: ${JSON.stringify(write)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Requests the simulator saw for a path (below /api), e.g. POST /ticketing/v1/tickets. */
export const simRequests = (f: SyncFixture, method: string, pathSuffix: string) =>
  f.sim.requests.filter((r) => r.method === method && r.path.endsWith(pathSuffix));

/** Bus events of a detail-type published after `after` (a sequence number). */
export const busEvents = (f: SyncFixture, detailType: string, after = 0): LocalBusEvent[] =>
  f.pipeline.bus.since(after).filter((e) => e.detailType === detailType);

export const lastBusSeq = (f: SyncFixture): number => f.pipeline.bus.since(0).at(-1)?.seq ?? 0;
