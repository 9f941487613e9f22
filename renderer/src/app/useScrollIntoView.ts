import { useEffect, useRef } from 'react';

/**
 * Brings an element into view when `key` changes to something (a preview, a verdict): at 1280×720
 * what a click produced appears below the fold otherwise, and looks like nothing happened
 * (issue 16 §7). Returns the ref for the element.
 */
export function useScrollIntoView<T extends HTMLElement>(key: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (key == null || key === false) return;
    ref.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [key]);
  return ref;
}
