// The field the user last typed in, so that unlocking the screen puts the caret back there (issue
// 16 §2): the lock is usually reached by its button or by idling, and neither leaves the focus in
// the form.
let last: HTMLElement | null = null;
let watching = false;

function isField(el: EventTarget | null): el is HTMLElement {
  return (
    el instanceof HTMLElement &&
    (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) &&
    el.closest('[aria-label="屏幕已锁定"]') === null
  );
}

/** Starts watching (once, for the page's lifetime). */
export function trackLastField() {
  if (watching) return;
  watching = true;
  document.addEventListener('focusin', (e) => {
    if (isField(e.target)) last = e.target;
  });
}

/** After the app is shown again: the last field, if it is still on the page. */
export function refocusLastField() {
  const el = last;
  // A timer, not at once: the app is still hidden until the unlocked state has rendered.
  setTimeout(() => {
    if (el?.isConnected) el.focus();
  }, 0);
}
