/**
 * YAML front matter via gray-matter. The YAML engine is js-yaml's core
 * schema: dates stay strings (no UTC-midnight surprise) and a syntax error
 * carries its line. Passing an options object also keeps gray-matter from
 * caching parses by content.
 *
 * Front matter is untrusted input, so the parse is bounded: YAML aliases
 * (`*name`) are refused outright (a 524-byte "billion laughs" block of nested
 * aliases expands to 10^9 strings the moment anything walks it), and
 * collections may nest only MAX_DEPTH deep. No editor's report needs either.
 */
import matter from 'gray-matter';
import * as yaml from 'js-yaml';
import { yamlErrorLine } from './yaml-error-line.js';

export interface FrontMatter {
  data: Record<string, unknown>;
  body: string;
  hasFrontMatter: boolean;
}

/** Which bound a front matter broke, when it broke one (for the reason's translation). */
export type FrontMatterLimit = 'alias' | 'depth';

export class FrontMatterError extends Error {
  constructor(
    readonly reason: string,
    readonly line?: number,
    readonly limit?: FrontMatterLimit,
  ) {
    super(reason);
    this.name = 'FrontMatterError';
  }
}

/** Nesting allowed in front matter: the known fields are flat, a little room is left for custom ones. */
export const MAX_DEPTH = 8;

function loadYaml(source: string): object {
  // maxAliases 0: js-yaml rejects the first alias while parsing, before anything can expand it.
  const data = yaml.load(source, { schema: yaml.CORE_SCHEMA, maxAliases: 0, maxDepth: MAX_DEPTH });
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new FrontMatterError('the front matter must be "key: value" lines');
  }
  return data;
}

export function parseFrontMatter(text: string): FrontMatter {
  if (!/^---[ \t]*\n/.test(text)) return { data: {}, body: text, hasFrontMatter: false };
  try {
    const parsed = matter(text, { engines: { yaml: { parse: loadYaml, stringify: () => '' } } });
    return { data: parsed.data as Record<string, unknown>, body: parsed.content, hasFrontMatter: true };
  } catch (err) {
    if (err instanceof FrontMatterError) throw err;
    if (err instanceof yaml.YAMLException) {
      // gray-matter hands over the block from just after the opening `---` (its
      // line break included), so js-yaml's 0-based line is the file's 1-based line minus one.
      const mark = err.mark as { line?: number; buffer?: string } | undefined;
      const line = typeof mark?.line === 'number' ? yamlErrorLine(mark.buffer ?? '', mark.line, err.reason) + 1 : undefined;
      const reason = err.reason ?? err.message;
      if (reason.includes('maxAliases')) {
        throw new FrontMatterError(
          'the front matter uses a YAML alias (*name); aliases are not allowed in reports, write the value out instead',
          line,
          'alias',
        );
      }
      if (reason.includes('maxDepth'))
        throw new FrontMatterError(`the front matter nests lists or maps more than ${MAX_DEPTH} levels deep`, line, 'depth');
      throw new FrontMatterError(`the front matter is not valid YAML: ${reason}`, line);
    }
    throw new FrontMatterError(`the front matter cannot be read: ${(err as Error).message}`);
  }
}
