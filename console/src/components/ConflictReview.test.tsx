/** The conflict review both the knowledge base and the tickets show on a 409 stale version. */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { ConflictReview } from './ConflictReview';

const fields = [
  { key: 'priority', label: 'Priority', before: 'Normal', now: 'Urgent' },
  { key: 'status', label: 'Status', mine: 'Resolved' },
];

describe('a conflict review', () => {
  it('shows each field then, now and as edited, "(unchanged)" where a side left it alone', () => {
    renderWithProviders(<ConflictReview fields={fields} onReapply={vi.fn()} onDiscard={vi.fn()} />);
    const alert = screen.getByRole('alert', { name: 'Someone changed this while you were editing' });
    const priority = within(alert).getByRole('row', { name: /Priority/ });
    expect(within(priority).getAllByRole('cell').map((c) => c.textContent)).toEqual(['Normal', 'Urgent', '(unchanged)']);
    const status = within(alert).getByRole('row', { name: /Status/ });
    expect(within(status).getAllByRole('cell').map((c) => c.textContent)).toEqual(['(unchanged)', '(unchanged)', 'Resolved']);
    expect(within(alert).getAllByRole('columnheader').map((c) => c.textContent)).toEqual(['Field', 'When you loaded it', 'Now', 'Your change']);
  });

  it('re-applies or drops the change, and shows the note a screen adds', async () => {
    const onReapply = vi.fn();
    const onDiscard = vi.fn();
    renderWithProviders(<ConflictReview fields={fields} note="Nothing you changed was changed" onReapply={onReapply} onDiscard={onDiscard} />);
    expect(screen.getByText('Nothing you changed was changed')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Re-apply my change' }));
    await userEvent.click(screen.getByRole('button', { name: 'Drop my change' }));
    expect(onReapply).toHaveBeenCalledOnce();
    expect(onDiscard).toHaveBeenCalledOnce();
  });

  it('cannot drop the change while it is being re-applied', () => {
    renderWithProviders(<ConflictReview fields={fields} busy onReapply={vi.fn()} onDiscard={vi.fn()} />);
    expect(screen.getByRole('button', { name: 'Drop my change' })).toBeDisabled();
  });
});
