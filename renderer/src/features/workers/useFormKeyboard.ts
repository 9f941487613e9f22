import { useCallback, useEffect, useRef, type KeyboardEvent } from 'react';
import { insideDialog } from '../../app/useHotkey';

function focusable(id: string): HTMLElement | null {
  const el = document.getElementById(id);
  if (!el || el.hasAttribute('disabled') || el.offsetParent === null) return null;
  return el;
}

const isOpenSelect = (el: Element | null) => el?.getAttribute('aria-expanded') === 'true';

/**
 * Keyboard-first data entry: Enter moves to the next field in `order` (and submits after
 * the last), Ctrl+Enter submits from anywhere, Esc cancels. An open Select keeps its own
 * Enter (choose an option) and Esc (close the list).
 */
export function useFormKeyboard(order: readonly string[], submit: () => void, cancel: () => void) {
  const cancelRef = useRef(cancel);
  useEffect(() => {
    cancelRef.current = cancel;
  });

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape' || e.isComposing || isOpenSelect(e.target as Element) || insideDialog(e.target)) return;
      e.preventDefault();
      cancelRef.current();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  const focusAfter = useCallback(
    (id: string): boolean => {
      for (const next of order.slice(order.indexOf(id) + 1)) {
        const el = focusable(next);
        if (el) {
          el.focus();
          return true;
        }
      }
      return false;
    },
    [order],
  );

  return useCallback(
    (e: KeyboardEvent<HTMLElement>) => {
      if (e.key !== 'Enter' || e.nativeEvent.isComposing || e.keyCode === 229) return;
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        e.stopPropagation();
        submit();
        return;
      }
      const target = e.target as HTMLElement;
      if (!order.includes(target.id)) return;
      if (isOpenSelect(target)) {
        // A microtask, not a timer: the list has taken the Enter by now, and the next keystroke
        // (clerks type straight on) must already land in the next field.
        if (!target.closest('.ant-select-multiple')) queueMicrotask(() => focusAfter(target.id));
        return;
      }
      e.preventDefault();
      e.stopPropagation();
      if (!focusAfter(target.id)) submit();
    },
    [order, submit, focusAfter],
  );
}
