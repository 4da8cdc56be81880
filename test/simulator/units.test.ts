// Small pure pieces: timestamp parsing/formatting, the monotonic stamper, cursor codec, page_size.
import { decodeCursor, encodeCursor, parsePageSize } from '../../infra/local/merge-simulator/pagination';
import { Stamper, formatMicros, parseIsoToMicros } from '../../infra/local/merge-simulator/time';

describe('merge simulator: units', () => {
  test('formatMicros prints ISO 8601 UTC with microseconds', () => {
    expect(formatMicros(Date.UTC(2025, 10, 27, 10, 39, 49, 905) * 1000 + 833)).toBe(
      '2025-11-27T10:39:49.905833Z',
    );
  });

  test('parseIsoToMicros accepts Merge-style and client-style values', () => {
    const base = Date.UTC(2021, 2, 30, 20, 44, 18) * 1000;
    expect(parseIsoToMicros('2021-03-30T20:44:18')).toBe(base);
    expect(parseIsoToMicros('2021-03-30T20:44:18Z')).toBe(base);
    expect(parseIsoToMicros('2021-03-30T20:44:18.000Z')).toBe(base);
    expect(parseIsoToMicros('2021-03-30T20:44:18.123456789Z')).toBe(base + 123456);
    expect(parseIsoToMicros('2021-03-30T22:44:18+02:00')).toBe(base);
    expect(parseIsoToMicros('2021-03-30T22:44:18 02:00')).toBe(base); // an unencoded '+'
    expect(parseIsoToMicros('2021-03-30T19:44:18-0100')).toBe(base);
    expect(parseIsoToMicros('2021-03-30')).toBe(Date.UTC(2021, 2, 30) * 1000);
    for (const bad of [
      '',
      'now',
      '2021-3-30',
      '2021-03-30T25:00:00Z',
      '2021-02-29T00:00:00Z',
      '2021-03-30T20:44:18+5',
    ]) {
      expect(parseIsoToMicros(bad)).toBeNull();
    }
  });

  test('Stamper is strictly increasing even when the clock stops or goes back', () => {
    let now = 1_000;
    const stamper = new Stamper(() => now);
    const a = stamper.next();
    const b = stamper.next();
    now = 500;
    const c = stamper.next();
    now = 2_000;
    const d = stamper.next();
    expect(a).toBe(1_000_001);
    expect([b, c, d]).toEqual([1_000_002, 1_000_003, 2_000_001]);
  });

  test('cursors round-trip and garbage is rejected', () => {
    const pos = { dir: 'next' as const, seq: 12345, page: 3 };
    expect(decodeCursor(encodeCursor(pos))).toEqual(pos);
    expect(decodeCursor(encodeCursor({ dir: 'previous', seq: 1, page: 0 }))).toEqual({
      dir: 'previous',
      seq: 1,
      page: 0,
    });
    for (const bad of [
      '',
      '!!!',
      'cD0yMDIxLTAxLTA2KzAzJTNBMjQlM0E1My40MzQzMjYlMkIwMCUzQTAw',
      Buffer.from('p=1').toString('base64'),
    ]) {
      expect(decodeCursor(bad)).toBeNull();
    }
  });

  test('page_size: default 30, capped at 100, errors below 1 or non-integer', () => {
    expect(parsePageSize(null)).toBe(30);
    expect(parsePageSize('1')).toBe(1);
    expect(parsePageSize('100')).toBe(100);
    expect(parsePageSize('101')).toBe(100);
    for (const bad of ['0', '-3', '1.5', 'ten'])
      expect(parsePageSize(bad)).toEqual({ error: expect.any(String) });
  });
});
