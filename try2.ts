import { loadContent } from './src/content/load.js';
import { createRenderer } from './src/render/document.js';
import { reportToParts } from './src/render/messages.js';
const c = await loadContent('/work/shared/seeds', { timeZone: 'Asia/Shanghai' });
const r = createRenderer();
const rep = c.reports.find(x => x.file.startsWith(process.argv[2]!))!;
const parts = reportToParts(rep, r);
for (const p of parts) { console.log('=====', p.payload.method, p.text.length); console.log(p.payload.method === 'sendPhoto' ? p.payload.caption : p.payload.text); }
