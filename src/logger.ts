/**
 * Structured JSON logs (pino), pretty when a person is watching a terminal.
 * The bot token is redacted wherever it could appear: as a field, inside a
 * URL (grammY puts it in the path), or inside an error message.
 */
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level: string;
  /** Secrets to scrub from every line (the bot token). */
  secrets?: string[];
  /** Pretty output; defaults to whether stdout is a terminal. */
  pretty?: boolean;
  /** Where lines go (tests pass a stream). */
  destination?: pino.DestinationStream;
}

export function scrub(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('[redacted]');
  return out;
}

export function createLogger(opts: LoggerOptions): Logger {
  const secrets = (opts.secrets ?? []).filter((s) => s.length >= 8);
  const pretty = opts.pretty ?? (process.stdout.isTTY === true && !opts.destination);
  const options: pino.LoggerOptions = {
    level: opts.level,
    base: undefined,
    redact: { paths: ['token', 'botToken', 'config.BOT_TOKEN', 'BOT_TOKEN', '*.token'], censor: '[redacted]' },
    hooks: {
      // A final pass over the serialised line catches the token anywhere (error stacks, URLs).
      streamWrite: (line) => scrub(line, secrets),
    },
  };
  if (pretty) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss' } } });
  }
  return opts.destination ? pino(options, opts.destination) : pino(options);
}
