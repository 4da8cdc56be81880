import type { Category } from '../merge/types';

/**
 * The Common Models this product knows how to sync: where each is listed, what Merge calls it in
 * webhook event names, and which relations `expand` can inline. Data, not logic.
 */
export interface ModelDefinition {
  /** Merge's model_id, as in /sync-status: `hris.Employee`. */
  modelId: string;
  category: Category;
  /** List endpoint below `/api/{category}/v1/`. */
  path: string;
  /** `{Model}` of webhook events. Some categories prefix it (CRMContact, FileStorageFile). */
  webhookNames: readonly string[];
  /** Relation field → the model of the objects `expand` puts there. */
  relations: Readonly<Record<string, string>>;
}

const model = (
  modelId: string,
  path: string,
  webhookNames: readonly string[],
  relations: Record<string, string> = {},
): ModelDefinition => ({
  modelId,
  category: modelId.split('.')[0] as Category,
  path,
  webhookNames,
  relations,
});

export const MODEL_CATALOG: readonly ModelDefinition[] = [
  model('hris.Employee', 'employees', ['Employee'], {
    employments: 'hris.Employment',
    manager: 'hris.Employee',
  }),
  model('hris.Employment', 'employments', ['Employment']),
  model('ats.Candidate', 'candidates', ['Candidate'], { applications: 'ats.Application' }),
  model('ats.Application', 'applications', ['Application'], { candidate: 'ats.Candidate' }),
  model('crm.Contact', 'contacts', ['CRMContact', 'Contact']),
  model('crm.Lead', 'leads', ['Lead', 'CRMLead']),
  model('accounting.Invoice', 'invoices', ['Invoice', 'AccountingInvoice']),
  model('ticketing.Ticket', 'tickets', ['Ticket', 'TicketingTicket']),
  model('filestorage.File', 'files', ['FileStorageFile', 'File']),
];

const byId = new Map(MODEL_CATALOG.map((m) => [m.modelId, m]));

export const findModel = (modelId: string): ModelDefinition | undefined => byId.get(modelId);

/**
 * Resolves the `{Model}` of a webhook event (`CRMContact.changed`) to a model id within the linked
 * account's category. Merge's prefixes are only partly documented, so known aliases are tried.
 */
export function modelIdFromWebhookName(category: string, webhookModel: string): string | undefined {
  const match = MODEL_CATALOG.find((m) => m.category === category && m.webhookNames.includes(webhookModel));
  return match?.modelId;
}
