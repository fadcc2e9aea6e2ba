/**
 * Which characters belong to words: letters, marks and digits of any script. A table of the
 * UTF-16 units, filled as they are met, because the name finder asks for every character of a
 * 5 MB book and a Unicode-class regular expression per character is many times slower.
 */

/** 1: part of a word (a letter, mark or digit, or half of a surrogate pair); 2: not. 0: not yet known. */
export const WORD_CLASS = new Uint8Array(65536);
for (let code = 0; code < 128; code++) {
  WORD_CLASS[code] = (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) ? 1 : 2;
}
const LETTER_MARK_DIGIT = /[\p{L}\p{M}\p{N}]/u;

/** Whether a UTF-16 unit belongs to a word. */
export function isWordCode(code: number): boolean {
  let kind = WORD_CLASS[code];
  if (kind === 0) {
    kind = (code >= 0xd800 && code <= 0xdfff) || LETTER_MARK_DIGIT.test(String.fromCharCode(code)) ? 1 : 2;
    WORD_CLASS[code] = kind;
  }
  return kind === 1;
}

/** Whether the unit at `index` belongs to a word. */
export function isWordAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return WORD_CLASS[code] === 1 || (WORD_CLASS[code] === 0 && isWordCode(code));
}
