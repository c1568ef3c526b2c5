/** The learner search's match kinds (the API's `match`), merged into the catalogue in en.ts. */
export const search = {
  'learners.match.prefix': 'Starts with',
  'learners.match.fragment': 'Partial match',
  'learners.match.typo': 'Close match',
  'learners.match.hint': 'Not an exact match for the search',
} as const;
