// Public entry point of the Merge simulator. See README.md for what it models.
import { MergeSimulator } from './simulator';
import type { SimulatorOptions } from './types';

export { MergeSimulator } from './simulator';
export type { PageCallback } from './simulator';
export type { OverridesInput } from './store/data';
export type { SyncResult } from './store/sync-status';
export type { ChangeAction, IssueStatus } from './webhooks';
export type { DeliveryResult } from './webhook-delivery';
export { CATEGORIES, MODEL_CATALOG, modelSpec, modelsOf } from './catalog';
export type { ModelSpec, RelationSpec } from './catalog';
export { signBody } from './webhooks';
export type * from './types';

export async function startMergeSimulator(options: SimulatorOptions): Promise<MergeSimulator> {
  return MergeSimulator.start(options);
}
