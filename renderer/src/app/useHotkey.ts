import { useEffect, useRef } from 'react';

/** Keys pressed in a modal or on the lock screen belong to it, not to the page behind. */
export function insideDialog(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('[role="dialog"]') !== null;
}

export interface Hotkey {
  /** KeyboardEvent.code, e.g. 'KeyN': independent of keyboard layout and IME. */
  code: string;
  alt?: boolean;
  ctrl?: boolean;
}

export function useHotkey(key: Hotkey, handler: () => void, enabled = true) {
  const handlerRef = useRef(handler);
  useEffect(() => {
    handlerRef.current = handler;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.code !== key.code || e.altKey !== !!key.alt || e.ctrlKey !== !!key.ctrl || e.isComposing) return;
      if (insideDialog(e.target)) return;
      e.preventDefault();
      handlerRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [key.code, key.alt, key.ctrl, enabled]);
}
