/** Edits of long messages are shown as what changed; short ones are shown again whole. */
import { describe, expect, it } from 'vitest';
import { foldedEdit } from '../../src/sandbox/edit-view.js';

const lines = (n: number, from = 1): string[] => Array.from({ length: n }, (_, i) => `line ${i + from}`);

describe('foldedEdit', () => {
  it('folds unchanged stretches around changed lines', () => {
    const before = lines(20).join('\n');
    const after = [...lines(9), 'line 10, corrected', ...lines(10, 11), 'Contents', '• Part one'].join('\n');
    expect(foldedEdit(before, after)).toEqual([
      '  … 8 unchanged lines',
      '  line 9',
      '- line 10',
      '+ line 10, corrected',
      '  line 11',
      '  … 8 unchanged lines',
      '  line 20',
      '+ Contents',
      '+ • Part one',
    ]);
  });

  it('shows short messages and rewrites whole', () => {
    expect(foldedEdit('Page 1\nA\nB', 'Page 2\nC\nD')).toBeUndefined();
    expect(foldedEdit(lines(20).join('\n'), lines(20, 100).join('\n'))).toBeUndefined();
  });
});
