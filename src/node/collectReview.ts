import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { BOOK_FILE_NAME, ManuscriptMatcher, parseBookFile } from '../core/manuscript/book';
import { SIDECAR_SUFFIX, sidecarPathFor } from '../core/sidecar/sidecarFile';
import { combineReviews, reviewCast, reviewManuscript } from '../core/review/review';
import type { CastReview, ManuscriptReview, ReviewProblem, ReviewReport } from '../core/review/reviewModel';
import { decodeManuscript } from '../core/text/decode';
import { describeIoError, FileProblem, isMissing, type Diagnostic } from './files';
import { changesBetween, filesAt, isShallow, mergeBase, readFilesAt, repositoryRoot, resolveCommit, shortCommit, workingTreeFiles } from './git';

/** What to review: `base` and `head` are refs (`head` undefined: the working tree). */
export interface ReviewOptions {
  readonly cwd: string;
  readonly base: string;
  readonly head?: string;
  /** Files or folders (relative to `cwd`) to restrict the review to. */
  readonly paths?: readonly string[];
}

/** A review that cannot be made: the message says why and what to do. */
export class ReviewError extends Error {}

export interface CollectedReview {
  readonly report: ReviewReport;
  /** Sidecars or book files that do not parse on one side, as diagnostics of that file (the ref named). */
  readonly problems: readonly Diagnostic[];
  /** The repository's root: the report's paths are relative to it. */
  readonly root: string;
}

const FETCH_MORE = 'fetch more history: git fetch --unshallow (in GitHub Actions: actions/checkout with fetch-depth: 0)';

/**
 * Reads both sides of a change from git and reviews it: the function behind `marginalia review`,
 * for the editor's Review view as well. Throws `ReviewError` for an unknown ref or history a
 * shallow clone lacks.
 */
export async function collectReview(options: ReviewOptions): Promise<CollectedReview> {
  const root = await repositoryRoot(options.cwd);
  if (!root) throw new ReviewError(`${options.cwd} is not in a git repository`);
  const shallow = await isShallow(root);
  const missing = (ref: string) =>
    new ReviewError(
      shallow
        ? `${ref} is not in this clone's history, which is shallow (cut short): ${FETCH_MORE}`
        : `unknown ref ${ref}: no branch, tag or commit of that name here (git fetch it first if it is remote)`,
    );
  const baseCommit = await resolveCommit(root, options.base);
  if (!baseCommit) throw missing(options.base);
  const headCommit = options.head === undefined ? undefined : await resolveCommit(root, options.head);
  if (options.head !== undefined && !headCommit) throw missing(options.head);
  const tip = headCommit ?? (await resolveCommit(root, 'HEAD'));
  if (!tip) throw new ReviewError('the repository has no commit yet: nothing to compare the working tree with');
  // As a pull request does: from the merge base, so that what the base branch did since is not shown as undone.
  let compared = await mergeBase(root, baseCommit, tip);
  if (!compared) {
    if (shallow) throw new ReviewError(`the common history of ${options.base} and ${options.head ?? 'HEAD'} is not in this clone, which is shallow: ${FETCH_MORE}`);
    compared = baseCommit;
  }
  const baseLabel = `${options.base} (${compared === baseCommit ? '' : 'merge base '}${shortCommit(compared)})`;
  const headLabel = headCommit ? `${options.head} (${shortCommit(headCommit)})` : 'working tree';

  const [baseFiles, headFiles, changes] = await Promise.all([
    filesAt(root, compared),
    headCommit ? filesAt(root, headCommit) : workingTreeFiles(root),
    changesBetween(root, compared, headCommit),
  ]);
  const changed = new Set(changes.flatMap((change) => (change.oldPath ? [change.path, change.oldPath] : [change.path])));
  const renamedFrom = new Map(changes.filter((change) => change.status === 'R').map((change) => [change.path, change.oldPath!]));
  const baseSet = new Set(baseFiles);

  const readBase = async (files: readonly string[]) => readFilesAt(root, compared!, files);
  const readHead = async (files: readonly string[]): Promise<Map<string, Uint8Array | undefined>> => {
    if (headCommit) return readFilesAt(root, headCommit, files);
    const read = await Promise.all(
      files.map((file) =>
        fs.readFile(path.join(root, file)).then(
          (bytes) => new Uint8Array(bytes),
          (error: unknown) => {
            // Deleted since git listed it: absent from the working tree, as a deleted file is.
            if (isMissing(error)) return undefined;
            throw new FileProblem(path.join(root, file), describeIoError(error));
          },
        ),
      ),
    );
    return new Map(files.map((file, index) => [file, read[index]]));
  };
  const decode = (file: string, side: 'base' | 'head', bytes: Uint8Array | undefined): string | undefined => {
    if (bytes === undefined) return undefined;
    const decoded = decodeManuscript(bytes);
    if (!decoded.ok) throw new ReviewError(`${file}:${decoded.position.line + 1}:${decoded.position.character + 1}: at ${side === 'base' ? baseLabel : headLabel}: ${decoded.message}`);
    return decoded.text;
  };

  // The books on each side, and which of their files are manuscripts.
  const bookFiles = (files: readonly string[]) => files.filter((file) => path.posix.basename(file) === BOOK_FILE_NAME);
  const [baseBooks, headBooks] = await Promise.all([readBase(bookFiles(baseFiles)), readHead(bookFiles(headFiles))]);
  const isManuscript = (books: Map<string, Uint8Array | undefined>) => {
    const matchers = [...books].map(([file, bytes]) => {
      const folder = path.posix.dirname(file);
      const text = bytes === undefined ? undefined : decodeManuscript(bytes);
      const globs = text?.ok ? parseBookFile(text.text).manuscripts : [];
      return { folder: folder === '.' ? '' : `${folder}/`, matcher: new ManuscriptMatcher(globs) };
    });
    return (file: string): boolean => {
      if (file.endsWith(SIDECAR_SUFFIX) || path.posix.basename(file) === BOOK_FILE_NAME) return false;
      if (/(^|\/)(\.[^/]*|node_modules)\//.test(file)) return false;
      if (file.endsWith('.manuscript')) return true;
      const book = matchers.filter((m) => file.startsWith(m.folder)).sort((a, b) => b.folder.length - a.folder.length)[0];
      return book !== undefined && book.matcher.matches(file.slice(book.folder.length));
    };
  };
  const baseIsManuscript = isManuscript(baseBooks);
  const headIsManuscript = isManuscript(headBooks);

  // Each manuscript of the head with its path in the base (renames followed), then those deleted.
  const pairs: { file: string; baseFile: string | undefined; inHead: boolean }[] = [];
  const paired = new Set<string>();
  for (const file of headFiles.filter(headIsManuscript)) {
    const from = renamedFrom.get(file);
    const baseFile = from !== undefined && baseSet.has(from) ? from : baseSet.has(file) ? file : undefined;
    if (baseFile !== undefined) paired.add(baseFile);
    pairs.push({ file, baseFile, inHead: true });
  }
  for (const file of baseFiles.filter(baseIsManuscript)) if (!paired.has(file)) pairs.push({ file, baseFile: file, inHead: false });

  const wanted = (options.paths ?? []).map((given) => {
    const relative = path.relative(root, path.resolve(options.cwd, given)).split(path.sep).join('/');
    if (relative.startsWith('..')) throw new ReviewError(`${given} is outside the repository (${root})`);
    return relative;
  });
  const selected = pairs.filter((pair) => wanted.length === 0 || wanted.some((w) => [pair.file, pair.baseFile].some((f) => f !== undefined && (w === '' || f === w || f.startsWith(`${w}/`)))));
  for (const [index, w] of wanted.entries()) {
    if (!pairs.some((pair) => [pair.file, pair.baseFile].some((f) => f !== undefined && (w === '' || f === w || f.startsWith(`${w}/`))))) {
      throw new ReviewError(`${options.paths![index]}: no manuscript there, on either side (manuscripts are the books' globs in marginalia.yaml, and *.manuscript files)`);
    }
  }
  const touched = selected.filter((pair) => {
    const renamed = pair.inHead && pair.baseFile !== undefined && pair.baseFile !== pair.file;
    const files = [pair.inHead ? pair.file : undefined, pair.baseFile].filter((f): f is string => f !== undefined);
    return renamed || files.some((f) => changed.has(f) || changed.has(sidecarPathFor(f)));
  });

  const baseWanted = touched.flatMap((pair) => (pair.baseFile !== undefined ? [pair.baseFile, sidecarPathFor(pair.baseFile)] : []));
  const headWanted = touched.flatMap((pair) => (pair.inHead ? [pair.file, sidecarPathFor(pair.file)] : []));
  const [baseTexts, headTexts] = await Promise.all([readBase(baseWanted), readHead(headWanted)]);

  const reviews: ManuscriptReview[] = [];
  const problems: Diagnostic[] = [];
  const report = (problem: ReviewProblem, file: string) =>
    problems.push({
      file,
      severity: 'error',
      code: problem.code,
      message: `${problem.message} (at ${problem.side === 'base' ? baseLabel : headLabel})`,
      line: problem.line,
      character: problem.character,
    });
  for (const pair of touched) {
    const version = (side: 'base' | 'head', file: string | undefined, texts: Map<string, Uint8Array | undefined>) => {
      if (file === undefined) return undefined;
      const text = decode(file, side, texts.get(file));
      if (text === undefined) return undefined;
      return { text, sidecar: decode(sidecarPathFor(file), side, texts.get(sidecarPathFor(file))) };
    };
    const review = reviewManuscript({
      file: pair.inHead ? pair.file : pair.baseFile!,
      baseFile: pair.inHead && pair.baseFile !== pair.file ? pair.baseFile : undefined,
      base: version('base', pair.baseFile, baseTexts),
      head: pair.inHead ? version('head', pair.file, headTexts) : undefined,
    });
    for (const problem of review.problems) report(problem, sidecarPathFor(problem.file));
    reviews.push(review);
  }

  // The cast of every book file the change touched (outside any path given: the cast is the book's).
  const casts: CastReview[] = [];
  const books = [...new Set([...baseBooks.keys(), ...headBooks.keys()])].filter((file) => changed.has(file)).sort();
  for (const file of books) {
    const result = reviewCast(file, decode(file, 'base', baseBooks.get(file)), decode(file, 'head', headBooks.get(file)));
    for (const problem of result.problems) report(problem, file);
    casts.push(result.cast);
  }
  return { report: combineReviews(baseLabel, headLabel, reviews, casts), problems, root };
}

/** `marginalia review …`. Resolves to the exit status. */