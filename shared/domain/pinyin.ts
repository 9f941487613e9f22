// Pinyin for finding people and options the way clerks type on a keyboard without an IME: full
// pinyin (yanglihua) or initials (ylh). One library for both sides: pinyin-pro (MIT, no
// dependencies, its own dictionary with context rules for polyphones and a surname mode).
import { match, pinyin } from 'pinyin-pro';

/** Syllable starts from which a stored key also matches (杨丽华: 杨…, 丽华, 华). */
const MAX_STARTS = 4;

function syllables(text: string): string[] {
  return pinyin(text, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'removed', v: true })
    .map((s) => s.toLowerCase().replace(/[^a-z]/g, ''))
    .filter((s) => s !== '');
}

/**
 * What the worker table keeps beside a name (`worker.name_pinyin`), computed when the name is
 * written: for each of the first syllables, the full pinyin and the initials from there on, as
 * words separated by spaces. 杨丽华 → "yanglihua ylh lihua lh hua h". A query matches when it
 * begins one of the words (see `pinyinQuery`): yang, y, ylh, yangli, lihua, lh all find 杨丽华.
 */
export function pinyinKey(name: string): string {
  const s = syllables(name);
  const words: string[] = [];
  for (let i = 0; i < Math.min(s.length, MAX_STARTS); i++) {
    const rest = s.slice(i);
    words.push(rest.join(''), rest.map((x) => x[0]).join(''));
  }
  return [...new Set(words)].join(' ');
}

/**
 * The typed text as a pinyin query (lower-case letters, ü as v, spaces and apostrophes dropped),
 * or null when it is not one (it holds Chinese, digits or other signs).
 */
export function pinyinQuery(q: string): string | null {
  const t = q
    .trim()
    .toLowerCase()
    .replace(/ü/g, 'v')
    .replace(/[\s'’]/g, '');
  return /^[a-z]{1,40}$/.test(t) ? t : null;
}

/**
 * Does an option's label match what was typed in a drop-down: the label contains it (Chinese,
 * codes), or the typed letters are its pinyin — full, initials or mixed (cz, yang, zhongshi,
 * zspts all find 中式烹调师).
 */
export function labelMatches(label: string, typed: string): boolean {
  const t = typed.trim();
  if (t === '') return true;
  if (label.toLowerCase().includes(t.toLowerCase())) return true;
  const q = pinyinQuery(t);
  return q !== null && match(label, q, { v: true, continuous: true }) !== null;
}
