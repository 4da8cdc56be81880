import { Construct } from 'constructs';
import type { SyncSettings } from '../../../shared/config/sync-config';
import type { MergeRegion } from '../../../shared/merge/regions';
import { CadenceSchedules } from './cadence-schedules';
import type { MergeSecrets } from './merge-secrets';
import { MergeSyncFunction, type FunctionDefaults } from './merge-sync-function';
import type { Storage } from './storage';
import { WorkQueue } from './work-queue';

export interface SyncProps {
  defaults: FunctionDefaults;
  storage: Storage;
  secrets: MergeSecrets;
  eventsQueue: WorkQueue;
  /** The sync config, as loaded from `syncEnvironment` (the same call the functions make). */
  settings: SyncSettings;
  /** The variables the sync config is loaded from (the plan limit); every sync function gets them. */
  syncEnvironment: Record<string, string>;
  mergeRegion: MergeRegion;
}

/**
 * The sync engine: webhooks and schedules turn into poll messages and fetch jobs, and fetch jobs
 * into records.
 *
 *   events queue → event processor → polls / jobs queues
 *   schedules (one per cadence tier, and the reconciliation) → poller → polls queue
 *   polls queue → poller (reads /sync-status) → jobs queue
 *   jobs queue → fetcher (pages a Common Model into the table; continues itself on the jobs queue)
 *
 * Merge's limits hold whatever the concurrency: every request to Merge, from any function instance,
 * takes a slot from its linked account's schedule in the table (shared/merge/shared-request-pacer.ts),
 * and failing requests are counted for the whole deployment there too (shared-failure-guard.ts),
 * and a fetch runs only under its (account, model) lease (shared/sync/claim-run.ts). The consumers'
 * maxConcurrency (shared/queue/queue-design.ts: events 5; polls 10, of 50 accounts each; jobs 20,
 * of 10 jobs each) bounds the total: up to 200 fetches at once, and a backlog (the daily
 * reconciliation) drains at that rate instead of running up the Lambda bill or the account's
 * concurrency.
 */
export class Sync extends Construct {
  readonly pollsQueue: WorkQueue;
  readonly jobsQueue: WorkQueue;
  readonly eventProcessor: MergeSyncFunction;
  readonly poller: MergeSyncFunction;
  readonly fetcher: MergeSyncFunction;
  readonly schedules: CadenceSchedules;

  constructor(scope: Construct, id: string, props: SyncProps) {
    super(scope, id);
    const { table } = props.storage;
    this.pollsQueue = new WorkQueue(this, 'PollsQueue', 'polls');
    this.jobsQueue = new WorkQueue(this, 'JobsQueue', 'jobs');
    const mergeEnvironment = { ...props.syncEnvironment, MERGE_REGION: props.mergeRegion };

    this.eventProcessor = new MergeSyncFunction(this, 'EventProcessor', {
      name: 'event-processor',
      description: 'Applies queued Merge webhooks: accounts, sync signals, record events',
      defaults: props.defaults,
      environment: mergeEnvironment,
    })
      .consumes(props.eventsQueue)
      .useTable(table, 'read-write')
      // LinkedAccount.linked: the token is checked with Merge and sealed before it is stored; the
      // stored one is opened to compare (replays, candidates while Merge is unavailable).
      .opensTokens(props.storage.tokenKey)
      .sendsTo(this.pollsQueue)
      .sendsTo(this.jobsQueue)
      // LinkedAccount.linked: Merge confirms the token (account-details) before it is stored.
      .readsSecret(props.secrets.apiKey, 'MERGE_API_KEY')
      .countsMergeFailures(table)
      // Changed-data webhooks and failed Merge syncs become events on the bus.
      .publishesTo(props.storage.bus);

    this.poller = new MergeSyncFunction(this, 'Poller', {
      name: 'sync-status-poller',
      description: 'Fans scheduled polls out per account; reads /sync-status and enqueues fetches',
      defaults: props.defaults,
      environment: mergeEnvironment,
    })
      .consumes(this.pollsQueue)
      .useTable(table, 'read-write')
      .sendsTo(this.pollsQueue)
      .sendsTo(this.jobsQueue)
      .readsSecret(props.secrets.apiKey, 'MERGE_API_KEY')
      .opensTokens(props.storage.tokenKey)
      .countsMergeFailures(table)
      // Failed Merge syncs, and change events a crashed batch left in the outbox.
      .publishesTo(props.storage.bus);

    this.fetcher = new MergeSyncFunction(this, 'Fetcher', {
      name: 'fetcher',
      description: 'Fetches one (account, model) page by page into the table; purges deleted accounts',
      defaults: props.defaults,
      environment: mergeEnvironment,
    })
      .consumes(this.jobsQueue)
      .useTable(table, 'read-write')
      .sendsTo(this.jobsQueue)
      .readsSecret(props.secrets.apiKey, 'MERGE_API_KEY')
      .opensTokens(props.storage.tokenKey)
      .countsMergeFailures(table)
      .publishesTo(props.storage.bus);

    this.schedules = new CadenceSchedules(this, 'Schedules', {
      settings: props.settings,
      poller: this.poller.function,
    });
  }
}
