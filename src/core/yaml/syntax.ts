/**
 * The constants of our YAML shared by every reader and writer: git's conflict markers (a file
 * holding them is never read exactly nor written) and the characters the exact readers refuse.
 */

/** A line git writes in a file it could not merge: `<<<<<<< ours`, `=======`, `>>>>>>> theirs`. */
export const CONFLICT_MARKER = /^(<{7}|={7}|>{7})(?: |$)/m;

/** Whether the text holds a git conflict marker line. */
export function hasConflictMarkers(text: string): boolean {
  // The regular expression only where one of the markers occurs at all: it is slow on megabytes.
  return (text.includes('<<<<<<<') || text.includes('=======') || text.includes('>>>>>>>')) && CONFLICT_MARKER.test(text);
}

/** Control characters (several are `yaml`'s lexer's own tokens), a byte order mark, Unicode line breaks: an exact reader is unsure of them. */
export const UNSURE_CHARACTERS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;

/**
 * Whether an exact line reader may read the text at all: no character it is unsure of, and every
 * carriage return followed by a line feed (a lone CR is a line break to YAML too).
 */
export function readableByLines(text: string): boolean {
  return !UNSURE_CHARACTERS.test(text) && !(text.includes('\r') && /\r(?!\n)/.test(text));
}
