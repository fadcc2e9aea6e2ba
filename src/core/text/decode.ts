import type { Position } from './textLines';

export type DecodeResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly code: 'binary' | 'invalid-utf8'; readonly message: string; readonly position: Position };

/**
 * Decodes a manuscript file's bytes as UTF-8 (a BOM is allowed), refusing what is not text:
 * a NUL byte means a binary file; an invalid sequence means another encoding. The position
 * of the first offending byte is reported, 0-based, in the text decoded up to it.
 */
export function decodeManuscript(bytes: Uint8Array): DecodeResult {
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return {
      ok: false,
      code: 'binary',
      message: 'This is not a text file: it holds a NUL byte.',
      position: positionOfByte(bytes, nul),
    };
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch (error) {
    // A fatal TextDecoder throws a TypeError on bytes that are not UTF-8.
    if (!(error instanceof TypeError)) throw error;
    const offset = firstInvalidUtf8(bytes);
    return {
      ok: false,
      code: 'invalid-utf8',
      message: `This file is not valid UTF-8 (byte 0x${bytes[offset].toString(16).padStart(2, '0')}): save it as UTF-8 first.`,
      position: positionOfByte(bytes, offset),
    };
  }
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead < 0xe0 ? 2 : lead >= 0xe0 && lead < 0xf0 ? 3 : lead >= 0xf0 && lead < 0xf5 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) {
      if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    }
    // Overlong forms and surrogates are invalid even when the continuation bytes look right.
    if ((lead === 0xe0 && bytes[i + 1] < 0xa0) || (lead === 0xed && bytes[i + 1] >= 0xa0)) return i;
    if ((lead === 0xf0 && bytes[i + 1] < 0x90) || (lead === 0xf4 && bytes[i + 1] >= 0x90)) return i;
    i += length;
  }
  return Math.max(0, bytes.length - 1);
}

function positionOfByte(bytes: Uint8Array, offset: number): Position {
  const lineStart = bytes.lastIndexOf(0x0a, offset - 1) + 1;
  let line = 0;
  for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
  const prefix = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset));
  return { line, character: prefix.length };
}
