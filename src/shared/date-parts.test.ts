import { describe, expect, it } from 'vitest';
import { readDateParts } from './date-parts.js';

const read = (day: string, month: string, year: string, required = false) =>
  readDateParts({ day, month, year }, 'the start date', required);

describe('readDateParts (GOV.UK date input)', () => {
  it('reads a date typed in three boxes as an ISO date', () => {
    expect(read('27', '3', '2026')).toEqual({ ok: true, value: '2026-03-27' });
    expect(read(' 1 ', '01', '2024')).toEqual({ ok: true, value: '2024-01-01' });
    expect(read('29', 'Feb', '2024')).toEqual({ ok: true, value: '2024-02-29' });
    expect(read('5', 'september', '2025')).toEqual({ ok: true, value: '2025-09-05' });
  });
  it('an empty optional date is no date; an empty required one asks for it with an example', () => {
    expect(read('', '', '')).toEqual({ ok: true, value: null });
    expect(read('', '', '', true)).toMatchObject({ ok: false, message: 'Enter the start date, for example 27 3 2026' });
  });
  it('says which part is missing', () => {
    expect(read('27', '', '2026')).toEqual({ ok: false, message: 'Start date must include a month', parts: ['month'] });
    expect(read('', '3', '')).toEqual({ ok: false, message: 'Start date must include a day and a year', parts: ['day', 'year'] });
  });
  it('says when it is not a real date, or the year is not 4 numbers', () => {
    expect(read('30', '2', '2026')).toMatchObject({ ok: false, message: 'Start date must be a real date', parts: ['day'] });
    expect(read('29', '2', '2025')).toMatchObject({ ok: false, message: 'Start date must be a real date' });
    expect(read('12', '13', '2026')).toMatchObject({ ok: false, message: 'Start date must be a real date', parts: ['month'] });
    expect(read('x', '1', '2026')).toMatchObject({ ok: false, message: 'Start date must be a real date' });
    expect(read('1', '1', '26')).toMatchObject({ ok: false, message: 'Start date must include a year with 4 numbers, for example 2026' });
  });
});
