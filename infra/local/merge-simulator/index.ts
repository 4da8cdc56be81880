// Public entry point of the Merge simulator. See README.md for what it models.
import { MergeSimulator } from './simulator';
import type { SimulatorOptions } from './types';

export { MergeSimulator } from './simulator';
export type { PageCallback, ResyncPolicy } from './simulator';
export type { BadRecordKind, BadRecordOptions } from './bad-records';
export type { ScheduleOptions } from './store/sync-schedule';
export type { SentWebhook } from './webhook-outbox';
export type { TestDeliveryKind } from './webhook-samples';
export { SAMPLE_IDS, TEST_PING } from './webhook-samples';
export type { CreateOptions, OverridesInput, RecordChange } from './store/data';
export type { ChurnOptions, SeedAllOptions } from './store/bulk';
export type { SyncResult } from './store/sync-status';
export type { ChangeAction, IssueStatus } from './webhooks';
export type { DeliveryResult } from './webhook-delivery';
export {
  CATEGORIES,
  MODEL_CATALOG,
  ORG_CATEGORIES,
  defaultModelsOf,
  modelKey,
  modelSpec,
  modelsOf,
  wireModelId,
} from './catalog';
export type { ModelIdSpelling, ModelSpec, OtherList, RelationSpec } from './catalog';
export { SEED_ORDER } from './record-links';
export { signBody } from './webhooks';
export type * from './types';

export async function startMergeSimulator(options: SimulatorOptions): Promise<MergeSimulator> {
  return MergeSimulator.start(options);
}
