import { readSyncCompletedStatuses } from '../../../shared/merge/schemas/webhooks';

// Merge's sample (reference §6b) is a map keyed by model_id; SyncStatus objects (§5) carry model_id.
describe('readSyncCompletedStatuses', () => {
  it('reads the sample map, keyed by model_id', () => {
    const data = {
      is_initial_sync: true,
      sync_status: {
        'ticketing.Ticket': { last_sync_result: 'DONE', last_sync_finished: '2025-11-27T00:16:19Z' },
      },
    };
    expect(readSyncCompletedStatuses(data)).toEqual({
      entries: [
        { modelId: 'ticketing.Ticket', lastSyncResult: 'DONE', lastSyncFinished: '2025-11-27T00:16:19Z' },
      ],
      unreadable: false,
    });
  });

  it('reads an array of SyncStatus entries one by one, flagging an entry that names no model', () => {
    const data = {
      sync_status: [
        { model_name: 'Employee', model_id: 'hris.Employee', status: 'DONE', is_initial_sync: false },
        { model_name: 'Group', model_id: 'hris.Group', status: 'PARTIALLY SYNCED', last_sync_start: 7 },
        { status: 'DONE' },
        'DONE',
      ],
    };
    expect(readSyncCompletedStatuses(data)).toEqual({
      entries: [
        { modelId: 'hris.Employee', modelName: 'Employee', status: 'DONE' },
        { modelId: 'hris.Group', modelName: 'Group', status: 'PARTIALLY SYNCED' },
      ],
      unreadable: true,
    });
  });

  it.each([undefined, null, {}, { sync_status: null }, { sync_status: 'DONE' }, { sync_status: 3 }])(
    'finds nothing readable in %p',
    (data) => {
      expect(readSyncCompletedStatuses(data)).toEqual({ entries: [], unreadable: true });
    },
  );

  it('an empty map is readable and names no model', () => {
    expect(readSyncCompletedStatuses({ sync_status: {} })).toEqual({ entries: [], unreadable: false });
  });
});
