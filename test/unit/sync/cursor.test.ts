import { advanceCursor } from '../../../shared/sync/cursor';

describe('advanceCursor (invariant 4)', () => {
  it('is the run start less the overlap', () => {
    expect(advanceCursor(null, '2026-05-01T12:00:00.000Z', 120)).toBe('2026-05-01T11:58:00.000Z');
  });

  it('moves forward from an older cursor', () => {
    expect(advanceCursor('2026-05-01T10:00:00.000Z', '2026-05-01T12:00:00.000Z', 0)).toBe(
      '2026-05-01T12:00:00.000Z',
    );
  });

  it('never moves backwards (a slow run that started before the last completed one)', () => {
    expect(advanceCursor('2026-05-01T12:30:00.000Z', '2026-05-01T12:00:00.000Z', 60)).toBe(
      '2026-05-01T12:30:00.000Z',
    );
  });

  it('keeps the cursor when the start time is unreadable', () => {
    expect(advanceCursor('2026-05-01T12:30:00.000Z', 'not a time', 60)).toBe('2026-05-01T12:30:00.000Z');
  });

  it('compares instants, not strings (a cursor written with an offset)', () => {
    expect(advanceCursor('2026-05-01T14:30:00+02:00', '2026-05-01T12:00:00.000Z', 0)).toBe(
      '2026-05-01T14:30:00+02:00',
    );
  });
});
