import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { errorMessage } from '../../lib/result';

export function Choice<T extends string>(props: {
  legend: string;
  name: string;
  options: readonly T[];
  labels: Record<T, string>;
  value: T;
  onChange: (v: T) => void;
}) {
  return (
    <fieldset className="settings-group">
      <legend>{props.legend}</legend>
      {props.options.map((o) => (
        <label key={o} className="settings-option">
          <input
            type="radio"
            name={props.name}
            checked={props.value === o}
            onChange={() => props.onChange(o)}
          />
          {props.labels[o]}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * A typed setting with its own Save button (Enter saves too). A value is checked here first, so a plain
 * mistake is explained at once; whatever the core still refuses is shown with the core's own words.
 */
export function TextSetting(props: {
  label: string;
  value: string;
  hint?: ReactNode;
  inputMode?: 'text' | 'url' | 'numeric';
  /** A message when the text is not acceptable, or null. */
  check: (text: string) => string | null;
  save: (text: string) => Promise<void>;
  extra?: ReactNode;
  /** An error from outside the field (for example the folder picker), shown like its own. */
  outsideError?: string | null;
}) {
  const id = useId();
  const [draft, setDraft] = useState(props.value);
  const [seen, setSeen] = useState(props.value);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // A new value from the core (saved here, chosen in the picker, or changed elsewhere) replaces the draft.
  if (props.value !== seen) {
    setSeen(props.value);
    setDraft(props.value);
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    const problem = props.check(text);
    if (problem) {
      setError(problem);
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await props.save(text);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const shown = error ?? props.outsideError ?? null;
  return (
    <form className="settings-field" onSubmit={(e) => void submit(e)} noValidate>
      <label htmlFor={`${id}-input`}>{props.label}</label>
      <div className="settings-field-row">
        <input
          id={`${id}-input`}
          type="text"
          inputMode={props.inputMode ?? 'text'}
          value={draft}
          spellCheck={false}
          aria-invalid={error !== null}
          aria-describedby={[props.hint ? `${id}-hint` : '', shown ? `${id}-error` : '']
            .filter(Boolean)
            .join(' ')}
          onChange={(e) => {
            setDraft(e.target.value);
            setError(null);
          }}
        />
        <button type="submit" className="button" disabled={saving || draft.trim() === props.value}>
          Save
        </button>
        {props.extra}
      </div>
      {props.hint ? (
        <p id={`${id}-hint`} className="settings-hint">
          {props.hint}
        </p>
      ) : null}
      {shown ? (
        <p id={`${id}-error`} className="settings-error" role="alert">
          {shown}
        </p>
      ) : null}
    </form>
  );
}

/** A whole-number check for the numeric fields, with the unit named in the message. */
export function wholeNumberIn(min: number, max: number, what: string) {
  return (text: string): string | null => {
    if (!/^\d+$/.test(text)) return `Enter ${what} as a whole number.`;
    const n = Number(text);
    if (n < min || n > max) return `Enter ${what} from ${min} to ${max.toLocaleString('en-US')}.`;
    return null;
  };
}

/** A server address the core accepts: an http or https URL. */
export function checkServerUrl(text: string): string | null {
  if (text === '') return 'Enter the server address, for example https://aiasmr.so.';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `“${text}” is not a web address. Enter it like https://aiasmr.so.`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return 'The server address must start with http:// or https://.';
  return null;
}
