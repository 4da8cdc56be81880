import { createHmac } from 'node:crypto';
import { canonicalSignature, computeSignature, verifySignature } from '../../shared/merge/signature';
import { classifyWebhookEvent } from '../../shared/merge/webhook-events';

const key = 'org-signature-key';
const body = Buffer.from('{"hook":{"event":"Employee.synced"}}');
// Merge's documented algorithm, computed independently: base64url(HMAC-SHA256(key, raw body)).
const merge = createHmac('sha256', key).update(body).digest('base64').replace(/\+/g, '-').replace(/\//g, '_');

describe('webhook signature (invariant 2)', () => {
  it('accepts Merge signature with or without padding', () => {
    expect(merge.endsWith('=')).toBe(true);
    expect(verifySignature(key, body, merge)).toBe(true);
    expect(verifySignature(key, body, merge.replace(/=+$/, ''))).toBe(true);
    expect(computeSignature(key, body)).toBe(merge.replace(/=+$/, ''));
  });

  it('accepts the standard-base64 spelling of the same digest', () => {
    const standard = createHmac('sha256', key).update(body).digest('base64');
    expect(verifySignature(key, body, standard)).toBe(true);
  });

  it('rejects a missing, empty, wrong, truncated or oversized signature, and a changed body', () => {
    expect(verifySignature(key, body, undefined)).toBe(false);
    expect(verifySignature(key, body, '')).toBe(false);
    expect(verifySignature(key, body, merge.slice(0, -3))).toBe(false);
    expect(verifySignature('another-key', body, merge)).toBe(false);
    expect(verifySignature(key, Buffer.from(`${body.toString()} `), merge)).toBe(false);
    expect(verifySignature(key, body, 'A'.repeat(5000))).toBe(false);
  });

  it('accepts a signature made with any of the given keys (a rotation), and only those', () => {
    expect(verifySignature(['the-new-key', key], body, merge)).toBe(true);
    expect(verifySignature([key, 'the-new-key'], body, merge)).toBe(true);
    expect(verifySignature(['the-new-key'], body, merge)).toBe(false);
    expect(verifySignature(['a', 'b', 'c'], body, merge)).toBe(false);
    expect(verifySignature([], body, merge)).toBe(false);
  });

  it('has one canonical form for dedupe', () => {
    expect(canonicalSignature(`${merge}  `)).toBe(canonicalSignature(merge.replace(/=+$/, '')));
  });
});

describe('classifyWebhookEvent', () => {
  it.each([
    ['LinkedAccount.linked', { kind: 'linked' }],
    ['LinkedAccount.sync_completed', { kind: 'account-synced' }],
    ['LinkedAccount.deleted', { kind: 'account-deleted' }],
    ['Issue.new', { kind: 'issue' }],
    ['Issue.created', { kind: 'issue' }],
    ['Employee.synced', { kind: 'model-synced', webhookModel: 'Employee' }],
    ['CRMContact.changed', { kind: 'record-changed', webhookModel: 'CRMContact', action: 'changed' }],
    [
      'FileStorageFile.removed',
      { kind: 'record-changed', webhookModel: 'FileStorageFile', action: 'removed' },
    ],
    ['LinkedAccount.synced', { kind: 'unhandled' }],
    ['AsyncPassthrough.resolved', { kind: 'unhandled' }],
    ['nonsense', { kind: 'unhandled' }],
  ])('%s → %o', (event, kind) => {
    expect(classifyWebhookEvent(event)).toEqual(kind);
  });
});
