/**
 * The documented schema of an outgoing rich message (`InputRichMessage` with
 * `blocks`, `@grammyjs/types/rich.d.ts`), as zod schemas. Strict: an unknown
 * block or rich-text type, a missing field or a field Telegram does not know
 * is refused with 400, so a renderer mistake shows in tests, not in a
 * channel. Media go by http(s) URL, as the docs require for rich messages.
 */
import { z } from 'zod';

const wrapped = (type: string) => z.strictObject({ type: z.literal(type), text: richText });
const withField = (type: string, field: string) => z.strictObject({ type: z.literal(type), text: richText, [field]: z.string().min(1) });

// Typed loosely: the shape is what the schema checks; the Bot API types describe it for the bot side.
export const richText: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.string(),
    z.array(richText),
    z.discriminatedUnion('type', [
      wrapped('bold'),
      wrapped('italic'),
      wrapped('underline'),
      wrapped('strikethrough'),
      wrapped('spoiler'),
      wrapped('subscript'),
      wrapped('superscript'),
      wrapped('marked'),
      wrapped('code'),
      withField('url', 'url'),
      withField('email_address', 'email_address'),
      withField('phone_number', 'phone_number'),
      withField('bank_card_number', 'bank_card_number'),
      withField('mention', 'username'),
      withField('hashtag', 'hashtag'),
      withField('cashtag', 'cashtag'),
      withField('bot_command', 'bot_command'),
      withField('anchor_link', 'anchor_name').extend({ anchor_name: z.string() }),
      withField('reference', 'name'),
      withField('reference_link', 'reference_name'),
      z.strictObject({
        type: z.literal('date_time'),
        text: richText,
        unix_time: z.int(),
        date_time_format: z.string().regex(/^(r|w?[dD]?[tT]?)$/),
      }),
      z.strictObject({ type: z.literal('text_mention'), text: richText, user: z.object({ id: z.int() }).loose() }),
      z.strictObject({ type: z.literal('custom_emoji'), custom_emoji_id: z.string().min(1), alternative_text: z.string() }),
      z.strictObject({ type: z.literal('mathematical_expression'), expression: z.string().min(1) }),
      z.strictObject({ type: z.literal('anchor'), name: z.string().min(1) }),
      z.strictObject({ type: z.literal('button'), button: z.object({ text: richText }).loose() }),
    ]),
  ]),
);

const caption = z.strictObject({ text: richText, credit: richText.optional() });
const httpUrl = z.string().regex(/^https?:\/\/\S+$/i, 'media blocks support only HTTP and HTTPS URLs');
const media = (type: string) =>
  z.strictObject({ type: z.literal(type), [type]: z.object({ type: z.string(), media: httpUrl }).loose(), caption: caption.optional() });
const align = z.enum(['left', 'center', 'right']);

const cell = z.strictObject({
  text: richText.optional(),
  is_header: z.literal(true).optional(),
  colspan: z.int().min(1).optional(),
  rowspan: z.int().min(1).optional(),
  align,
  valign: z.enum(['top', 'middle', 'bottom']),
});

export const inputBlock: z.ZodType<unknown> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('paragraph'), text: richText }),
    z.strictObject({ type: z.literal('heading'), text: richText, size: z.int().min(1).max(6) }),
    z.strictObject({ type: z.literal('pre'), text: richText, language: z.string().max(64).optional() }),
    z.strictObject({ type: z.literal('footer'), text: richText }),
    z.strictObject({ type: z.literal('divider') }),
    z.strictObject({ type: z.literal('mathematical_expression'), expression: z.string().min(1) }),
    z.strictObject({ type: z.literal('anchor'), name: z.string().min(1).max(128) }),
    z.strictObject({
      type: z.literal('list'),
      items: z
        .array(
          z.strictObject({
            blocks: z.array(inputBlock).min(1),
            has_checkbox: z.literal(true).optional(),
            is_checked: z.literal(true).optional(),
            value: z.int().optional(),
            type: z.enum(['a', 'A', 'i', 'I', '1']).optional(),
          }),
        )
        .min(1),
    }),
    z.strictObject({ type: z.literal('blockquote'), blocks: z.array(inputBlock).min(1), credit: richText.optional() }),
    z.strictObject({ type: z.literal('expandable_blockquote'), text: richText, credit: richText.optional() }),
    z.strictObject({ type: z.literal('pullquote'), text: richText, credit: richText.optional() }),
    z.strictObject({ type: z.literal('collage'), blocks: z.array(inputBlock).min(1), caption: caption.optional() }),
    z.strictObject({ type: z.literal('slideshow'), blocks: z.array(inputBlock).min(1), caption: caption.optional() }),
    z.strictObject({
      type: z.literal('table'),
      cells: z.array(z.array(cell).min(1)).min(1),
      is_bordered: z.literal(true).optional(),
      is_striped: z.literal(true).optional(),
      is_compact: z.literal(true).optional(),
      caption: richText.optional(),
    }),
    z.strictObject({
      type: z.literal('details'),
      summary: richText,
      blocks: z.array(inputBlock).min(1),
      is_open: z.literal(true).optional(),
    }),
    z.strictObject({
      type: z.literal('map'),
      location: z.object({ latitude: z.number(), longitude: z.number() }).loose(),
      zoom: z.int().min(0).max(24),
      width: z.int().min(0).max(10_000),
      height: z.int().min(0).max(10_000),
      caption: caption.optional(),
    }),
    media('photo'),
    media('video'),
    media('animation'),
    media('audio'),
    media('document'),
    media('voice_note'),
    z.strictObject({
      type: z.literal('buttons'),
      buttons: z
        .array(z.object({ text: richText }).loose())
        .min(1)
        .max(8),
      align: align.optional(),
    }),
    z.strictObject({ type: z.literal('thinking'), text: richText }),
  ]),
);

export const inputRichMessage = z.strictObject({
  blocks: z.array(inputBlock).min(1),
  is_rtl: z.boolean().optional(),
  skip_entity_detection: z.boolean().optional(),
});
