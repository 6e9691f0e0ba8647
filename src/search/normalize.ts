/**
 * Text as search compares it: NFKC folds full-width Latin (ＡＩ -> AI) and
 * compatibility forms, lower case makes Latin case-insensitive.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}
