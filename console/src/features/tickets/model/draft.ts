/** A reply or note being written, kept per ticket in localStorage so a reload, a crash or an expired session
 * never loses it. */

export type ComposerMode = 'comment' | 'internal_note';

export interface Draft {
  mode: ComposerMode;
  text: string;
}

const PREFIX = 'console.tickets.draft.';

export function draftKey(ticketId: number): string {
  return `${PREFIX}${ticketId}`;
}

export function loadDraft(ticketId: number): Draft {
  try {
    const raw = window.localStorage.getItem(draftKey(ticketId));
    if (raw) {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed === 'object' && parsed !== null) {
        const { mode, text } = parsed as Record<string, unknown>;
        return {
          mode: mode === 'internal_note' ? 'internal_note' : 'comment',
          text: typeof text === 'string' ? text : '',
        };
      }
    }
  } catch {
    // storage unavailable or a corrupt entry: start from an empty draft
  }
  return { mode: 'comment', text: '' };
}

export function saveDraft(ticketId: number, draft: Draft): void {
  try {
    if (draft.text === '' && draft.mode === 'comment') window.localStorage.removeItem(draftKey(ticketId));
    else window.localStorage.setItem(draftKey(ticketId), JSON.stringify(draft));
  } catch {
    // storage full or disabled: the draft lives in memory only
  }
}
