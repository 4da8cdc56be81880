import type { OrgCategory } from './categories';

// The shape of one Common Model the simulator serves (catalog-models.ts holds the data).

export interface RelationSpec {
  /** Field on the record holding an id (or a list of ids when `many`). */
  field: string;
  /** Model id of the referenced records. */
  target: string;
  many: boolean;
}

/**
 * The two readings of the uncertain `model_id` spellings (merge-common-models §1.1): accounting's only
 * example is the plural `accounting.Invoices`, CRM's only example the plain `crm.Account`.
 */
export interface ModelIdSpelling {
  /** `plural` (default): `accounting.Invoices`, Merge's example value; `singular`: `accounting.Invoice`. */
  accounting?: 'plural' | 'singular';
  /** `plain` (default): `crm.Contact`, Merge's WIRE example style; `prefixed`: `crm.CRMContact`. */
  crm?: 'plain' | 'prefixed';
}

export interface ModelSpec {
  /**
   * The simulator's (and the engine's) key for the model, e.g. `hris.Employee`, `filestorage.File`.
   * Every simulator method takes it, or any `model_id` spelling below.
   */
  modelId: string;
  category: OrgCategory;
  /** e.g. `File`, as in sync-status `model_name`. */
  modelName: string;
  /**
   * `model_id` on the wire (sync-status, sync_completed map keys, `{Model}.synced`) as Merge's examples
   * spell it: `filestorage.FileStorageFile`, `accounting.Invoices`, `ticketing.TicketingTeam`.
   */
  syncModelId: string;
  /** The other reading where the reference is uncertain, chosen with `modelIdSpelling`. */
  syncModelIdVariant?: { option: keyof ModelIdSpelling; modelId: string };
  /** List path segment under `/api/{category}/v1/`. */
  path: string;
  /** `{Model}` in webhook event names (merge-common-models §5.2). */
  webhookName: string;
  /** Example record in fixtures/ used as the template for generated records (null: none published). */
  fixture: string | null;
  /** `remote_data[].path` of generated records. */
  remoteDataPath: string;
  /** Relations `expand` accepts; anything else is a 400. */
  relations: RelationSpec[];
  /** Reported as `synced_fields` by the `{Model}.synced` webhook. */
  syncedFields: string[];
  /** Normalised enum value -> third-party value, returned under `show_enum_origins`. */
  enumOrigins: Record<string, Record<string, string>>;
  /** CRM, accounting and ticketing models carry `remote_fields` (returned with include_remote_fields). */
  hasRemoteFields: boolean;
}
