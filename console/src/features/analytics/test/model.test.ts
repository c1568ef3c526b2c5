import { describe, expect, it } from 'vitest';

import { axisOption, heatOption } from '../charts/options';
import { baseOption, okabeIto } from '../charts/palette';
import { bandLearners, bulkHandOff, cohortLearners, signupLearners } from '../model/links';
import { comparisonOf, rangeOf, validateAnalyticsSearch } from '../model/search';

describe('the analytics search', () => {
  it('keeps what fits and drops the rest', () => {
    const s = validateAnalyticsSearch({
      from: '2026-03-01',
      to: 'yesterday',
      segment: 'course:PY-101',
      compare: 'previous',
      band: 'extreme',
      status: ['active', 'suspended', 'gone'],
      n: '3',
      view: 'table',
    });
    expect(s).toEqual({ from: '2026-03-01', segment: 'course:PY-101', compare: 'previous', status: ['active', 'suspended'], n: 3, view: 'table' });
    expect(validateAnalyticsSearch({ segment: 'colour:blue' })).toEqual({});
  });

  it('works out the range and the comparison period', () => {
    const range = rangeOf({}, new Date('2026-03-31T12:00:00Z'));
    expect(range).toEqual({ from: '2026-03-02', to: '2026-03-31' });
    expect(rangeOf({ from: '2026-03-10', to: '2026-03-01' })).toEqual({ from: '2026-03-01', to: '2026-03-10' });
    expect(comparisonOf({ from: '2026-03-01', to: '2026-03-10' }, 'previous')).toEqual({ from: '2026-02-19', to: '2026-02-28' });
    expect(comparisonOf({ from: '2026-03-01', to: '2026-03-10' }, 'year')).toEqual({ from: '2025-03-01', to: '2025-03-10' });
    expect(comparisonOf(range, undefined)).toBeNull();
  });
});

describe('links out of analytics', () => {
  it('opens a cohort, a funnel and a band in the learner search', () => {
    expect(cohortLearners('2026-02')).toBe('/learners?joined_after=2026-02-01&joined_before=2026-02-28');
    expect(signupLearners('2026-03-01', '2026-03-31', 'PY-101')).toBe(
      '/learners?joined_after=2026-03-01&joined_before=2026-03-31&course=PY-101&enrollment_status=enrolled',
    );
    expect(bandLearners('high', ['active'])).toBe(
      `/learners?risk_min=50&risk_max=74.9&status=${encodeURIComponent('["active"]')}&sort=-risk_score`,
    );
  });

  it('hands the chosen learners or the whole filter to the bulk wizard', () => {
    expect(bulkHandOff('notify', { ids: [7, 3, 12] })).toBe('/bulk/new?op=notify&ids=7%2C3%2C12');
    const all = new URLSearchParams(bulkHandOff('export', { band: 'critical', course: 'PY-101' }).split('?')[1]);
    expect(all.get('op')).toBe('export');
    expect(JSON.parse(all.get('filter')!)).toEqual({ status: ['active'], course: 'PY-101', risk_min: 75, risk_max: 100 });
  });
});

describe('chart options', () => {
  it('puts series on axes, categories on y when horizontal', () => {
    const o = axisOption(['a', 'b'], [{ name: 'Tickets', values: [3, 5], kind: 'bar', stack: 's' }], true) as {
      yAxis: { type: string; data: string[] };
      xAxis: { type: string };
      series: { type: string; data: number[]; stack: string }[];
    };
    expect(o.yAxis).toMatchObject({ type: 'category', data: ['a', 'b'] });
    expect(o.xAxis.type).toBe('value');
    expect(o.series[0]).toMatchObject({ name: 'Tickets', type: 'bar', data: [3, 5], stack: 's' });
  });

  it('flattens a matrix into heatmap cells, empty cells marked', () => {
    const o = heatOption(['0', '1'], ['Jan', 'Feb'], [[0.5, 0.25], [1, null]], false) as {
      series: { data: unknown[] }[];
      visualMap: { max: number; inRange: { color: string[] } };
    };
    expect(o.series[0]!.data).toEqual([[0, 0, 0.5], [1, 0, 0.25], [0, 1, 1], [1, 1, '-']]);
    expect(o.visualMap.max).toBe(1);
    expect(o.visualMap.inRange.color).toHaveLength(4);
  });

  it('draws in Okabe-Ito, with no black on a dark background', () => {
    expect(okabeIto(false)).toContain('#000000');
    expect(okabeIto(true)).not.toContain('#000000');
    expect(baseOption(true)).toMatchObject({ backgroundColor: 'transparent', color: okabeIto(true) });
  });
});
