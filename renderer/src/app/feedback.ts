import { App, type FormInstance } from 'antd';
import { useMemo } from 'react';
import { ApiError } from './api';

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return '操作失败，请稍后重试';
}

/** antd message bound to the app context, with the server's Chinese message on failure. */
export function useFeedback() {
  const { message } = App.useApp();
  return useMemo(
    () => ({
      success: (text: string) => void message.success(text),
      /** Done, but not wholly: said in words of the app's own (not an error from the server). */
      warning: (text: string) => void message.warning(text),
      error: (e: unknown) => void message.error(errorText(e)),
    }),
    [message],
  );
}

/**
 * Puts the server's per-field messages on the form; keys are dotted paths and only the
 * first segment names a form field. Returns the field names that carry an error.
 */
export function applyFieldErrors(form: FormInstance, e: unknown): string[] {
  if (!(e instanceof ApiError)) return [];
  const byField = new Map<string, string>();
  for (const [path, msg] of Object.entries(e.fields)) {
    const name = path.split('.')[0];
    if (name && name !== '_' && !byField.has(name)) byField.set(name, msg);
  }
  form.setFields([...byField].map(([name, msg]) => ({ name, errors: [msg] })));
  return [...byField.keys()];
}
