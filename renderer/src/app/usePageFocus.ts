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
