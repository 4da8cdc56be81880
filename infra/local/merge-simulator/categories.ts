/** The six categories the engine syncs. */
export type Category = 'hris' | 'ats' | 'crm' | 'accounting' | 'ticketing' | 'filestorage';

/**
 * Every category an organization's accounts can have. Webhooks are organization-wide (merge-api.md §12),
 * so accounts of categories a deployment does not sync still exist and still send webhooks.
 */
export type OrgCategory = Category | 'knowledgebase' | 'chat' | 'mktg';
