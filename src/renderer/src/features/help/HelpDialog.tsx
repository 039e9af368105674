import { useEffect, useRef } from 'react';
import { ACTION_FAQ, FAILURE_FAQ_ENTRIES, SUPPORT_EMAIL } from '../../../../shared/faq';
import type { FailureCode } from '../../../../shared/api/vocabulary';
import { Modal } from '../../components/Modal';
import { SupportLink } from './SupportLink';
import './help.css';

interface HelpDialogProps {
  open: boolean;
  /** The failure to open at, from a card's "Why did this fail?" link. */
  focusCode: FailureCode | null;
  onOpenChange: (open: boolean) => void;
}

export function HelpDialog({ open, focusCode, onOpenChange }: HelpDialogProps) {
  const list = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    if (!open || !focusCode) return;
    // After Radix has mounted the content: open and bring the matching entry into view.
    const frame = requestAnimationFrame(() => {
      const entry = list.current?.querySelector<HTMLDetailsElement>(`#faq-${focusCode}`);
      if (!entry) return;
      entry.open = true;
      entry.scrollIntoView?.({ block: 'nearest' });
      entry.querySelector('summary')?.focus();
    });
    return () => cancelAnimationFrame(frame);
  }, [open, focusCode]);

  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      title="Help & FAQ"
      wide
      description="Why generations fail, what to do next, and what Regenerate does."
    >
      <div className="faq" ref={list}>
        {FAILURE_FAQ_ENTRIES.map((entry) => (
          <details
            key={entry.id}
            id={entry.id}
            className="faq-entry"
            open={entry.code === focusCode || undefined}
          >
            <summary>{entry.question}</summary>
            <p>{entry.answer}</p>
          </details>
        ))}
        {ACTION_FAQ.map((entry) => (
          <details key={entry.id} id={entry.id} className="faq-entry">
            <summary>{entry.question}</summary>
            <p>{entry.answer}</p>
          </details>
        ))}
      </div>
      <p className="support">
        Need help? Email <SupportLink>{SUPPORT_EMAIL}</SupportLink>
      </p>
    </Modal>
  );
}
