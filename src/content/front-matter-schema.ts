/**
 * The front matter fields the bot reads, checked against one zod schema per
 * field, so one bad field never spoils the others.
 *
 * Two kinds of mistakes:
 * - A field the bot must not guess about makes the file broken: `date`
 *   (the report could be posted on the wrong day) and `draft` / `published`
 *   (an unreadable draft flag could publish a draft).
 * - Any other known field that is malformed or over its bound is dropped
 *   with a warning naming the field; the report still loads (a lost tag or
 *   summary is visible in `check` and costs nothing in the channel).
 *
 * Unknown fields are not checked: they stay in `meta` as YAML gave them
 * (aliases are refused and nesting is capped by the front matter parser).
 */
import { z } from 'zod';
import { checkCoverUrl } from './cover-url.js';

/** Bounds on the known fields, in UTF-16 units (JavaScript string length). */
export const FIELD_LIMITS = {
  title: 300,
  summary: 4000,
  category: 100,
  date: 64,
  coverImage: 2048,
  tag: 64,
  tags: 50,
  /** A comma-separated `tags` string. */
  tagsText: 4000,
} as const;

export interface FrontMatterFields {
  title?: string;
  summary?: string;
  category?: string;
  coverImage?: string;
  /** The raw `date` value (a string or number), for dates.ts to interpret. */
  date?: string | number;
  draft: boolean;
  tags: string[];
}

/** A field dropped with a warning: a bad value, or a cover image that may not be posted. */
export interface FieldWarning {
  field: string;
  code: 'field-dropped' | 'cover-refused';
  message: string;
}

export type FieldsResult = { ok: true; fields: FrontMatterFields; warnings: FieldWarning[] } | { ok: false; field: string; reason: string };

const scalar = z.union([z.string(), z.number()], { error: 'must be text' }).transform((v) => String(v).trim());

/** Text of at most `max` units; empty means absent. */
const text = (max: number) =>
  scalar.refine((s) => s.length <= max, `is longer than ${max} characters`).transform((s) => (s === '' ? undefined : s));

const FLAG_WORDS: Record<string, boolean> = { true: true, yes: true, false: false, no: false };

const flag = z.union(
  [
    z.boolean(),
    z
      .string()
      .transform((s) => FLAG_WORDS[s.trim().toLowerCase()])
      .pipe(z.boolean()),
  ],
  { error: 'must be true or false' },
);

const tagTooLong = `has a tag longer than ${FIELD_LIMITS.tag} characters`;
const tag = scalar.refine((s) => s.length <= FIELD_LIMITS.tag, tagTooLong);
const tagText = z.string().refine((s) => s.trim().length <= FIELD_LIMITS.tag, tagTooLong);

const tags = z
  .union(
    [
      z.array(tag, { error: 'must be a list of short words' }),
      z
        .string()
        .max(FIELD_LIMITS.tagsText, `is longer than ${FIELD_LIMITS.tagsText} characters`)
        .transform((s) => s.split(/[,，]/))
        .pipe(z.array(tagText)),
    ],
    { error: 'must be a list of short words (or one comma-separated line)' },
  )
  .transform((list: string[]) => list.map((t) => t.trim()).filter(Boolean))
  .refine((list) => list.length <= FIELD_LIMITS.tags, `has more than ${FIELD_LIMITS.tags} tags`);

const date = scalar.refine((s) => s.length <= FIELD_LIMITS.date, 'is too long to be a date');

/** Each field's schema; `undefined` and YAML's empty value (null) mean "not given". */
export const frontMatterFieldSchemas = {
  title: text(FIELD_LIMITS.title),
  summary: text(FIELD_LIMITS.summary),
  category: text(FIELD_LIMITS.category),
  coverImage: text(FIELD_LIMITS.coverImage),
  tags,
  draft: flag,
  published: flag,
  date,
};

/** The first message of a failed check, without zod's "Invalid input: " prefix. */
function messageOf(error: z.ZodError): string {
  const issue = error.issues[0];
  const raw = issue?.message ?? 'is not valid';
  return raw.startsWith('Invalid input') ? 'has the wrong type' : raw;
}

function given(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** The cover image field under its three accepted names, first one given wins. */
const COVER_NAMES = ['coverImage', 'cover_image', 'cover'] as const;

export function readFrontMatterFields(data: Record<string, unknown>): FieldsResult {
  const warnings: FieldWarning[] = [];
  const own = (key: string): unknown => (Object.hasOwn(data, key) ? data[key] : undefined);

  // Fields that make the file broken when wrong.
  const parsedDate = given(own('date')) ? frontMatterFieldSchemas.date.safeParse(own('date')) : undefined;
  if (parsedDate && !parsedDate.success)
    return {
      ok: false,
      field: 'date',
      reason: `front matter field "date" ${messageOf(parsedDate.error)} (write YYYY-MM-DD or YYYY-MM-DDTHH:MM)`,
    };
  let draft = false;
  for (const key of ['draft', 'published'] as const) {
    if (!given(own(key))) continue;
    const r = frontMatterFieldSchemas[key].safeParse(own(key));
    if (!r.success) return { ok: false, field: key, reason: `front matter field "${key}" ${messageOf(r.error)}` };
    if (key === 'draft' ? r.data : !r.data) draft = true;
  }

  // Fields dropped with a warning when wrong.
  const optional = <T>(key: string, schema: z.ZodType<T>, value: unknown = own(key)): T | undefined => {
    if (!given(value)) return undefined;
    const r = schema.safeParse(value);
    if (r.success) return r.data;
    warnings.push({ field: key, code: 'field-dropped', message: `front matter field "${key}" ${messageOf(r.error)}; it was ignored` });
    return undefined;
  };
  const fields: FrontMatterFields = { draft, tags: optional('tags', frontMatterFieldSchemas.tags) ?? [] };
  const title = optional('title', frontMatterFieldSchemas.title);
  const summary = optional('summary', frontMatterFieldSchemas.summary);
  const category = optional('category', frontMatterFieldSchemas.category);
  if (title !== undefined) fields.title = title;
  if (summary !== undefined) fields.summary = summary;
  if (category !== undefined) fields.category = category;
  if (parsedDate?.success && parsedDate.data !== '') fields.date = parsedDate.data;

  const coverKey = COVER_NAMES.find((k) => {
    const v = own(k);
    return given(v) && !(typeof v === 'string' && v.trim() === '');
  });
  if (coverKey) {
    const url = optional(coverKey, frontMatterFieldSchemas.coverImage);
    if (url !== undefined) {
      const checked = checkCoverUrl(url);
      if ('refused' in checked) {
        warnings.push({
          field: coverKey,
          code: 'cover-refused',
          message: `front matter field "${coverKey}" ${checked.refused}; the report is posted without the picture`,
        });
      } else fields.coverImage = checked.url;
    }
  }
  return { ok: true, fields, warnings };
}
