/**
 * The dictionary the textual diagnostics consult, made from data: a list of accepted word forms and a
 * list of words ordered from the most frequent. Reading the files is the caller's business (the CLI
 * reads them from disk, the extension through `vscode.workspace.fs`).
 */
export interface LexiconData {
  /** One word form a line (`dist/dictionary/words.txt`). */
  readonly words: string;
  /** One word a line, the most frequent first (`dist/dictionary/frequency.txt`). */
  readonly frequency: string;
}

/** The files of the dictionary, in the `dictionary/` folder beside the bundled extension and CLI. */
export const LEXICON_FILES = { words: 'words.txt', frequency: 'frequency.txt' } as const;

export class Lexicon {
  private readonly words: Set<string>;
  private readonly ranks = new Map<string, number>();

  constructor(data: LexiconData) {
    this.words = new Set(data.words.split('\n'));
    const frequent = data.frequency.split('\n');
    for (let rank = 0; rank < frequent.length; rank++) {
      const word = frequent[rank];
      if (word && !this.ranks.has(word)) this.ranks.set(word, rank + 1);
    }
  }

  /** Whether the word is accepted as written, or with its first letter in lower case. */
  accepts(word: string): boolean {
    if (this.words.has(word)) return true;
    const lower = word.charAt(0).toLowerCase() + word.slice(1);
    return lower !== word && this.words.has(lower);
  }

  /** 1 for the most frequent word; undefined for a word the frequency list does not hold. */
  rank(word: string): number | undefined {
    return this.ranks.get(word.toLowerCase());
  }
}
