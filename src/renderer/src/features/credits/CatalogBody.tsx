import type { ReactNode } from 'react';
import type { Catalog } from '../../../../shared/api/schemas';
import { useCatalog } from './useCatalog';

interface Props {
  open: boolean;
  /** What the dialog offers, for the loading and error lines ("packs", "plans"). */
  noun: string;
  children: (catalog: Catalog) => ReactNode;
}

/** The billing catalog once loaded; until then a loading line, or the error with a retry. */
export function CatalogBody({ open, noun, children }: Props) {
  const { catalog, error, retry } = useCatalog(open);
  if (catalog) return <>{children(catalog)}</>;
  if (error)
    return (
      <p role="alert">
        Could not load the {noun}: {error}{' '}
        <button type="button" className="link-button" onClick={retry}>
          Retry
        </button>
      </p>
    );
  return <p aria-busy="true">Loading {noun}…</p>;
}
