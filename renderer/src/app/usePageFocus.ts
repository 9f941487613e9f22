import { useEffect, type RefObject } from 'react';
import { insideDialog } from './useHotkey';

/**
 * What `autoFocus` does for a page's first field, except when a dialog already holds the focus.
 * A page can mount after a modal opened over it (the key passphrase asked for right after an
 * admin's login, while the list page's code still loads): `autoFocus` would move the caret out of
 * the dialog, and the passphrase typed next would land, visible, in the search box behind it.
 */
export function usePageFocus(ref: RefObject<{ focus: () => void } | null>, enabled = true) {
  useEffect(() => {
    if (enabled && !insideDialog(document.activeElement)) ref.current?.focus();
    // Only on arrival, as autoFocus: a later focus belongs to whatever the user did.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}

/**
 * `autoFocus` for what appears when background work finishes (a PDF's 打印 / 打开 PDF, an issue's
 * result): the user may have opened a dialog meanwhile (修改密码, a confirmation), and the keys typed
 * next belong to it; Enter must not print or open the PDF behind it. Inside its own dialog the
 * element still takes the focus: that dialog is where the user is working.
 */
export function useArrivalFocus(ref: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const el = ref.current;
    const active = document.activeElement;
    // Someone typing in a field keeps it: an institution scanning the next voucher while the last
    // one's receipt is made would otherwise lose the scanner's keystrokes to the button.
    if (active instanceof HTMLElement && isTyping(active)) return;
    const holder = active?.closest('[role="dialog"]') ?? null;
    if (el && (holder === null || holder === el.closest('[role="dialog"]'))) el.focus();
    // Only on arrival, as autoFocus.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}

/** A field that takes typed text (not a button, a checkbox or the page itself). */
function isTyping(el: HTMLElement): boolean {
  if (el.isContentEditable || el instanceof HTMLTextAreaElement) return true;
  return (
    el instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit', 'reset', 'file'].includes(el.type)
  );
}
