import { defineModels, inline, uuidTyped } from './define';

const PERMISSIONS = inline('Permission[]', 'one Permission or a list, depending on the integration');

/** File Storage Common Models (reference merge-common-models §2.6, §3.6, §5.2). */
export const FILESTORAGE_MODELS = defineModels('filestorage', {
  Drive: { path: 'drives', webhook: 'FileStorageDrive' },
  File: {
    path: 'files',
    expand: { drive: 'Drive', folder: 'Folder', permissions: PERMISSIONS },
    writes: { post: 'files' },
    webhook: 'FileStorageFile',
  },
  Folder: {
    path: 'folders',
    expand: { drive: 'Drive', parent_folder: 'Folder', permissions: PERMISSIONS },
    writes: { post: 'folders' },
    webhook: 'FileStorageFolder',
  },
  Group: {
    path: 'groups',
    expand: { child_groups: 'Group[]', users: uuidTyped('User[]') },
    webhook: 'FileStorageGroup',
  },
  User: { path: 'users', webhook: 'FileStorageUser' },
});
