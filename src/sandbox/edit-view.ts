/**
 * A long message edited in place (a table of contents added to a report's
 * opening message, /update correcting a typo) shown as what changed rather
 * than printed again in full: changed lines marked `-`/`+`, a little context,
 * long unchanged stretches folded. Short messages (a page of buttons) are
 * simply shown again. Pure.
 */

/** Lines a message needs before an edit of it is folded. */
const FOLD_FROM_LINES = 12;
/** Unchanged lines kept on each side of a change. */
const CONTEXT = 1;

type Op = { kind: 'same' | 'del' | 'add'; line: string };

/** Line diff by longest common subsequence; messages are at most a few hundred lines. */
function diffLines(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: 'same', line: a[i]! });
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      ops.push({ kind: 'del', line: a[i++]! }); // removals first, as diff prints them
    } else {
      ops.push({ kind: 'add', line: b[j++]! });
    }
  }
  return ops;
}

/**
 * The changed lines with context, as `  `/`- `/`+ ` lines and `  … N unchanged lines`
 * folds; undefined when the message is short or mostly rewritten (show it whole).
 */
export function foldedEdit(
  before: string,
  after: string,
  mark: (kind: 'del' | 'add' | 'fold', s: string) => string = (_k, s) => s,
): string[] | undefined {
  const a = before.split('\n');
  const b = after.split('\n');
  if (b.length < FOLD_FROM_LINES) return undefined;
  const ops = diffLines(a, b);
  const same = ops.filter((o) => o.kind === 'same').length;
  if (same * 2 < b.length) return undefined;
  const near = (k: number): boolean => {
    for (let d = -CONTEXT; d <= CONTEXT; d++) if (ops[k + d] && ops[k + d]!.kind !== 'same') return true;
    return false;
  };
  const out: string[] = [];
  let folded = 0;
  ops.forEach((op, k) => {
    if (op.kind === 'same' && !near(k)) {
      folded++;
      return;
    }
    if (folded > 0) out.push(mark('fold', `  … ${folded} unchanged line${folded === 1 ? '' : 's'}`));
    folded = 0;
    out.push(op.kind === 'same' ? `  ${op.line}` : mark(op.kind, `${op.kind === 'add' ? '+' : '-'} ${op.line}`));
  });
  if (folded > 0) out.push(mark('fold', `  … ${folded} unchanged line${folded === 1 ? '' : 's'}`));
  return out;
}
