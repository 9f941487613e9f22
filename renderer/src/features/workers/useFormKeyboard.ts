import { useCallback, useEffect, useRef, type KeyboardEvent } from 'react';
import { insideDialog } from '../../app/useHotkey';
import { clearMultiSearch, typedChoice, type Choice } from './pickTyped';

function focusable(id: string): HTMLElement | null {
  const el = document.getElementById(id);
  if (!el || el.hasAttribute('disabled') || el.offsetParent === null) return null;
  return el;
}

const isOpenSelect = (el: Element | null) => el?.getAttribute('aria-expanded') === 'true';
const isSelect = (el: Element) => el.getAttribute('role') === 'combobox';
const inMultiSelect = (el: Element) => el.closest('.ant-select-multiple') !== null;

export interface FormKeyboardOptions {
  /**
   * Whether Enter must keep the caret in this field: it is invalid (the form shows why). Called
   * synchronously, so that keys typed straight after the Enter still land where they should.
   */
  stay?: (id: string) => boolean;
  /** Ctrl+Shift+Enter: the form's second way to save (保存并登记下一位). */
  submitAlt?: () => void;
  /** A drop-down's options, so that Enter after typed pinyin picks by the text (see pickTyped). */
  choices?: (id: string) => readonly Choice[] | undefined;
  /** Sets (a single select) or adds (a multi-select) the option picked by Enter. */
  pick?: (id: string, value: Choice['value']) => void;
}

/**
 * Keyboard-first data entry: Enter moves to the next field in `order` (and submits after the last),
 * unless the field is invalid; Ctrl+Enter submits from anywhere, Esc cancels. An open Select keeps
 * its own Enter (choose an option) and Esc (close the list) — except an open multi-select with an
 * empty search, where a second Enter would toggle off the option just chosen: there Enter closes
 * the list and moves on.
 */
export function useFormKeyboard(
  order: readonly string[],
  submit: () => void,
  cancel: () => void,
  opts: FormKeyboardOptions = {},
) {
  const cancelRef = useRef(cancel);
  const optsRef = useRef(opts);
  useEffect(() => {
    cancelRef.current = cancel;
    optsRef.current = opts;
  });

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape' || e.isComposing || isOpenSelect(e.target as Element) || insideDialog(e.target)) return;
      e.preventDefault();
      // This Esc is the form's: the 放弃已填写的内容？ dialog it opens mounts while the key is still
      // on its way, and would take it as its own Esc and close at once.
      e.stopPropagation();
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

  /** Enter in a drop-down with typed text: picks the option the text matches, if any. */
  const pickByText = useCallback(
    (input: HTMLInputElement): boolean => {
      const { choices, pick } = optsRef.current;
      const c = typedChoice(input.value, choices?.(input.id));
      if (!c || !pick) return false;
      pick(input.id, c.value);
      if (inMultiSelect(input)) clearMultiSearch(input);
      else focusAfter(input.id);
      return true;
    },
    [focusAfter],
  );

  return useCallback(
    (e: KeyboardEvent<HTMLElement>) => {
      if (e.key !== 'Enter' || e.nativeEvent.isComposing || e.keyCode === 229) return;
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        e.stopPropagation();
        const alt = optsRef.current.submitAlt;
        if (e.shiftKey && alt) alt();
        else submit();
        return;
      }
      const target = e.target as HTMLInputElement;
      if (!order.includes(target.id)) return;
      if (isSelect(target) && pickByText(target)) {
        e.preventDefault();
        e.stopPropagation();
        return;
      }
      const open = isOpenSelect(target);
      if (open && inMultiSelect(target) && target.value !== '') return; // picks the option typed for
      if (open && !inMultiSelect(target)) {
        // A microtask, not a timer: the list has taken the Enter by now, and the next keystroke
        // (clerks type straight on) must already land in the next field.
        queueMicrotask(() => {
          if (!optsRef.current.stay?.(target.id)) focusAfter(target.id);
        });
        return;
      }
      if (optsRef.current.stay?.(target.id)) {
        // An empty required drop-down opens on this Enter; any other field keeps the caret.
        if (!isSelect(target)) e.preventDefault();
        return;
      }
      e.preventDefault();
      e.stopPropagation();
      if (!focusAfter(target.id)) submit();
    },
    [order, submit, focusAfter, pickByText],
  );
}
