import * as assert from 'node:assert/strict';
import { decodeManuscript } from '../../src/core/text/decode';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...new TextEncoder().encode(part)] : part)));

describe('decodeManuscript', () => {
  it('decodes UTF-8 and drops a BOM', () => {
    assert.deepEqual(decodeManuscript(bytes([0xef, 0xbb, 0xbf], 'Öland')), { ok: true, text: 'Öland' });
  });

  it('refuses a binary file, naming where its NUL byte is', () => {
    const result = decodeManuscript(bytes('line one\nab', [0], 'c'));
    assert.deepEqual(result.ok ? undefined : [result.code, result.position], ['binary', { line: 1, character: 2 }]);
  });

  it('refuses invalid UTF-8, naming the first bad byte', () => {
    const result = decodeManuscript(bytes('first\nsecond “line” ', [0xe9], ' Latin-1'));
    assert.ok(!result.ok);
    assert.equal(result.code, 'invalid-utf8');
    assert.deepEqual(result.position, { line: 1, character: 14 });
    assert.match(result.message, /0xe9/);
  });

  it('accepts an empty file', () => {
    assert.deepEqual(decodeManuscript(new Uint8Array()), { ok: true, text: '' });
  });
});
