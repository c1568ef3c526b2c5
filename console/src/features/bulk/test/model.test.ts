/** The wizard's request rules, the hand-off's URL parsing and the live counters' arithmetic. */
import { describe, expect, it } from 'vitest';
import { applyProgress, formatDuration, readProgress } from '../model/progress';
import { buildRequest, DEFAULT_PARAMS, isImportFile } from '../model/request';
import { parseFilter, parseIds, validateHistorySearch, type Operation } from '../model/search';

describe('the wizard request', () => {
  it('sends the picked ids, or the filter, never both; says what is missing first', () => {
    const p = { ...DEFAULT_PARAMS, status: 'suspended' as const, reason: '  inactive  ' };
    expect(buildRequest('update_status', { ids: [3, 4], filters: { status: ['active'] } }, p, true)).toEqual({
      body: { operation_type: 'update_status', dry_run: true, parameters: { user_ids: [3, 4], status: 'suspended', reason: 'inactive' } },
    });
    expect(buildRequest('update_status', { filters: { status: ['active'] } }, p, false)).toMatchObject({
      body: { dry_run: false, parameters: { filters: { status: ['active'] } } },
    });
    expect(buildRequest('notify', {}, p, true)).toEqual({ missing: 'subjects' });
    expect(buildRequest('notify', { ids: [1] }, p, true)).toEqual({ missing: 'message' });
    expect(buildRequest('update_fields', { ids: [1] }, p, true)).toEqual({ missing: 'changes' });
    expect(buildRequest('update_status', { ids: [1] }, DEFAULT_PARAMS, true)).toEqual({ missing: 'status' });
  });

  it('exports everyone when no filter was handed over, and needs a column', () => {
    expect(buildRequest('export', {}, DEFAULT_PARAMS, true)).toMatchObject({ body: { parameters: { filters: null, format: 'csv' } } });
    expect(buildRequest('export', {}, { ...DEFAULT_PARAMS, fields: [] }, true)).toEqual({ missing: 'fields' });
  });

  it('takes .csv and .xlsx files only', () => {
    expect(isImportFile('People.XLSX')).toBe(true);
    expect(isImportFile('people.csv')).toBe(true);
    expect(isImportFile('people.xls')).toBe(false);
  });
});

describe('the URL', () => {
  it('keeps valid ids once each and drops the rest', () => {
    expect(parseIds('4,4,x,0,17')).toEqual([4, 17]);
    expect(parseIds('')).toBeUndefined();
  });

  it('reads a handed-over filter by its known names only', () => {
    expect(parseFilter('{"status":["active"],"risk_min":70,"evil":"x","q":{"a":1}}')).toEqual({ status: ['active'], risk_min: 70 });
    expect(parseFilter('not json')).toBeUndefined();
    expect(parseFilter('[1]')).toBeUndefined();
  });

  it('drops a history filter that does not fit', () => {
    expect(validateHistorySearch({ type: 'notify', status: 'nope', created_by: '', since: '2026-13-45' })).toEqual({ type: 'notify' });
  });
});

describe('live progress', () => {
  const op = { operation_id: 9, started_at: '2026-01-01T00:00:00Z', rate_per_s: null } as Operation;
  const event = { operation_id: 9, status: 'in_progress', progress: 25, total_items: 400, processed: 100, success_count: 90, error_count: 10, skipped_count: 0, at: '2026-01-01T00:00:10Z' };

  it('works out the rate and the time left from the start to the event', () => {
    const counters = applyProgress(op, readProgress(event, 9)!);
    expect(counters.rate_per_s).toBe(10);
    expect(counters.eta_s).toBe(30);
    expect(applyProgress(op, { ...event, status: 'completed', processed: 400 } as never).eta_s).toBeNull();
  });

  it('ignores another operation’s events and malformed ones', () => {
    expect(readProgress(event, 8)).toBeNull();
    expect(readProgress({ ...event, processed: '100' }, 9)).toBeNull();
    expect(readProgress('text', 9)).toBeNull();
  });

  it('says durations in plain words', () => {
    expect(formatDuration(12)).toBe('12 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(3720)).toBe('1 h 02 min');
  });
});
