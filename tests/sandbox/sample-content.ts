/**
 * A small content folder for the sandbox tests, written to a temp dir: a
 * short report with a cover photo (2026-03-02), a long one that splits into
 * several messages (2026-03-03), a draft and a far-future report that must
 * never reach the channel.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const harbour = `---
title: Harbour cranes return to work
date: 2026-03-02
tags: [ports, logistics]
coverImage: https://example.com/covers/harbour-cranes.png
summary: "- Cranes back after the storm\\n- Queues shorter by Friday"
---
### Cranes back after the storm

The east quay reopened at dawn and **all six cranes** were lifting by noon.

### Queues shorter by Friday

Hauliers expect the waiting line to clear within *three days*, says the [port authority](https://example.com/port).
`;

const sections = [
  ['Rail freight', 'Grain wagons', 'Timber trains', 'Night slots'],
  ['Inland water', 'Barge levels', 'Lock repairs', 'Winter ice'],
  ['Road haulage', 'Driver rosters', 'Diesel prices', 'Toll changes'],
  ['Air cargo', 'Belly space', 'Charter demand', 'Fuel surcharges'],
  ['Warehousing', 'Cold storage', 'Rack rents', 'Robot pickers'],
  ['Customs', 'Border checks', 'Paperless filing', 'Transit bonds'],
];

function paragraph(topic: string, n: number): string {
  return (
    `${topic}, note ${n}: the ${['north', 'south', 'east', 'west'][n % 4]} depots logged ${120 + n * 7} movements this week, ` +
    `and planners at the ${topic.toLowerCase()} desk expect the figure to hold while contracts are renewed and crews rotate through the spring timetable.`
  );
}

function longReport(): string {
  const body = sections
    .map(([section, ...topics]) =>
      [
        `## ${section}`,
        ...topics.map((t) =>
          [
            `### ${t}`,
            paragraph(t!, 1),
            paragraph(t!, 2),
            `**Watch:** ${t} figures are due on Monday, see [the board](https://example.com/${t!.toLowerCase().replace(/ /g, '-')}).`,
          ].join('\n\n'),
        ),
      ].join('\n\n'),
    )
    .join('\n\n');
  return `---\ntitle: Freight week in review\ndate: 2026-03-03\ntags: [freight]\n---\n${body}\n`;
}

const draft = `---
title: Unfinished draft
date: 2026-03-03
draft: true
---
Nobody should see this draft line.
`;

const future = `---
title: A report from the far future
date: 2099-01-01
---
Nobody should see this future line.
`;

/** Write the sample reports to a new temp folder and return its path. */
export function writeSampleContent(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-content-'));
  writeFileSync(join(dir, '2026-03-02-harbour.md'), harbour);
  writeFileSync(join(dir, '2026-03-03-freight.md'), longReport());
  writeFileSync(join(dir, '2026-03-03-draft.md'), draft);
  writeFileSync(join(dir, '2099-01-01-future.md'), future);
  return dir;
}
