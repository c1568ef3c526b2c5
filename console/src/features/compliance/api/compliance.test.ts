import { describe, expect, it } from 'vitest';
import { dayStart, reportCsvHref } from './compliance';

describe('the report filters', () => {
  it('turn a day into the start of that day, or of the next for an "until" (a whole day is included)', () => {
    expect(dayStart('2026-03-02')).toBe('2026-03-02T00:00:00.000Z');
    expect(dayStart('2026-02-28', true)).toBe('2026-03-01T00:00:00.000Z');
    expect(dayStart(undefined)).toBeUndefined();
  });

  it('give the CSV link the same filter as the screen', () => {
    const href = reportCsvHref({ name: 'impersonation', actor: 7, person: 42, since: '2026-03-01', until: '2026-03-01' });
    const url = new URL(href, 'http://x');
    expect(url.pathname).toBe('/api/compliance/reports/impersonation');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      format: 'csv',
      actor_id: '7',
      person_id: '42',
      since: '2026-03-01T00:00:00.000Z',
      until: '2026-03-02T00:00:00.000Z',
    });
    expect(reportCsvHref({})).toBe('/api/compliance/reports/data-access?format=csv');
  });
});

describe('the report table headers', () => {
  it('names the people columns and leaves the others as the API names them', async () => {
    const { header } = await import('../components/ReportTable');
    expect(['actor', 'actor_email', 'person', 'person_email', 'person_id'].map(header)).toEqual([
      'Actor',
      'Actor e-mail',
      'Person',
      'Person e-mail',
      'person_id',
    ]);
  });
});
