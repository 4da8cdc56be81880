import { defineModels, ignoreAction, inline } from './define';

const CUSTOM_OBJECTS = 'custom-object-classes/{custom_object_class_id}/custom-objects';
const ASSOCIATION_TYPES = 'custom-object-classes/{custom_object_class_id}/association-types';

/** CRM Common Models (reference merge-common-models §2.3, §2.7, §3.3, §5.2). */
export const CRM_MODELS = defineModels('crm', {
  Account: {
    path: 'accounts',
    expand: { owner: 'User' },
    writes: { post: 'accounts', patch: 'accounts/{id}' },
    webhook: 'CRMAccount',
  },
  AssociationType: {
    path: ASSOCIATION_TYPES,
    expand: { target_object_classes: inline('AssociationSubType[]') },
    nested: { parent: 'CustomObjectClass', reason: 'listed per custom object class only' },
    // §2.7: created under its class; the SDK's meta doc calls it CRMAssociationType.
    writes: { post: ASSOCIATION_TYPES },
    webhookUnknown: true,
  },
  Association: {
    path: `${CUSTOM_OBJECTS}/{object_id}/associations`,
    expand: { association_type: 'AssociationType' },
    retrieve: false,
    nested: { parent: 'CustomObject', reason: 'listed per custom object only (class id and object id)' },
    writes: {
      actions: [
        {
          kind: 'create-association',
          method: 'PUT',
          path: 'custom-object-classes/{source_class_id}/custom-objects/{source_object_id}/associations/{target_class_id}/{target_object_id}/{association_type_id}',
        },
      ],
    },
    webhookUnknown: true,
  },
  Contact: {
    path: 'contacts',
    expand: { account: 'Account', owner: 'User' },
    writes: { post: 'contacts', patch: 'contacts/{id}', actions: [ignoreAction('contacts')] },
    webhook: 'CRMContact',
  },
  CustomObjectClass: {
    path: 'custom-object-classes',
    expand: { fields: inline('RemoteFieldClassForCustomObjectClass[]') },
    webhookUnknown: true,
  },
  CustomObject: {
    path: CUSTOM_OBJECTS,
    nested: { parent: 'CustomObjectClass', reason: 'listed per custom object class only' },
    writes: { post: CUSTOM_OBJECTS },
    webhookUnknown: true,
  },
  EngagementType: { path: 'engagement-types', webhookUnknown: true },
  Engagement: {
    path: 'engagements',
    expand: { account: 'Account', contacts: 'Contact[]', engagement_type: 'EngagementType', owner: 'User' },
    writes: { post: 'engagements', patch: 'engagements/{id}' },
  },
  Lead: {
    path: 'leads',
    expand: { converted_account: 'Account', converted_contact: 'Contact', owner: 'User' },
    writes: { post: 'leads' },
  },
  Note: {
    path: 'notes',
    expand: { account: 'Account', contact: 'Contact', opportunity: 'Opportunity', owner: 'User' },
    writes: { post: 'notes' },
  },
  Opportunity: {
    path: 'opportunities',
    expand: { account: 'Account', owner: 'User', stage: 'Stage' },
    writes: { post: 'opportunities', patch: 'opportunities/{id}' },
  },
  Stage: { path: 'stages' },
  Task: {
    path: 'tasks',
    expand: { account: 'Account', contact: 'Contact', opportunity: 'Opportunity', owner: 'User' },
    writes: { post: 'tasks', patch: 'tasks/{id}' },
  },
  User: { path: 'users', writes: { actions: [ignoreAction('users')] }, webhook: 'CRMUser' },
});
