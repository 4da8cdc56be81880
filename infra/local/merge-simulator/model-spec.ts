import type { OrgCategory } from './categories';

// The shape of one Common Model the simulator serves (catalog-models.ts builds them from the
// product's catalog in shared/config/catalog plus the simulator's own details in catalog-overlay.ts).

export interface RelationSpec {
  /** The `expand` value: a field of the record, or `field.sub` for a field inside inline sub-objects. */
  field: string;
  /** Model key of the referenced records, or `<category>.<SubObject>` for an inline sub-object. */
  target: string;
  many: boolean;
  /** The target is a model with a list of its own (its records live in their own table). */
  listed: boolean;
  /** Inline sub-objects served as their ids unless expanded (Merge's examples show ids). */
  collapsed: boolean;
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

/** A further list of the model under another parent (`tickets/{ticket_id}/viewers`). */
export interface OtherList {
  /** Path template below `/api/{category}/v1/`. */
  path: string;
  modifiedAfter: boolean;
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
  /** List path below `/api/{category}/v1/`; a template (`jobs/{job_id}/screening-questions`) when nested. */
  path: string;
  /** `{Model}` in webhook event names (merge-common-models §5.2). */
  webhookName: string;
  /** Example record in fixtures/ used as the template for generated records (null: none kept). */
  fixture: string | null;
  /** `remote_data[].path` of generated records. */
  remoteDataPath: string;
  /** Relations `expand` accepts; anything else is a 400. */
  relations: RelationSpec[];
  /** Reported as `synced_fields` by the `{Model}.synced` webhook (empty: the record's own fields). */
  syncedFields: string[];
  /**
   * Fields `show_enum_origins` accepts, each with normalised value -> third-party value (an empty map
   * answers the value in the third party's title case: `ACCOUNTS_PAYABLE` -> `Accounts Payable`).
   */
  enumOrigins: Record<string, Record<string, string>>;
  /** Models whose list takes `include_remote_fields` carry `remote_fields` (returned only with it). */
  hasRemoteFields: boolean;
  /** The list takes `created_*`, `modified_*` and `remote_id` (reference §2.0 "mod_after Y"). */
  modifiedAfter: boolean;
  /** `GET {path}/{id}` exists (reference §2.0 names the models without it). */
  retrieve: boolean;
  /** `path` needs a parent's id: the model is listed only under its parents. */
  nested: boolean;
  /** Models whose records list this model's records (the nested parent, then other lists' parents). */
  listParents: string[];
  otherLists: OtherList[];
}
