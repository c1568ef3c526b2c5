import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearDraft, readDraft, useDraft } from './drafts';

beforeEach(() => {
  vi.useFakeTimers();
  window.localStorage.clear();
});
afterEach(() => vi.useRealTimers());

describe('drafts', () => {
  it('keeps what was typed, hands it back on the next mount, and forgets it once sent', () => {
    const restore = vi.fn();
    const first = renderHook(({ value }) => useDraft('reply:7', value, restore), { initialProps: { value: { text: '' } } });
    first.rerender({ value: { text: 'Hello, I looked at' } });
    act(() => vi.advanceTimersByTime(300));
    expect(readDraft('reply:7')).toEqual({ text: 'Hello, I looked at' });
    first.unmount();

    const again = renderHook(() => useDraft('reply:7', { text: '' }, restore));
    expect(restore).toHaveBeenCalledWith({ text: 'Hello, I looked at' });
    expect(again.result.current.restored).toBe(true);
    act(() => again.result.current.clear());
    expect(readDraft('reply:7')).toBeNull();
  });

  it('keeps one draft per key', () => {
    window.localStorage.setItem('console-draft:a', JSON.stringify('one'));
    window.localStorage.setItem('console-draft:b', JSON.stringify('two'));
    clearDraft('a');
    expect(readDraft('a')).toBeNull();
    expect(readDraft('b')).toBe('two');
  });
});
