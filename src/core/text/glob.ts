/**
 * Glob patterns as VS Code reads them in settings: relative to a folder, `/`-separated,
 * `*` and `?` within one path segment, `**` across segments, `{a,b}` alternatives, `[abc]` classes.
 */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  let braceDepth = 0;
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*') {
      if (glob[i + 1] === '*') {
        const segmentStart = i === 0 || glob[i - 1] === '/';
        const segmentEnd = glob[i + 2] === '/' || i + 2 === glob.length;
        if (segmentStart && segmentEnd) {
          // `**/` also matches no folder at all; a trailing `**` matches everything below.
          source += glob[i + 2] === '/' ? '(?:[^/]*/)*' : '.*';
          i += glob[i + 2] === '/' ? 2 : 1;
          continue;
        }
      }
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '{') {
      braceDepth++;
      source += '(?:';
    } else if (char === '}' && braceDepth > 0) {
      braceDepth--;
      source += ')';
    } else if (char === ',' && braceDepth > 0) {
      source += '|';
    } else if (char === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close > i + 1) {
        const body = glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        source += `[${body}]`;
        i = close;
      } else {
        source += '\\[';
      }
    } else {
      source += char.replace(/[.+^$()|\\\]]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/** Does `relativePath` (`/`-separated, relative to the folder the globs are relative to) match any glob? */
export function matchesAnyGlob(globs: readonly RegExp[], relativePath: string): boolean {
  return globs.some((glob) => glob.test(relativePath));
}
