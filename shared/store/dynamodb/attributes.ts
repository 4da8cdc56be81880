import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** Tiny typed readers for raw DynamoDB items: our items are flat, so no marshalling library is needed. */
export type Item = Record<string, AttributeValue>;

export const s = (value: string): AttributeValue => ({ S: value });
export const n = (value: number): AttributeValue => ({ N: String(value) });
export const b = (value: boolean): AttributeValue => ({ BOOL: value });

export const key = (k: { pk: string; sk: string }): Item => ({ pk: s(k.pk), sk: s(k.sk) });

export const readS = (item: Item, name: string): string | undefined => {
  const v = item[name];
  return v && 'S' in v ? v.S : undefined;
};
export const readN = (item: Item, name: string): number | undefined => {
  const v = item[name];
  return v && 'N' in v && v.N !== undefined ? Number(v.N) : undefined;
};
export const readB = (item: Item, name: string): boolean | undefined => {
  const v = item[name];
  return v && 'BOOL' in v ? v.BOOL : undefined;
};

export const isConditionalCheckFailure = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/** Opaque pagination tokens over DynamoDB's LastEvaluatedKey (string attributes only in our keys). */
export function encodePageToken(lastKey: Item | undefined): string | null {
  if (!lastKey) return null;
  const plain = Object.fromEntries(Object.entries(lastKey).map(([k, v]) => [k, readS({ [k]: v }, k) ?? '']));
  return Buffer.from(JSON.stringify(plain)).toString('base64url');
}

export function decodePageToken(token: string | null | undefined): Item | undefined {
  if (!token) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidPageTokenError();
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InvalidPageTokenError();
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.some(([, v]) => typeof v !== 'string')) throw new InvalidPageTokenError();
  return Object.fromEntries(entries.map(([k, v]) => [k, s(v as string)]));
}

export class InvalidPageTokenError extends Error {
  override readonly name = 'InvalidPageTokenError';
  constructor() {
    super('invalid page token');
  }
}
