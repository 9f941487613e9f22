import { labelMatches } from '../../../../shared/domain/pinyin';

export interface Choice {
  value: string | number;
  label: string;
}

/**
 * The option a drop-down's typed search stands for, decided from the text itself. The list's own
 * Enter picks its highlighted row, which the list moves only after it has re-rendered: an Enter
 * typed straight after "cz" (a clerk typing on, or a test at full speed) arrives first and picks
 * nothing. Matching the typed text here gives the same option every time, whatever the timing.
 */
export function typedChoice(typed: string, choices: readonly Choice[] | undefined): Choice | null {
  if (!choices || typed.trim() === '') return null;
  return choices.find((c) => labelMatches(c.label, typed)) ?? null;
}

/**
 * After a pick in a multi-select: leave and re-enter the field, which empties its search (a blur
 * does) while the caret stays for the next choice.
 */
export function clearMultiSearch(input: HTMLInputElement) {
  input.blur();
  input.focus();
}
