import { describe, expect, it } from 'vitest';
import { activeFilterCount, learnerViews, toQuery, validateLearnerSearch } from './search';

const { fromParams, toParams } = learnerViews;

describe('the learners URL state', () => {
  it('keeps every valid filter and drops what does not fit, without failing', () => {
    const s = validateLearnerSearch({
      q: 'ana',
      status: ['active', 'nonsense', 'suspended'],
      platform_role: 'wizard',
      risk_min: '40',
      risk_max: 140,
      inactive_days: '3.5',
      joined_after: '2026-01-31',
      last_active_before: 'yesterday',
      sort: '-risk_score',
      cols: 'email',
    });
    expect(s).toEqual({
      q: 'ana',
      status: ['active', 'suspended'],
      risk_min: 40,
      joined_after: '2026-01-31',
      sort: '-risk_score',
      cols: ['email'],
    });
    expect(activeFilterCount(s)).toBe(3);
  });

  it('turns days into instants for the API and leaves out what is unset', () => {
    const q = toQuery({ q: '  ana ', status: ['active'], joined_after: '2026-01-31', joined_before: '2026-02-01', cursor: 'abc' });
    expect(q.q).toBe('ana');
    expect(q.status).toEqual(['active']);
    expect(q.cursor).toBe('abc');
    expect(new Date(q.joined_after ?? '').getDate()).toBe(31);
    expect(new Date(q.joined_before ?? '').getHours()).toBe(23);
    expect('course' in q).toBe(false);
    expect(q.limit).toBe(50);
  });

  it('round-trips through a saved view (strings on the server), without the page', () => {
    const s = validateLearnerSearch({ q: '12', status: ['active'], risk_min: 40, sort: 'name', cursor: 'c1' });
    const params = toParams(s);
    expect(Object.values(params).every((v) => typeof v === 'string')).toBe(true);
    expect(params['cursor']).toBeUndefined();
    expect(fromParams(params)).toEqual({ q: '12', status: ['active'], risk_min: 40, sort: 'name' });
  });
});
