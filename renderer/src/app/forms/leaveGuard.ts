// Work typed into a form is not thrown away without asking (issue 16 §2): Esc, 取消, closing a
// dialog, the menu and closing the window all ask 放弃已填写的内容？ while the form has changes.
import { App } from 'antd';
import { useCallback, useEffect, useRef } from 'react';

export const DISCARD_TITLE = '放弃已填写的内容？';

/** The page's forms with changes, asked by the menu before it leaves the page. */
const dirtyForms = new Set<() => boolean>();

export function anyFormDirty(): boolean {
  for (const dirty of dirtyForms) if (dirty()) return true;
  return false;
}

/** Asks before `proceed` when the form has changes; proceeds at once otherwise. */
export function useConfirmDiscard() {
  const { modal } = App.useApp();
  const asking = useRef(false);
  return useCallback(
    (dirty: boolean, proceed: () => void) => {
      if (!dirty) return proceed();
      if (asking.current) return;
      asking.current = true;
      modal.confirm({
        title: DISCARD_TITLE,
        content: '已填写的内容尚未保存，放弃后不能恢复。',
        okText: '放弃',
        okButtonProps: { danger: true },
        cancelText: '继续填写',
        autoFocusButton: 'cancel',
        onOk: proceed,
        afterClose: () => {
          asking.current = false;
        },
      });
    },
    [modal],
  );
}

/**
 * While mounted: the menu asks before leaving the page, and closing or reloading the window asks
 * the browser's own question, when `dirty()` says the form has changes.
 */
export function useLeaveGuard(dirty: () => boolean) {
  const ref = useRef(dirty);
  useEffect(() => {
    ref.current = dirty;
  });
  useEffect(() => {
    const check = () => ref.current();
    dirtyForms.add(check);
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (check()) e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      dirtyForms.delete(check);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, []);
}
