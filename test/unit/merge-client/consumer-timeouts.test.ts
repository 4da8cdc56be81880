import { MERGE_CLIENT_DEFAULTS } from '../../../shared/merge/client';
import { POLLS_IN_PARALLEL, QUEUE_DESIGN } from '../../../shared/queue/queue-design';

/** Seconds one Merge request may take and still be an answer. */
const mergeRequestSeconds = MERGE_CLIENT_DEFAULTS.timeoutMs / 1000;
/** At least this much of a message's own work around its request (DynamoDB, SQS, a pacing slot). */
const minimumBookkeepingSeconds = 10;

describe('the functions that call Merge can afford a slow Merge request', () => {
  it('a polls batch holds one full request per message, rounds of parallel messages included', () => {
    const { batchSize, consumerTimeoutSeconds } = QUEUE_DESIGN.polls;
    const rounds = Math.ceil(batchSize / POLLS_IN_PARALLEL);

    expect(consumerTimeoutSeconds).toBeGreaterThanOrEqual(
      rounds * (mergeRequestSeconds + minimumBookkeepingSeconds),
    );
  });

  it('a fetch job holds several full requests, so it makes progress before it hands over', () => {
    expect(QUEUE_DESIGN.jobs.consumerTimeoutSeconds).toBeGreaterThanOrEqual(
      3 * (mergeRequestSeconds + minimumBookkeepingSeconds),
    );
  });
});
