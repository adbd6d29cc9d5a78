import { describe, expect, it } from 'vitest';
import { parseDate } from '../../../functions/core/dates.ts';

describe('Function: parseDate', () => {
  it.each([
    ['2023-09-14', '2023-09-14'],
    ['2023-09-14T10:32:00+01:00', '2023-09-14T09:32:00Z'],
    ['2023-09-14T10:32:00.123Z', '2023-09-14T10:32:00Z'],
    ['Thu, 14 Sep 2023 10:32:00 +0100', '2023-09-14T09:32:00Z'],
    ['Thursday 14 September 2023 10.17 BST', '2023-09-14T09:17:00Z'],
    ['14 September 2023 • 4:17pm', '2023-09-14T16:17:00Z'],
    ['September 14, 2023 at 4:17 p.m. ET', '2023-09-14T20:17:00Z'],
    ['January 14, 2023 at 4:17 p.m. ET', '2023-01-14T21:17:00Z'],
    ['4:17 PM EDT, September 14, 2023', '2023-09-14T20:17:00Z'],
    ['September 21, 2023 3:50 PM GMT+1', '2023-09-21T14:50:00Z'],
    ['Sep 14, 2023', '2023-09-14'],
    ['14th Sept 2023', '2023-09-14'],
    ['14. September 2023, 10:32 Uhr', '2023-09-14T10:32:00Z'],
    ['15 septembre 2023 à 10h32', '2023-09-15T10:32:00Z'],
    ['14 de septiembre de 2023', '2023-09-14'],
    ['14.09.2023', '2023-09-14'],
    ['23/08/2023 - 14:12 GMT+2', '2023-08-23T12:12:00Z'],
    ['08/23/2023', '2023-08-23'],
  ])('reads "%s"', (input, expected) => {
    // Assess
    expect(parseDate(input)).toBe(expected);
  });

  it.each([
    '2 hours ago',
    '09/10/2023',
    'Putin last visited North Korea in July 2000',
    '31 February 2023',
    '2023-13-01',
    'September 2023',
    '14 September 2023 10:32 XYZ',
    '',
  ])('does not read "%s"', (input) => {
    // Assess
    expect(parseDate(input)).toBeUndefined();
  });
});
