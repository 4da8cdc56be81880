import { matchesEventPattern, UnsupportedPatternError } from './event-pattern-matcher';

// Most cases are the examples of AWS's EventBridge user guide and aws/event-ruler's README, with
// the answer those documents give, so the matcher is checked against the documented semantics.

const ec2Event = {
  version: '0',
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '123456789012',
  time: '2015-11-11T21:29:54Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
  detail: { 'instance-id': 'i-abcd1111', state: 'pending', 'c-count': 5, 'd-count': 3, 'x-limit': 301.8 },
};
const matches = (pattern: unknown, event: unknown = ec2Event) => matchesEventPattern(pattern, event);

describe('exact values and structure', () => {
  it('matches when every field of the pattern matches, ignoring the fields it does not name', () => {
    expect(matches({ source: ['aws.ec2'], detail: { state: ['pending'] } })).toBe(true);
    expect(matches({ source: ['aws.ec2'], detail: { state: ['running'] } })).toBe(false);
  });

  it('a list of values is an OR', () => {
    expect(matches({ source: ['aws.fargate', 'aws.ec2'] })).toBe(true);
    expect(matches({ source: ['aws.fargate', 'aws.s3'] })).toBe(false);
  });

  it('is case-sensitive and needs the same nesting', () => {
    expect(matches({ source: ['AWS.EC2'] })).toBe(false);
    expect(matches({ state: ['pending'] })).toBe(false);
    expect(matches({ detail: { missing: ['pending'] } })).toBe(false);
  });

  it('an event array matches when it shares a value with the pattern (resources example)', () => {
    const event = { resources: ['arn:aws:autoscaling:group', 'arn:aws:ec2:instance/i-b188560f'] };
    expect(matches({ resources: ['arn:aws:ec2:instance/i-b188560f', 'arn:other'] }, event)).toBe(true);
    expect(matches({ resources: ['arn:other'] }, event)).toBe(false);
  });

  it('matches numbers, booleans and null as JSON values: null is not the empty string', () => {
    const event = { detail: { n: 301.8, flag: true, eventVersion: '', responseElements: null } };
    expect(matches({ detail: { n: [3.018e2], flag: [true] } }, event)).toBe(true);
    expect(matches({ detail: { n: ['301.8'] } }, event)).toBe(false);
    expect(matches({ detail: { eventVersion: [''], responseElements: [null] } }, event)).toBe(true);
    expect(matches({ detail: { eventVersion: [null] } }, event)).toBe(false);
    expect(matches({ detail: { responseElements: [''] } }, event)).toBe(false);
  });

  it('within an array of objects, a nested pattern must match inside one element', () => {
    const event = {
      employees: [
        { firstName: 'John', lastName: 'Doe' },
        { firstName: 'Anna', lastName: 'Smith' },
        { firstName: 'Peter', lastName: 'Jones' },
      ],
    };
    expect(matches({ employees: { firstName: ['Anna'] } }, event)).toBe(true);
    expect(matches({ employees: { firstName: ['Anna'], lastName: ['Smith'] } }, event)).toBe(true);
    expect(matches({ employees: { firstName: ['Anna'], lastName: ['Jones'] } }, event)).toBe(false);
  });
});

describe('string operators', () => {
  it('prefix, also ignoring case; only on strings', () => {
    expect(matches({ time: [{ prefix: '2015-11-11' }] })).toBe(true);
    expect(matches({ time: [{ prefix: '2017-10-02' }] })).toBe(false);
    expect(matches({ source: [{ prefix: { 'equals-ignore-case': 'AWS.E' } }] })).toBe(true);
    expect(matches({ source: [{ prefix: 'AWS.E' }] })).toBe(false);
    expect(matches({ detail: { 'c-count': [{ prefix: '5' }] } })).toBe(false);
  });

  it('suffix, also ignoring case', () => {
    const event = { FileName: 'photo.PNG' };
    expect(matches({ FileName: [{ suffix: '.PNG' }] }, event)).toBe(true);
    expect(matches({ FileName: [{ suffix: '.png' }] }, event)).toBe(false);
    expect(matches({ FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] }, event)).toBe(true);
  });

  it('equals-ignore-case compares the whole string', () => {
    expect(matches({ source: [{ 'equals-ignore-case': 'AWS.EC2' }] })).toBe(true);
    expect(matches({ source: [{ 'equals-ignore-case': 'AWS.EC' }] })).toBe(false);
  });

  it('wildcard: * is any run of characters, \\* a star; ** is refused', () => {
    const event = { source: 'Simple Queue Service', key: 'a*b' };
    expect(matches({ source: [{ wildcard: 'Simple*Service' }] }, event)).toBe(true);
    expect(matches({ source: [{ wildcard: 'Simple*Servic' }] }, event)).toBe(false);
    expect(matches({ key: [{ wildcard: 'a\\*b' }] }, event)).toBe(true);
    expect(matches({ key: [{ wildcard: 'a\\*c' }] }, event)).toBe(false);
    expect(() => matches({ source: [{ wildcard: 'Simple**' }] }, event)).toThrow(UnsupportedPatternError);
  });
});

describe('anything-but', () => {
  it('excludes a string, a list of strings, a number, a list of numbers, a prefix', () => {
    expect(matches({ detail: { state: [{ 'anything-but': 'initializing' }] } })).toBe(true);
    expect(matches({ detail: { state: [{ 'anything-but': 'pending' }] } })).toBe(false);
    expect(matches({ detail: { state: [{ 'anything-but': ['stopped', 'pending'] }] } })).toBe(false);
    expect(matches({ detail: { 'c-count': [{ 'anything-but': [100, 200] }] } })).toBe(true);
    expect(matches({ detail: { 'c-count': [{ 'anything-but': 5 }] } })).toBe(false);
    expect(matches({ detail: { state: [{ 'anything-but': { prefix: 'pend' } }] } })).toBe(false);
    expect(matches({ detail: { state: [{ 'anything-but': { prefix: 'init' } }] } })).toBe(true);
  });

  it('needs the field: an absent field matches nothing but exists:false', () => {
    expect(matches({ detail: { missing: [{ 'anything-but': 'x' }] } })).toBe(false);
  });

  it('on an event array, matches when some element is not excluded', () => {
    const event = { states: ['PAID', 'OPEN'] };
    expect(matches({ states: [{ 'anything-but': 'PAID' }] }, event)).toBe(true);
    expect(matches({ states: [{ 'anything-but': ['PAID', 'OPEN'] }] }, event)).toBe(false);
  });

  it('refuses comparisons the documentation leaves open (null, another type)', () => {
    expect(() => matches({ v: [{ 'anything-but': 'x' }] }, { v: null })).toThrow(UnsupportedPatternError);
    expect(() => matches({ v: [{ 'anything-but': 'x' }] }, { v: 3 })).toThrow(UnsupportedPatternError);
    expect(() => matches({ v: [{ 'anything-but': ['x', 1] }] }, { v: 'y' })).toThrow(UnsupportedPatternError);
  });
});

describe('numeric', () => {
  it('the documented example: all the ranges must hold', () => {
    const pattern = {
      detail: {
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ numeric: ['=', 3.018e2] }],
      },
    };
    expect(matches(pattern)).toBe(true);
    expect(matches(pattern, { detail: { ...ec2Event.detail, 'c-count': 6 } })).toBe(false);
    expect(matches(pattern, { detail: { ...ec2Event.detail, 'c-count': 0 } })).toBe(false);
  });

  it('each comparison, at its bound', () => {
    const at = (op: string, bound: number, value: number) =>
      matches({ n: [{ numeric: [op, bound] }] }, { n: value });
    expect([at('>', 0, 0), at('>=', 0, 0), at('<', 0, 0), at('<=', 0, 0), at('=', 0, 0)]).toEqual([
      false,
      true,
      false,
      true,
      true,
    ]);
    expect(at('>', 0, 0.01)).toBe(true);
  });

  it('only JSON numbers match: a numeric string does not', () => {
    expect(matches({ n: [{ numeric: ['>', 0] }] }, { n: '105' })).toBe(false);
    expect(matches({ n: [{ numeric: ['>', 0] }] }, {})).toBe(false);
  });

  it('refuses a malformed range', () => {
    expect(() => matches({ n: [{ numeric: ['>'] }] }, { n: 1 })).toThrow(UnsupportedPatternError);
    expect(() => matches({ n: [{ numeric: ['~', 1] }] }, { n: 1 })).toThrow(UnsupportedPatternError);
  });
});

describe('exists', () => {
  it('true needs the field, false its absence', () => {
    expect(matches({ detail: { state: [{ exists: true }] } })).toBe(true);
    expect(matches({ detail: { state: [{ exists: false }] } })).toBe(false);
    expect(matches({ detail: { other: [{ exists: false }] } })).toBe(true);
    expect(matches({ detail: { other: [{ exists: true }] } })).toBe(false);
  });

  it('works on leaves only: an array of values is a leaf, an object is not (event-ruler README)', () => {
    const event = { detail: { state: ['initializing', 'running'], 'c-count': { c1: 100 } } };
    expect(matches({ detail: { state: [{ exists: true }] } }, event)).toBe(true);
    expect(matches({ detail: { 'c-count': [{ exists: true }] } }, event)).toBe(false);
    expect(matches({ detail: { 'c-count': [{ exists: false }] } }, event)).toBe(true);
  });

  it('a null value is present; an empty array has no value', () => {
    expect(matches({ v: [{ exists: true }] }, { v: null })).toBe(true);
    expect(matches({ v: [{ exists: false }] }, { v: [] })).toBe(true);
  });
});

describe('what the matcher refuses instead of guessing', () => {
  it.each([
    ['$or', { $or: [{ a: ['1'] }, { b: ['2'] }] }],
    ['cidr', { ip: [{ cidr: '10.0.0.0/24' }] }],
    ['a scalar instead of a list', { source: 'aws.ec2' }],
    ['an empty list', { source: [] }],
    ['two operators in one object', { n: [{ numeric: ['>', 0], exists: true }] }],
    ['equals-ignore-case on a wildcard', { source: [{ wildcard: { 'equals-ignore-case': 'a*' } }] }],
  ])('%s', (_name, pattern) => {
    expect(() => matches(pattern)).toThrow(UnsupportedPatternError);
  });
});
