import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Lexicon, LEXICON_FILES } from '../core/textual/lexicon';
import { describeIoError, FileProblem } from './files';

/** The dictionary the build writes beside the bundled CLI (dist/dictionary/). */
export const DICTIONARY_FOLDER = path.join(__dirname, 'dictionary');

let loaded: Promise<Lexicon> | undefined;

/** The textual diagnostics' dictionary, read from disk once. */
export function readLexicon(folder = DICTIONARY_FOLDER): Promise<Lexicon> {
  loaded ??= (async () => {
    const read = (name: string) => {
      const file = path.join(folder, name);
      return fs.readFile(file, 'utf8').catch((error: unknown) => {
        throw new FileProblem(file, `the dictionary of the textual diagnostics: ${describeIoError(error)}`);
      });
    };
    const [words, frequency] = await Promise.all([read(LEXICON_FILES.words), read(LEXICON_FILES.frequency)]);
    return new Lexicon({ words, frequency });
  })();
  return loaded;
}
