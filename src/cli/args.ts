/** A parsed command line: positional arguments, `--flag`s, and `--option value`s (repeatable). */
export interface ParsedArgs {
  readonly positionals: string[];
  readonly flags: Set<string>;
  readonly options: Map<string, string[]>;
}

export class UsageError extends Error {}

/**
 * Parses arguments against the flags and options a command accepts; anything else is a usage error,
 * so that a typo never silently changes what a command does.
 */
export function parseArgs(args: readonly string[], accepted: { flags?: string[]; options?: string[] }): ParsedArgs {
  const flags = new Set<string>();
  const options = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const [name, inlineValue] = splitOption(arg.slice(2));
    if (accepted.flags?.includes(name) && inlineValue === undefined) {
      flags.add(name);
    } else if (accepted.options?.includes(name)) {
      const value = inlineValue ?? args[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      options.set(name, [...(options.get(name) ?? []), value]);
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { positionals, flags, options };
}

function splitOption(text: string): [string, string | undefined] {
  const equals = text.indexOf('=');
  return equals < 0 ? [text, undefined] : [text.slice(0, equals), text.slice(equals + 1)];
}
