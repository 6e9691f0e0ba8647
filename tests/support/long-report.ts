/** A long report of our own (no seed text) that splits into many messages. */
export function longReport(date: string, sections = 8): string {
  const out = [
    `---`,
    `title: Long test report ${date}`,
    `date: ${date}`,
    `summary: "- many sections\\n- many messages"`,
    `---`,
    `# Long test report ${date}`,
    '',
  ];
  for (let s = 1; s <= sections; s++) {
    out.push(`## Section ${s}`, '');
    for (let t = 1; t <= 3; t++) {
      out.push(`### Topic ${s}.${t}`, '');
      out.push(`${`Section ${s} topic ${t} sentence about markets and rates. `.repeat(22)}`, '');
      out.push('**Key points:**', `- point one for ${s}.${t}`, `- point two for ${s}.${t}`, '');
    }
  }
  return out.join('\n');
}

/**
 * Today in UTC (the child bots run with TIMEZONE=UTC): the schedule posts only
 * fresh reports, so a report a test expects to see posted is dated today.
 */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
