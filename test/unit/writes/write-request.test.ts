import { findModel } from '../../../shared/config/model-catalog';
import {
  metaPath,
  parseWriteBody,
  parseWriteInput,
  requestHash,
  writePath,
} from '../../../shared/writes/write-request';

const create = { model: 'ticketing.Ticket', operation: 'create', data: { name: 'x' }, idempotency_key: 'k1' };

describe('write requests: checked before anything is stored', () => {
  it('accepts a create and an update, with remote_user_id for ATS', () => {
    expect(parseWriteInput(create)).toMatchObject({
      ok: true,
      request: {
        modelId: 'ticketing.Ticket',
        operation: 'create',
        data: { name: 'x' },
        idempotencyKey: 'k1',
      },
      dataBytes: Buffer.byteLength('{"name":"x"}'),
    });
    const update = { ...create, model: 'ats.Candidate', operation: 'update', id: 'c-1', remote_user_id: 'u' };
    expect(parseWriteInput(update)).toMatchObject({
      ok: true,
      request: { recordId: 'c-1', remoteUserId: 'u', operation: 'update' },
    });
  });

  it.each([
    [{ ...create, model: undefined }, 'model is required: a model id such as "ticketing.Ticket"'],
    [
      { ...create, model: 'crm.CustomObject' },
      "model crm.CustomObject is not writable here: its endpoint needs a parent's id",
    ],
    [{ ...create, operation: 'delete' }, 'operation must be "create" or "update"'],
    [
      { ...create, model: 'hris.TimeOff', operation: 'update', id: 'x' },
      'model hris.TimeOff cannot be updated: Merge has no PATCH for it',
    ],
    [{ ...create, id: 'x' }, 'id is only for an update'],
    [
      { ...create, operation: 'update', id: '../accounts' },
      'id must be a Merge id: letters, digits, "-" and "_"',
    ],
    [{ ...create, data: null }, 'data must be a JSON object of Merge fields'],
    [
      { ...create, idempotency_key: 'has space' },
      'idempotency_key is required: 1 to 255 visible ASCII characters',
    ],
    [
      { ...create, idempotency_key: 'k'.repeat(256) },
      'idempotency_key is required: 1 to 255 visible ASCII characters',
    ],
    [{ ...create, remote_user_id: 7 }, 'remote_user_id must be a non-empty string'],
    [[create], 'the body must be a JSON object'],
  ])('refuses %j', (input, error) => {
    expect(parseWriteInput(input)).toEqual({ ok: false, error });
  });

  it('refuses an empty body and one over 256 KB before parsing it', () => {
    expect(parseWriteBody(undefined)).toEqual({ ok: false, error: 'the body is empty: send a JSON object' });
    const big = JSON.stringify({ ...create, data: { name: 'x'.repeat(262_144) } });
    expect(parseWriteBody(big)).toEqual({
      ok: false,
      error: `the body is ${Buffer.byteLength(big)} bytes; the limit is 262144`,
    });
  });

  it('fingerprints the request without its key, whatever the order of fields', () => {
    const a = parseWriteInput(create);
    const b = parseWriteInput({
      idempotency_key: 'other',
      data: { name: 'x' },
      operation: 'create',
      model: 'ticketing.Ticket',
    });
    const c = parseWriteInput({ ...create, data: { name: 'y' } });
    if (!a.ok || !b.ok || !c.ok) throw new Error('expected valid requests');
    expect(requestHash(a.request)).toBe(requestHash(b.request));
    expect(requestHash(a.request)).not.toBe(requestHash(c.request));
  });

  it("builds Merge's paths from the catalog", () => {
    const ticket = findModel('ticketing.Ticket')!;
    expect(writePath(ticket, 'create')).toBe('tickets');
    expect(writePath(ticket, 'update', 't-1')).toBe('tickets/t-1');
    expect(metaPath(ticket, 'create')).toBe('tickets/meta/post');
    expect(metaPath(ticket, 'update', 't-1')).toBe('tickets/meta/patch/t-1');
  });
});
