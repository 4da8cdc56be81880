import { readProblems } from '../../../shared/writes/merge-problems';
import { missingFields, readRequirements } from '../../../shared/writes/write-requirements';

describe('meta: what Merge requires of a write, read leniently', () => {
  it("reads the model's and the request's required fields and the status (Merge's documented shape)", () => {
    const meta = {
      request_schema: {
        type: 'object',
        properties: {
          model: { type: 'object', properties: {}, required: ['name', 'due_date'] },
          remote_user_id: {},
        },
        required: ['model', 'remote_user_id'],
      },
      status: { linked_account_status: 'COMPLETE', can_make_request: true },
      has_conditional_params: false,
    };
    expect(readRequirements(meta)).toEqual({
      modelFields: ['name', 'due_date'],
      requestFields: ['remote_user_id'],
      canMakeRequest: true,
      linkedAccountStatus: 'COMPLETE',
    });
  });

  it("takes a schema without `model` as the model's own", () => {
    expect(readRequirements({ request_schema: { required: ['first_name'] } }).modelFields).toEqual([
      'first_name',
    ]);
  });

  it.each([null, 'text', { request_schema: 'x' }, { request_schema: { required: 'name' } }, { status: [] }])(
    'requires nothing of a shape it cannot read: %j',
    (body) => {
      expect(readRequirements(body)).toEqual({
        modelFields: [],
        requestFields: [],
        canMakeRequest: null,
        linkedAccountStatus: null,
      });
    },
  );

  it('names what a write lacks: absent, null or empty fields, and request fields such as remote_user_id', () => {
    const requirements = {
      modelFields: ['name', 'due', 'owner'],
      requestFields: ['remote_user_id'],
      canMakeRequest: true,
      linkedAccountStatus: null,
    };
    expect(missingFields(requirements, { data: { name: 'x', due: null, owner: '' } })).toEqual([
      'due',
      'owner',
      'remote_user_id',
    ]);
    expect(
      missingFields(requirements, { data: { name: 'x', due: 'd', owner: 'o' }, remoteUserId: 'u' }),
    ).toEqual([]);
  });
});

describe("Merge's warnings and errors", () => {
  it('keeps the documented items and bounds them', () => {
    const errors = Array.from({ length: 30 }, (_, i) => ({
      title: 'Missing Required Field',
      detail: `f${i} is required`,
      problem_type: 'MISSING_REQUIRED_FIELD',
      source: { pointer: `/model/f${i}` },
    }));
    const read = readProblems({
      errors,
      warnings: [{ title: 'W', detail: 'd'.repeat(5000), problem_type: 'X' }],
    });
    expect(read.errors).toHaveLength(20);
    expect(read.errors[0]).toEqual(errors[0]);
    expect(read.warnings[0]!.detail).toHaveLength(1000);
  });

  it('turns a refusal without `errors` into one error saying why', () => {
    expect(readProblems({ detail: 'Not found.' }, { status: 404, snippet: '' }).errors).toEqual([
      { title: 'HTTP 404', detail: 'Not found.', problem_type: 'HTTP_404' },
    ]);
    expect(readProblems(undefined, { status: 422, snippet: '<html>' }).errors[0]).toMatchObject({
      detail: '<html>',
    });
    expect(readProblems({ model: {} })).toEqual({ warnings: [], errors: [] });
  });
});
