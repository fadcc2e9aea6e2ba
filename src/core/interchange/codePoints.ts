/**
 * Offsets in Unicode code points, as the W3C Web Annotation model counts them, against the UTF-16
 * offsets our model and VS Code use. A character beyond the Basic Multilingual Plane (𝔄, an
 * emoji) is one code point but two UTF-16 units: every such character before an offset shifts it.
 */
export class CodePointOffsets {
  /** UTF-16 offsets of the high halves of surrogate pairs, in order. */
  private readonly astral: number[] = [];

  constructor(private readonly text: string) {
    for (let offset = 0; offset < text.length; offset++) {
      const code = text.charCodeAt(offset);
      if (code >= 0xd800 && code <= 0xdbff && offset + 1 < text.length) {
        const next = text.charCodeAt(offset + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          this.astral.push(offset);
          offset++;
        }
      }
    }
  }

  /** The text's length in code points. */
  get length(): number {
    return this.text.length - this.astral.length;
  }

  /** The code-point offset of a UTF-16 offset (one inside a pair counts as the pair's start). */
  toCodePoint(utf16: number): number {
    return utf16 - this.astralBefore(utf16);
  }

  /** The UTF-16 offset of a code-point offset; undefined past the end of the text. */
  toUtf16(codePoint: number): number | undefined {
    if (!Number.isInteger(codePoint) || codePoint < 0 || codePoint > this.length) return undefined;
    // Each astral character before the place adds one unit: find how many, by bisection.
    let low = 0;
    let high = this.astral.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.astral[middle] - middle < codePoint) low = middle + 1;
      else high = middle;
    }
    return codePoint + low;
  }

  private astralBefore(utf16: number): number {
    let low = 0;
    let high = this.astral.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.astral[middle] < utf16) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
