import { describe, expect, it } from 'vitest';

import { queueViews } from '../model/search';

const { fromParams, toParams } = queueViews;

describe('a saved queue view', () => {
  it('stores the filters as strings and reads them back through the URL validation', () => {
    const search = { status: ['open' as const, 'pending_user' as const], priority: 'urgent' as const, team: 'billing', tags: ['refund'] };
    const params = toParams(search);
    expect(params).toEqual({ status: '["open","pending_user"]', priority: 'urgent', team: 'billing', tags: '["refund"]' });
    expect(fromParams(params)).toEqual(search);
  });

  it('drops what no longer fits instead of failing', () => {
    expect(fromParams({ priority: 'sometime', team: 'billing' })).toEqual({ priority: undefined, team: 'billing' });
  });
});
