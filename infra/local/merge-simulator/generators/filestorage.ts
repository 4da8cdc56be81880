import * as S from '../sample-data';
import type { JsonObject } from '../types';
import { pastDate, person, subObject, workEmail } from './common';
import type { FactoryContext, Generator } from './common';

// File storage records (merge-common-models §2.6, §3.6 enums): a file lies in a folder of its drive,
// a folder in its drive (under a parent folder of the same drive, or at the top).

const drive = (ctx: FactoryContext) => ctx.links.ref('filestorage.Drive');

function permissions(ctx: FactoryContext): JsonObject[] {
  const type = ctx.rng.pick(['USER', 'GROUP', 'COMPANY', 'ANYONE']);
  return [
    subObject(ctx, {
      user: type === 'USER' ? ctx.links.ref('filestorage.User') : null,
      group: type === 'GROUP' ? ctx.links.ref('filestorage.Group') : null,
      type,
      roles: ctx.rng.pick([['READ'], ['READ', 'WRITE'], ['OWNER']]),
    }),
  ];
}

export const FILESTORAGE_GENERATORS: Record<string, Generator> = {
  'filestorage.User': (ctx) => {
    const { first, last } = person(ctx.rng);
    return { name: `${first} ${last}`, email_address: workEmail(ctx, first, last), is_me: false };
  },
  'filestorage.Group': (ctx) => ({
    name: ctx.rng.pick(['Everyone', 'Finance', 'Engineering', 'Leadership', 'Contractors']),
    users: ctx.links.refs('filestorage.User', 1, 4),
    child_groups: ctx.links.refs('filestorage.Group', 0, 2),
  }),
  'filestorage.Drive': (ctx, remoteId) => ({
    name: ctx.rng.pick(['Company Drive', 'Marketing', 'Finance', 'Shared with me']),
    remote_created_at: pastDate(ctx, 100, 2000),
    drive_url: `https://drive.example.com/drive/${remoteId}`,
  }),
  'filestorage.Folder': (ctx, remoteId) => {
    const driveId = drive(ctx);
    const created = pastDate(ctx, 10, 900);
    return {
      name: ctx.rng.pick(['Contracts', 'Board decks', 'Invoices 2025', 'Design', 'Onboarding']),
      folder_url: `https://drive.example.com/folders/${remoteId}`,
      size: ctx.rng.int(0, 900_000_000),
      description: null,
      parent_folder: ctx.rng.chance(0.7)
        ? ctx.links.refWhere('filestorage.Folder', (f) => f.drive === driveId)
        : null,
      drive: driveId,
      permissions: permissions(ctx),
      remote_created_at: created,
      remote_updated_at: created,
    };
  },
  'filestorage.File': (ctx, remoteId) => {
    const { rng, links } = ctx;
    const file = rng.pick(S.FILES);
    const created = pastDate(ctx, 1, 700);
    const folder = links.ref('filestorage.Folder');
    const folderDrive = folder ? links.get('filestorage.Folder', folder)?.drive : undefined;
    return {
      name: file.name,
      file_url: `https://drive.example.com/file/${remoteId}`,
      file_thumbnail_url: `https://drive.example.com/file/${remoteId}/thumbnail.png`,
      size: rng.int(200, 5_000_000),
      mime_type: file.mime,
      description: null,
      folder,
      checksum: { type: 'sha256', content_hash: rng.bytes(32).toString('hex') },
      permissions: permissions(ctx),
      drive: typeof folderDrive === 'string' ? folderDrive : links.ref('filestorage.Drive'),
      remote_created_at: created,
      remote_updated_at: created,
    };
  },
};
