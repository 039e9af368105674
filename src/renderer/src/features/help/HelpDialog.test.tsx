import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithApi } from '../../../test/render';
import { HelpDialog } from './HelpDialog';

describe('HelpDialog', () => {
  // Issue 13, defect 6: the FAQ said a regenerate "uses a new seed"; it reuses the original prompt,
  // settings and seed (the requirements ask for original configurations to be preserved).
  it('says what Regenerate does: the original prompt, settings and seed, never a new seed', async () => {
    renderWithApi(<HelpDialog open focusCode={null} onOpenChange={() => undefined} />);
    const dialog = await screen.findByRole('dialog', { name: 'Help & FAQ' });
    expect(dialog).not.toHaveTextContent(/new seed/i);
    const entry = within(dialog).getByText('What does Regenerate do?').closest('details');
    expect(entry).toHaveTextContent('original prompt, settings and seed');
  });
});
