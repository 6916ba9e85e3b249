import { describe, expect, it } from '@jest/globals';
import { firstCharacters, personToday } from '../../src/domain/validation.js';

describe("a person's today", () => {
  const now = new Date('2026-11-25T23:30:00Z');

  it("is the day on the person's device", () => {
    expect(personToday(now, '2026-11-26')).toBe('2026-11-26'); // Stockholm, 00:30
    expect(personToday(now, '2026-11-25')).toBe('2026-11-25'); // New York, 18:30
  });

  it('is never outside the days it is somewhere on Earth, whatever the device says', () => {
    // UTC+14 is at 13:30 on the 26th, UTC-12 at 11:30 on the 25th.
    expect(personToday(now, '2026-11-28')).toBe('2026-11-26');
    expect(personToday(now, '2026-11-20')).toBe('2026-11-25');
  });

  it('is the latest day on Earth when the device did not say, so nobody is told their today is in the future', () => {
    expect(personToday(new Date('2026-11-25T09:59:00Z'))).toBe('2026-11-25');
    expect(personToday(new Date('2026-11-25T10:00:00Z'))).toBe('2026-11-26');
  });
});

describe('the first characters of a text', () => {
  it('count an emoji as one character and never cut one in half', () => {
    expect(firstCharacters(`${'a'.repeat(199)}\u{1F600}`, 200)).toBe(`${'a'.repeat(199)}\u{1F600}`);
    expect(firstCharacters(`${'a'.repeat(199)}\u{1F600}b`, 200)).toBe(`${'a'.repeat(199)}\u{1F600}`);
    expect(firstCharacters('\u{1F600}\u{1F600}\u{1F600}', 2)).toBe('\u{1F600}\u{1F600}');
    expect(firstCharacters('short', 200)).toBe('short');
  });
});
