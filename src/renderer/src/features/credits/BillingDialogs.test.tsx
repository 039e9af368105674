import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithApi } from '../../../test/render';
import { MemoryApi } from '../../../test/memory-api';
import { BuyCreditsDialog } from './BuyCreditsDialog';
import { UpgradePlanDialog } from './UpgradePlanDialog';

describe('billing dialogs', () => {
  // Issue 13, defect 3: the pack's Buy button charged at once.
  it('asks to confirm the pack, its price and the new balance before charging, then buys and closes', async () => {
    const onOpenChange = vi.fn();
    const { memory } = renderWithApi(<BuyCreditsDialog open onOpenChange={onOpenChange} balance={10} />);
    const before = memory.credits.balance;
    await userEvent.click(await screen.findByRole('button', { name: 'Buy 500 credits for $39.00' }));
    const dialog = screen.getByRole('dialog', { name: 'Confirm your purchase' });
    expect(within(dialog).getByText('500 credits')).toBeInTheDocument();
    expect(within(dialog).getByText('$39.00')).toBeInTheDocument();
    expect(within(dialog).getByText('510 credits')).toBeInTheDocument();
    expect(memory.callsTo('billing:purchase')).toEqual([]);
    expect(memory.credits.balance).toBe(before);
    // Back returns to the packs without buying.
    await userEvent.click(within(dialog).getByRole('button', { name: 'Back' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Buy 500 credits for $39.00' }));
    await userEvent.click(screen.getByRole('button', { name: 'Pay $39.00' }));
    expect(await screen.findByText(/^Added 500 credits\. Balance: /)).toBeInTheDocument();
    expect(memory.callsTo('billing:purchase')).toEqual([{ pack: 'creator' }]);
    expect(memory.credits.balance).toBe(before + 500);
    expect(onOpenChange).toHaveBeenCalledWith(false);
  });

  it('keeps the dialog open and says why when the purchase is refused', async () => {
    const memory = new MemoryApi();
    memory.failures.set('billing:purchase', { code: 'offline', message: 'The server cannot be reached' });
    const onOpenChange = vi.fn();
    renderWithApi(<BuyCreditsDialog open onOpenChange={onOpenChange} balance={10} />, memory);
    await userEvent.click(await screen.findByRole('button', { name: /^Buy 100 credits/ }));
    await userEvent.click(screen.getByRole('button', { name: /^Pay / }));
    expect(await screen.findByText('Purchase failed: The server cannot be reached')).toBeInTheDocument();
    expect(onOpenChange).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: /^Pay / })).toBeEnabled();
  });

  it('shows a catalog error with a retry that loads the plans', async () => {
    const memory = new MemoryApi();
    memory.failures.set('billing:catalog', { code: 'offline', message: 'The server cannot be reached' });
    renderWithApi(<UpgradePlanDialog open onOpenChange={() => undefined} plan="free" />, memory);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not load the plans: The server cannot be reached',
    );
    memory.failures.delete('billing:catalog');
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Upgrade to Pro' }));
    expect(await screen.findByText('You are now on the Pro plan.')).toBeInTheDocument();
    await waitFor(() => expect(memory.callsTo('billing:changePlan')).toEqual([{ plan: 'pro' }]));
  });
});
