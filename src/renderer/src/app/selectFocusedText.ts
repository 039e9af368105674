// Edit → Select All reaches the page as a command (the menu cannot use the selectAll role, see
// src/main/electron/menu.ts), so the page does the role's job itself where that job is still wanted: in
// the text field that has the focus. (The page has no contenteditable elements.)

/** Input types whose value is text the user can select (a checkbox or a range has none). */
const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number']);

function focusedTextField(): HTMLInputElement | HTMLTextAreaElement | null {
  const focused = document.activeElement;
  if (focused instanceof HTMLTextAreaElement) return focused;
  if (focused instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(focused.type)) return focused;
  return null;
}

/** Selects all the text of the focused text field; false (and nothing selected) when none has the focus. */
export function selectFocusedText(): boolean {
  const field = focusedTextField();
  field?.select();
  return field !== null;
}
