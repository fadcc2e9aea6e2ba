import { parseArgs as parseNodeArgs } from 'node:util';

/** A parsed command line: positional arguments, `--flag`s, and `--option value`s (repeatable). */
export interface ParsedArgs {
  readonly positionals: string[];
  /** The flags given; `help` when `-h` or `--help` was, which every command accepts. */
  readonly flags: Set<string>;
  readonly options: Map<string, string[]>;
}

export class UsageError extends Error {}

/**
 * Parses a command's arguments with Node's `util.parseArgs` against the flags and options it
 * accepts, plus `-h`/`--help`; anything else is a usage error, so that a typo never silently
 * changes what a command does.
 */
export function parseArgs(args: readonly string[], accepted: { flags?: string[]; options?: string[] }): ParsedArgs {
  const spec: Record<string, { type: 'boolean' | 'string'; multiple?: boolean; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const flag of accepted.flags ?? []) spec[flag] = { type: 'boolean' };
  for (const option of accepted.options ?? []) spec[option] = { type: 'string', multiple: true };
  let parsed: ReturnType<typeof parseNodeArgs>;
  try {
    parsed = parseNodeArgs({ args: [...args], options: spec, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(usageMessage(error));
  }
  const flags = new Set<string>();
  const options = new Map<string, string[]>();
  for (const [name, value] of Object.entries(parsed.values)) {
    if (value === true) flags.add(name);
    else if (Array.isArray(value)) options.set(name, value.filter((v): v is string => typeof v === 'string'));
  }
  return { positionals: parsed.positionals, flags, options };
}

/** Node's message, in our words where it names an option we do not know. */
function usageMessage(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (!(error instanceof TypeError) || typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) throw error;
  const unknown = /^Unknown option '([^']+)'/.exec(error.message);
  if (unknown) return `unknown option ${unknown[1]}`;
  const missing = /^Option '(\S+) <value>' argument missing/.exec(error.message);
  if (missing) return `${missing[1]} needs a value`;
  return error.message.replace(/\s*\n\s*/g, ' ');
}
