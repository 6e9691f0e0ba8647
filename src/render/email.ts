/**
 * A `mailto:` link, written so Telegram can open it. Telegram's HTML parser
 * turns `<a href="mailto:…">` into a broken `http://mailto:…` link, but it
 * links a plain address in a message's text by itself (an email entity) when
 * the address stands apart from the words around it (checked with TDLib). So
 * the address is written as text: after the link's own text in brackets
 * (`写信 (a@b.org)`), or alone when it is the link's text, spaced from a
 * Chinese neighbour that would hide it.
 */

import { joinsEmail } from '../util/links.js';
import type { DocBuilder } from './doc-builder.js';

/** Before the link's text (`linkText`, read ahead): when the address will be the text, keep it apart from the word before. */
export function beginEmail(b: DocBuilder, linkText: string, address: string): void {
  if ((linkText === address || linkText === '') && joinsEmail(b.lastChar() ?? ' ')) b.write(' ');
}

/** After the link's text, which started at `start`: add the address, or keep what follows apart from it. */
export function endEmail(b: DocBuilder, start: number, address: string): void {
  const text = b.textSince(start).trim();
  if (text === address) {
    b.separateNext(joinsEmail);
    return;
  }
  if (text.length === 0) {
    b.write(address);
    b.separateNext(joinsEmail);
    return;
  }
  b.write(` (${address})`);
}
