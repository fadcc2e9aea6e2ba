/** Reading GitHub workflow commands back as the Actions runner reads them, for the tests of `--format github`. */

/** One workflow command: `::name key=value,key=value::message`, with GitHub's escapes undone. */
export interface WorkflowCommand {
  readonly name: string;
  readonly properties: Record<string, string>;
  readonly message: string;
}

function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

function unescapeProperty(text: string): string {
  return text.replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

/**
 * Every line of a log the runner would take for a command, as the runner splits it (a line that
 * starts with `::`, the name up to a space or `::`, properties split on `,` then the first `=`).
 */
export function workflowCommands(log: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  for (const line of log.split(/\r\n|\r|\n/)) {
    if (!line.startsWith('::')) continue;
    const end = line.indexOf('::', 2);
    if (end < 0) continue;
    const head = line.slice(2, end);
    const space = head.indexOf(' ');
    const name = space < 0 ? head : head.slice(0, space);
    const properties: Record<string, string> = {};
    if (space >= 0) {
      for (const pair of head.slice(space + 1).split(',')) {
        const equals = pair.indexOf('=');
        properties[pair.slice(0, equals)] = unescapeProperty(pair.slice(equals + 1));
      }
    }
    commands.push({ name, properties, message: unescapeData(line.slice(end + 2)) });
  }
  return commands;
}

/** The entries of a `$GITHUB_OUTPUT` file: `name=value` lines and `name<<delimiter` blocks. */
export function githubOutputs(text: string): Map<string, string> {
  const outputs = new Map<string, string>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      if (end < 0) throw new Error(`${heredoc[1]}: no closing ${heredoc[2]}`);
      outputs.set(heredoc[1], lines.slice(i + 1, end).join('\n'));
      i = end;
    } else if (lines[i].includes('=')) {
      outputs.set(lines[i].slice(0, lines[i].indexOf('=')), lines[i].slice(lines[i].indexOf('=') + 1));
    }
  }
  return outputs;
}
