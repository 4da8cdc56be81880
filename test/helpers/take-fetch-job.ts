import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { fetchJobSchema, type FetchJob } from '../../shared/queue/messages';
import type { SyncFixture } from './sync-fixture';

/** Takes the fetch job waiting in the jobs queue away from the pipeline, to run it by hand (or never). */
export async function takeFetchJob(f: SyncFixture, accountId: string): Promise<FetchJob> {
  const { sqs } = f.pipeline.clients;
  const QueueUrl = f.pipeline.queues.jobs;
  const out = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 1 }),
  );
  const message = out.Messages?.[0];
  if (!message) throw new Error('no job waiting');
  await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
  const job = fetchJobSchema.parse(JSON.parse(message.Body ?? ''));
  expect(job.accountId).toBe(accountId);
  return job;
}
