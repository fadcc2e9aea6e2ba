/**
 * Reads the entries of a zip archive (a `.vsix` is one) from its central directory, for the tests
 * of what a package holds. Stored and deflated entries only, no zip64: what vsce writes.
 */
import { inflateRawSync } from 'node:zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

/** The archive's files by path, each read (and inflated) when asked for. */
export function zipEntries(archive: Buffer): Map<string, () => Buffer> {
  // The end record is the last 22 bytes, unless a comment (up to 65,535 bytes) follows it.
  let end = archive.length - 22;
  while (end >= 0 && archive.readUInt32LE(end) !== END_OF_CENTRAL_DIRECTORY) end--;
  if (end < 0 || archive.length - end > 22 + 0xffff) throw new Error('not a zip archive: no end of central directory');
  const count = archive.readUInt16LE(end + 10);
  let offset = archive.readUInt32LE(end + 16);
  const entries = new Map<string, () => Buffer>();
  for (let i = 0; i < count; i++) {
    if (archive.readUInt32LE(offset) !== CENTRAL_DIRECTORY_ENTRY) throw new Error(`zip central directory entry ${i} is damaged`);
    const method = archive.readUInt16LE(offset + 10);
    const compressedSize = archive.readUInt32LE(offset + 20);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const localHeader = archive.readUInt32LE(offset + 42);
    const name = archive.toString('utf8', offset + 46, offset + 46 + nameLength);
    entries.set(name, () => readEntry(archive, localHeader, method, compressedSize, name));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function readEntry(archive: Buffer, localHeader: number, method: number, compressedSize: number, name: string): Buffer {
  if (archive.readUInt32LE(localHeader) !== LOCAL_HEADER) throw new Error(`zip entry ${name}: damaged local header`);
  const start = localHeader + 30 + archive.readUInt16LE(localHeader + 26) + archive.readUInt16LE(localHeader + 28);
  const data = archive.subarray(start, start + compressedSize);
  if (method === STORED) return data;
  if (method === DEFLATED) return inflateRawSync(data);
  throw new Error(`zip entry ${name}: compression method ${method} is not read here`);
}
