/**
 * Which names in the content folder are reports. Editors' folders collect
 * other things (an images folder, a README, their editor's backup and swap
 * files); those are ignored, not errors, and `check` counts them.
 */

/** Why a name in the content folder is not read as a report. */
export type IgnoredWhy = 'hidden' | 'backup' | 'readme' | 'folder' | 'other-type';

export interface IgnoredFile {
  file: string;
  why: IgnoredWhy;
}

/** Extensions of report files (case-insensitive). */
export const REPORT_EXTENSIONS = ['.md', '.markdown', '.txt'] as const;

// Emacs `x.md~` and `#x.md#`, Vim `.x.md.swp` (hidden anyway) and `x.md.swp`, and the usual leftovers.
const BACKUP = /(~|\.(swp|swo|swx|bak|orig|tmp|rej))$/i;

/** 'report' for a file name that is a report, otherwise why it is ignored. Judged by name only. */
export function classifyName(name: string): 'report' | Exclude<IgnoredWhy, 'folder'> {
  if (name.startsWith('.')) return 'hidden';
  if (BACKUP.test(name) || (name.startsWith('#') && name.endsWith('#'))) return 'backup';
  if (/^readme(\.|$)/i.test(name)) return 'readme';
  const lower = name.toLowerCase();
  return REPORT_EXTENSIONS.some((ext) => lower.endsWith(ext) && lower.length > ext.length) ? 'report' : 'other-type';
}
