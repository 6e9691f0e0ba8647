/**
 * YAML front matter via gray-matter. The YAML engine is js-yaml's core
 * schema: dates stay strings (no UTC-midnight surprise) and a syntax error
 * carries its line. Passing an options object also keeps gray-matter from
 * caching parses by content.
 */
import matter from 'gray-matter';
import * as yaml from 'js-yaml';
import { yamlErrorLine } from './yaml-error-line.js';

export interface FrontMatter {
  data: Record<string, unknown>;
  body: string;
  hasFrontMatter: boolean;
}

export class FrontMatterError extends Error {
  constructor(
    readonly reason: string,
    readonly line?: number,
  ) {
    super(reason);
    this.name = 'FrontMatterError';
  }
}

function loadYaml(source: string): object {
  const data = yaml.load(source, { schema: yaml.CORE_SCHEMA });
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
      throw new FrontMatterError(`the front matter is not valid YAML: ${err.reason ?? err.message}`, line);
    }
    throw new FrontMatterError(`the front matter cannot be read: ${(err as Error).message}`);
  }
}
