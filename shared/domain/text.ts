// Control characters in one-line text (a name of a place, an address, an institution): no keyboard
// types them into such a field, but a cell pasted from another system or a CSV written by a script
// can hold them. PostgreSQL's text cannot hold a NUL at all (the write failed as an internal error)
// and SQLite stored what no screen or export can show, so both engines refuse them the same way,
// with a message naming the field, before anything is written.

/**
 * C0 controls other than tab, line feed and carriage return, DEL, and the C1 controls (U+0080–U+009F):
 * no Chinese text holds any of them, and none shows on a screen or in an export.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * A line break or tab inside a one-line field, with the spaces around it. Not refused: Alt+Enter in an
 * Excel cell wraps a long address over two lines without changing what it says, and a clerk who sees
 * 白塔村 / 一组 12 号 on two lines in the cell expects it on one line after the import, not a refusal
 * for something that shows as a plain line break.
 */
const LINE_BREAK = /\s*[\t\n\r]\s*/g;

export const hasControlChar = (text: string): boolean => CONTROL.test(text);

/** Line breaks and tabs as one space; other control characters are left for `hasControlChar`. */
export const oneLine = (text: string): string => (/[\t\n\r]/.test(text) ? text.replace(LINE_BREAK, ' ') : text);

/** One message for a form's field and an imported cell: the character cannot be seen, so it is retyped. */
export const controlCharMessage = (label: string): string => `${label}含有不可见的控制字符，请清空后重新输入`;

/**
 * Where the first NUL sits in a channel's input (`input.items.2.note`), or null. PostgreSQL's text
 * cannot hold one, and no screen, QR or export can show it: the dispatcher refuses any input with one,
 * whatever the field, so that a field without a check of its own (a note, an institution's name)
 * answers with a Chinese message on both engines instead of an internal error on PostgreSQL.
 */
export function nulPath(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || '_' : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    // A key is data too: a trust bundle's catalogue is keyed by occupation code and institution id.
    if (k.includes('\u0000')) return [...path, k.replaceAll('\u0000', '')].join('.') || '_';
    const found = nulPath(v, [...path, k]);
    if (found !== null) return found;
  }
  return null;
}

export const NUL_MESSAGE = '输入含有不可见的空字符（NUL），请删除后重新输入';
