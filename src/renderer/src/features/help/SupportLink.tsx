import type { ReactNode } from 'react';
import { SUPPORT_EMAIL } from '../../../../shared/faq';
import { useApi } from '../../app/ApiContext';
import { useToasts } from '../toasts/ToastProvider';
import { errorMessage, unwrap } from '../../lib/result';

const MAILTO = `mailto:${SUPPORT_EMAIL}`;

/** A real mailto link, opened through the core (`external:open`) since the page never navigates itself. */
export function SupportLink({ children }: { children: ReactNode }) {
  const api = useApi();
  const { show } = useToasts();
  return (
    <a
      href={MAILTO}
      onClick={(e) => {
        e.preventDefault();
        api['external:open']({ url: MAILTO })
          .then(unwrap)
          .then(
            (r) => !r.opened && show('info', `Write to ${SUPPORT_EMAIL} from your mail app.`),
            (err: unknown) =>
              show(
                'error',
                `Could not open your mail app (${errorMessage(err)}). Write to ${SUPPORT_EMAIL}.`,
              ),
          );
      }}
    >
      {children}
    </a>
  );
}
