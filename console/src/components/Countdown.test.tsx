import { MantineProvider } from '@mantine/core';
import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Countdown, remaining } from './Countdown';

describe('remaining', () => {
  const now = Date.parse('2026-03-02T09:00:00Z');
  it('counts minutes and seconds, and hours when there are any', () => {
    expect(remaining('2026-03-02T09:29:59Z', now)).toBe('29:59');
    expect(remaining('2026-03-02T09:00:05Z', now)).toBe('0:05');
    expect(remaining('2026-03-02T10:02:03Z', now)).toBe('1:02:03');
  });
  it('is null at and after the deadline', () => {
    expect(remaining('2026-03-02T09:00:00Z', now)).toBeNull();
    expect(remaining('2026-03-02T08:59:00Z', now)).toBeNull();
  });
});

describe('Countdown', () => {
  afterEach(() => vi.useRealTimers());
  it('ticks every second and says when the time is up', () => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.parse('2026-03-02T09:00:00Z'));
    render(
      <MantineProvider>
        <Countdown until="2026-03-02T09:00:02Z" label="Expires" />
      </MantineProvider>,
    );
    expect(screen.getByText('Expires: 0:02 left')).toBeTruthy();
    act(() => vi.advanceTimersByTime(1000));
    expect(screen.getByText('Expires: 0:01 left')).toBeTruthy();
    act(() => vi.advanceTimersByTime(1000));
    expect(screen.getByText('Expires: expired')).toBeTruthy();
  });
});
