import type { Category } from '../../merge/types';

/** One `expand` value of a model and what Merge puts in the field once expanded. */
export interface Relation {
  /** The `expand` value: a field of the record, or `field.sub` for a field inside an expanded object. */
  field: string;
  /**
   * Our id of the expanded objects: a catalog model (`hris.Employment`), or for a sub-object that
   * exists only inside its parent, `<category>.<Merge type name>` (`accounting.InvoiceLineItem`).
   */
  target: string;
  /** True when `target` is a catalog model (its records can be stored as a model of their own). */
  listed: boolean;
  /** The field holds a list. */
  many: boolean;
  /** The SDK types the field as ids only: whether `expand` returns objects is unconfirmed (§2.7). */
  unconfirmed?: true;
  /** Anything else a reader of the data should know about the relation. */
  note?: string;
}

/** A list endpoint whose path needs a parent's id (`jobs/{job_id}/screening-questions`). */
export interface NestedList {
  /** The model whose id (ids) fill the placeholders. */
  parent: string;
  /** Path template below `/api/{category}/v1/`. */
  path: string;
  /** Whether this list accepts `modified_after`. */
  modifiedAfter: boolean;
}

/** A write endpoint that is not a plain create or update of the model. */
export interface WriteAction {
  kind: 'ignore' | 'change-stage' | 'bulk' | 'apply-credit' | 'create-association';
  method: 'POST' | 'PUT';
  /** Path template below `/api/{category}/v1/`. */
  path: string;
}

/** What Merge lets us write for a model (reference §2 Writes column and §3). */
export interface ModelWrites {
  /** Create: `POST <post>` with body `{"model": {...}}`. */
  post?: string;
  /** Update: `PATCH <patch>` (a template with `{id}`). */
  patch?: string;
  /** `GET <path>/meta/post` and `GET <path>/meta/patch/{id}` exist. */
  meta: readonly ('post' | 'patch')[];
  /** ATS create/update bodies need a top-level `remote_user_id` next to `model` (§3.0). */
  requiresRemoteUserId: boolean;
  actions: readonly WriteAction[];
}

/**
 * A Common Model this product knows: where Merge lists it, how Merge spells it in /sync-status and
 * in webhook names, what `expand` can inline, and what can be written. Data, not logic.
 */
export interface ModelDefinition {
  /** Our canonical id, `<category>.<Common Model name>`: `hris.Employee`. Stored in users' tables. */
  modelId: string;
  category: Category;
  /** List endpoint below `/api/{category}/v1/`; a template for nested models. */
  path: string;
  /** Merge's `model_name` in /sync-status (`File` for filestorage.File). */
  modelName: string;
  /** Other names Merge uses for this model (SDK type or doc names): `Eeoc` for `EEOC`. */
  spellings: readonly string[];
  /** Every `model_id` Merge may report in /sync-status: plain, internal (prefixed) and plural spellings. */
  syncStatusIds: readonly string[];
  /** `{Model}` of webhook events (`CRMContact.changed`); the reference's name first. */
  webhookNames: readonly string[];
  /** False when no source names the model's webhook events: `webhookNames` are then our guess. */
  webhookNameKnown: boolean;
  /**
   * `expand` value → target model, for relations whose target is a catalog model: those are split
   * into records of their own model. Inline sub-objects are only in `expandable`.
   */
  relations: Readonly<Record<string, string>>;
  /** Every `expand` value Merge accepts for the list, with its target. */
  expandable: readonly Relation[];
  /** The list accepts `modified_after` (and created_*, modified_before, remote_id); else only full listings. */
  modifiedAfter: boolean;
  /** The list accepts `include_deleted_data`. */
  includeDeletedData: boolean;
  /** `GET <path>/{id}` exists (§2.0 lists the models without it). */
  retrieve: boolean;
  /** Set when `path` needs a parent's id: the model cannot be synced by a plain list. */
  nested?: { parent: string; reason: string };
  /** Further (nested) lists of the same model: ticketing users per project, viewers per ticket. */
  otherLists: readonly NestedList[];
  /** Fields Merge returns only with `include_sensitive_fields=true`. */
  sensitiveFields: readonly string[];
  /** National identifiers: never stored or forwarded unless a deployment allows them explicitly. */
  personalIdentifiers: readonly string[];
  writes: ModelWrites;
}
