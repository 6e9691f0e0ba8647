/**
 * One way every subcommand reads its flags: `--help`/`-h` prints that
 * command's usage, and a bad flag becomes one sentence plus the usage instead
 * of Node's raw argument-parser message.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UserError } from '../util/user-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandSpec<O extends Options> {
  /** The subcommand, e.g. `preview`. */
  name: string;
  /** Its usage block, printed by --help and after a bad flag. */
  usage: string;
  options: O;
  /** Whether it takes positional arguments (a file, a folder). */
  positionals?: boolean;
}

const COMMON = { help: { type: 'boolean', short: 'h' }, debug: { type: 'boolean' } } as const;

/** Node's messages name the flag in quotes; turn them into a sentence a user can act on. */
function sentence(err: Error & { code?: string }, command: string): string {
  const quoted = /'([^']+)'/.exec(err.message)?.[1] ?? '';
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `${command} has no option ${quoted}.`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `${command} takes no argument "${quoted}".`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const flag = quoted.split(' ')[0] ?? quoted;
      return /argument missing/.test(err.message) ? `${flag} needs a value.` : `${flag} takes no value.`;
    }
    default:
      return `${err.message}.`;
  }
}

/**
 * Parse `args` for one subcommand. Returns undefined when --help was asked
 * (the usage is already printed: the command should exit 0); throws a
 * UserError (exit 2) with a sentence and the usage for a bad flag.
 */
export function parseCommandArgs<O extends Options>(args: string[], spec: CommandSpec<O>, out: (s: string) => void) {
  const parse = () =>
    parseArgs({ args, allowPositionals: spec.positionals ?? false, strict: true, options: { ...spec.options, ...COMMON } });
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (err) {
    const e = err as Error & { code?: string };
    if (!e.code?.startsWith('ERR_PARSE_ARGS')) throw err;
    // Asking for help next to a bad flag still gets the help.
    if (args.includes('--help') || args.includes('-h')) {
      out(spec.usage);
      return undefined;
    }
    throw new UserError(`${sentence(e, spec.name)}\n\n${spec.usage}`, 2);
  }
  if ((parsed.values as { help?: boolean }).help) {
    out(spec.usage);
    return undefined;
  }
  return parsed;
}

/** `--content-dir DIR` stands in for the CONTENT_DIR setting, so the folder is validated like the setting. */
export function withContentDir(env: Record<string, string | undefined>, dir: string | undefined): Record<string, string | undefined> {
  return dir === undefined ? env : { ...env, CONTENT_DIR: dir };
}
