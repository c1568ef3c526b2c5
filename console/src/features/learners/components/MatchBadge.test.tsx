/** The learner search's match kind beside a result's name: nothing when exact, a "Close match" for a typo. */
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/test/render';
import { MatchBadge } from './ResultsTable';

describe('a match badge', () => {
  it('says how a result matched unless it matched exactly', () => {
    const { unmount } = renderWithProviders(<MatchBadge match="typo" />);
    expect(screen.getByTitle('Not an exact match for the search')).toHaveTextContent('Close match');
    unmount();
    renderWithProviders(<MatchBadge match="prefix" />);
    expect(screen.getByText('Starts with')).toBeInTheDocument();
  });

  it('shows nothing for an exact match or without a search', () => {
    renderWithProviders(
      <>
        <MatchBadge match="exact" />
        <MatchBadge match={null} />
      </>,
    );
    expect(screen.queryByTitle('Not an exact match for the search')).not.toBeInTheDocument();
  });
});
