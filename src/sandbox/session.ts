/**
 * What the person at the keyboard does: a line starting with `/` (or any
 * other text) goes to the bot as a message from the sandbox user, `:N`
 * presses a button, `help` and `quit` are the sandbox's own. Two drivers:
 * an interactive prompt on a terminal, and a script (a file, or stdin that
 * is not a terminal) that waits for the replies to settle after each line.
 */
import { clearLine, createInterface, cursorTo } from 'node:readline';
import { sandboxHelp } from './banner.js';
import { paint } from './bubble.js';
import type { Sandbox } from './sandbox.js';

export type LineOutcome = 'sent' | 'local' | 'quit';

export function handleLine(sb: Sandbox, line: string, color: boolean, print: (block: string) => void): LineOutcome {
  const text = line.trim();
  if (text === '') return 'local';
  const word = text.toLowerCase();
  if (word === 'quit' || word === 'exit' || word === ':q') return 'quit';
  if (word === 'help' || word === '?') {
    print(sandboxHelp(color));
    return 'local';
  }
  const press = /^:(\d+)$/.exec(text);
  if (press) {
    const n = Number(press[1]);
    const shown = sb.transcript.button(n);
    const count = sb.transcript.buttonCount();
    if (!shown) {
      print(paint(color, '33', count === 0 ? 'No buttons on screen to press.' : `No button :${n}: the last keyboard has :1 to :${count}.`));
      return 'local';
    }
    const { button } = shown;
    if (button.callbackData === undefined) {
      print(
        paint(
          color,
          '2',
          button.url !== undefined
            ? `[${button.text}] opens ${button.url} in a browser: nothing is sent to the bot.`
            : `[${button.text}] does nothing in the sandbox.`,
        ),
      );
      return 'local';
    }
    print(paint(color, '2', `(you pressed [${button.text}])`));
    sb.standin.pressButton(sb.user, { chat: { id: shown.chatId }, message_id: shown.messageId }, button.callbackData);
    return 'sent';
  }
  sb.standin.sendText(sb.user, sb.user.id, text);
  return 'sent';
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface SettleOptions {
  /** Quiet time that means the replies are complete (longer than the 1 s pacing between parts). Default 2000. */
  quietMs?: number;
  /** Quiet time to wait for a first reply before deciding there is none. Default 8000. */
  firstReplyMs?: number;
  /** Give up waiting after this long (a long repost to the channel). Default 180 000. */
  maxMs?: number;
  /** Stop waiting at once (the user quit). */
  signal?: AbortSignal;
}

/** Resolve once the bot has taken every update and has been quiet for a while since `mark`. */
export async function settle(sb: Sandbox, mark: number, opts: SettleOptions = {}): Promise<void> {
  const quietMs = opts.quietMs ?? 2000;
  const firstReplyMs = opts.firstReplyMs ?? 8000;
  const deadline = Date.now() + (opts.maxMs ?? 180_000);
  while (Date.now() < deadline && !opts.signal?.aborted) {
    await sleep(100);
    if (sb.standin.pendingUpdates().length > 0) continue;
    const needed = sb.transcript.respondedSince(mark) > 0 ? quietMs : firstReplyMs;
    if (sb.transcript.quietSince(mark) >= needed) return;
  }
}

/** Run lines one by one, each after the previous one's replies settled; returns when the lines end or on quit. */
export async function runScript(
  sb: Sandbox,
  lines: AsyncIterable<string>,
  color: boolean,
  print: (block: string) => void,
  settleOpts?: SettleOptions,
): Promise<void> {
  for await (const line of lines) {
    if (settleOpts?.signal?.aborted) return;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    print(`${paint(color, '1', 'you ›')} ${line.trim()}`);
    const mark = sb.transcript.mark();
    const outcome = handleLine(sb, line, color, print);
    if (outcome === 'quit') return;
    if (outcome === 'sent') await settle(sb, mark, settleOpts);
  }
}

/** A prompt on a terminal; messages that arrive while typing are printed above it. */
export function runInteractive(
  sb: Sandbox,
  color: boolean,
  input: NodeJS.ReadStream,
  output: NodeJS.WriteStream,
  signal: AbortSignal,
): { print: (block: string) => void; done: Promise<void> } {
  const rl = createInterface({ input, output, prompt: `${paint(color, '1', 'you ›')} `, terminal: true, historySize: 200 });
  let closed = false;
  const print = (block: string): void => {
    if (closed) return void output.write(`${block}\n`); // a part finishing during shutdown
    clearLine(output, 0);
    cursorTo(output, 0);
    output.write(`${block}\n`);
    rl.prompt(true);
  };
  const done = new Promise<void>((resolve) => {
    rl.on('line', (line) => {
      if (handleLine(sb, line, color, print) === 'quit') rl.close();
      else rl.prompt();
    });
    rl.on('SIGINT', () => rl.close());
    signal.addEventListener('abort', () => rl.close(), { once: true });
    rl.on('close', () => {
      closed = true;
      output.write('\n');
      resolve();
    });
  });
  rl.prompt();
  return { print, done };
}
