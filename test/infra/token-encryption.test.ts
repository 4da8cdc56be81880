import { permissionsOfRole, renderValue } from './support/iam';
import { defaultDeployment } from './support/synth';

/**
 * Account tokens (issue 16, point 2): sealed with a key of the stack's own before they are stored;
 * only the functions that call Merge with a token may decrypt with it; the read API may not even
 * read a sealed token; the queue that carries webhook bodies (a LinkedAccount.linked body holds a
 * token) and its dead letters are encrypted with a customer-managed key.
 */
describe('account tokens: the token key and who may use it', () => {
  const { stack, template, logicalId } = defaultDeployment();
  const tokenKey = logicalId(stack.storage.tokenKey);
  const roles = {
    receiver: logicalId(stack.ingest.receiver.role),
    eventProcessor: logicalId(stack.sync.eventProcessor.role),
    poller: logicalId(stack.sync.poller.role),
    fetcher: logicalId(stack.sync.fetcher.role),
    readApi: logicalId(stack.readApi.handler.role),
    writer: logicalId(stack.writes.writer.role),
    writeApi: logicalId(stack.writes.api.role),
    console: logicalId(stack.console.handler.role),
  };
  const onTokenKey = (role: string) =>
    permissionsOfRole(template, role).filter((line) => line.includes(` on ${tokenKey}.Arn`));

  it('is a customer-managed key of its own, rotated yearly and retained with the table', () => {
    expect(template.findResources('AWS::KMS::Key')[tokenKey]).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: { EnableKeyRotation: true },
    });
    expect(tokenKey).not.toBe(logicalId(stack.storage.tableKey));
  });

  it('only the functions that call Merge with a token (event processor, poller, fetcher, writer) may decrypt with it', () => {
    const purpose = ' if kms:EncryptionContext:purpose=merge-account-token';
    const opens = [
      `kms:Decrypt on ${tokenKey}.Arn${purpose}`,
      `kms:GenerateDataKey on ${tokenKey}.Arn${purpose}`,
    ];
    expect(onTokenKey(roles.poller)).toEqual(opens);
    expect(onTokenKey(roles.fetcher)).toEqual(opens);
    // The event processor checks a LinkedAccount.linked token with Merge and compares it with the stored one.
    expect(onTokenKey(roles.eventProcessor)).toEqual(opens);
    // The writer sends each write with the account's token.
    expect(onTokenKey(roles.writer)).toEqual(opens);
    expect(onTokenKey(roles.receiver)).toEqual([]);
    expect(onTokenKey(roles.readApi)).toEqual([]);
    expect(onTokenKey(roles.writeApi)).toEqual([]);
    expect(onTokenKey(roles.console)).toEqual([]);
    // No role of the stack has a wildcard KMS grant that would reach it.
    for (const role of Object.values(roles))
      expect(permissionsOfRole(template, role).filter((l) => /^kms:\S+ on \*/.test(l))).toEqual([]);
  });

  it('the functions that handle tokens are told the key (TOKEN_KMS_KEY_ID); the others are not', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    const keyOf = (fn: { function: unknown }) =>
      functions[logicalId(fn.function as never)]?.Properties.Environment.Variables.TOKEN_KMS_KEY_ID;
    for (const fn of [stack.sync.eventProcessor, stack.sync.poller, stack.sync.fetcher, stack.writes.writer])
      expect(renderValue(keyOf(fn))).toBe(`${tokenKey}.Arn`);
    for (const fn of [stack.ingest.receiver, stack.readApi.handler, stack.writes.api, stack.console.handler])
      expect(keyOf(fn)).toBeUndefined();
  });

  it('the read API role is denied every token item (their own TOKEN# partitions), on the table and its indexes', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
      (p.Properties.Roles as unknown[]).some((r) => renderValue(r as never) === roles.readApi),
    );
    const denies = policies.flatMap((p) =>
      (p.Properties.PolicyDocument.Statement as { Effect: string }[]).filter((s) => s.Effect === 'Deny'),
    ) as unknown as { Action: string[]; Resource: unknown[]; Condition: unknown }[];
    expect(denies).toHaveLength(1);
    expect(denies[0]!.Action).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:BatchGetItem',
        'dynamodb:Query',
        'dynamodb:Scan',
      ]),
    );
    expect(denies[0]!.Condition).toEqual({
      'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['TOKEN#*'] },
    });
    const table = logicalId(stack.storage.table);
    expect(denies[0]!.Resource.map((r) => renderValue(r as never))).toEqual([
      `${table}.Arn`,
      `${table}.Arn/index/*`,
    ]);
  });

  it('the operator CLI finds the key in the stack outputs (TokenKeyArn)', () => {
    template.hasOutput('TokenKeyArn', { Value: { 'Fn::GetAtt': [tokenKey, 'Arn'] } });
  });
});

describe('the events queue (webhook bodies) and its dead letters: a customer-managed key', () => {
  const { stack, template, logicalId } = defaultDeployment();
  const events = stack.ingest.eventsQueue;
  const eventsKey = logicalId(events.encryptionKey!);

  it('encrypts both with the events-queue key, rotated yearly', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    for (const queue of [events.queue, events.deadLetterQueue])
      expect(queues[logicalId(queue)]?.Properties.KmsMasterKeyId).toEqual({
        'Fn::GetAtt': [eventsKey, 'Arn'],
      });
    expect(template.findResources('AWS::KMS::Key')[eventsKey]?.Properties.EnableKeyRotation).toBe(true);
  });

  it('the receiver may use it only through SQS, to send; the read API, the poller and the fetcher not at all', () => {
    const onKey = (role: string) =>
      permissionsOfRole(template, role).filter((line) => line.includes(`${eventsKey}.Arn`));
    expect(onKey(logicalId(stack.ingest.receiver.role))).toEqual([
      `kms:Decrypt on ${eventsKey}.Arn if kms:ViaService=sqs.AWS::Region.amazonaws.com`,
      `kms:GenerateDataKey on ${eventsKey}.Arn if kms:ViaService=sqs.AWS::Region.amazonaws.com`,
    ]);
    for (const fn of [stack.readApi.handler, stack.sync.poller, stack.sync.fetcher])
      expect(onKey(logicalId(fn.role))).toEqual([]);
    expect(onKey(logicalId(stack.sync.eventProcessor.role))).toContain(`kms:Decrypt on ${eventsKey}.Arn`);
  });
});
