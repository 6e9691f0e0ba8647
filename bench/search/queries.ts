/** The fixed /topic query mix, by class. */
import type { Report } from '../../src/content/report.js';

export interface QueryCase {
  kind: 'hit' | 'miss' | 'one character' | 'Traditional' | 'Latin' | 'tag' | 'long';
  query: string;
}

export function queryMix(names: string[], reports: Report[]): QueryCase[] {
  // A reader pasting a sentence: 120 characters from the middle of a real topic.
  const pasted = reports
    .flatMap((r) => r.topics)
    .find((t) => t.body.length > 400)!
    .body.slice(200, 320);
  const noise = Array.from({ length: 5000 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join('');
  return [
    ...['英伟达', '黄仁勋', '美联储', '数据中心', '出口管制', '固态电池', '台积电财报', names[0]!, names[40]!, names[400]!].map(
      (query) => ({ kind: 'hit' as const, query }),
    ),
    ...['量子纠缠', '火星殖民计划', '哈利波特', '区块链游戏'].map((query) => ({ kind: 'miss' as const, query })),
    ...['金', '油', '芯', '的', '鑫'].map((query) => ({ kind: 'one character' as const, query })),
    ...['輝達', '黃仁勳', '記憶體', '晶片', '美聯儲', '資料中心'].map((query) => ({ kind: 'Traditional' as const, query })),
    ...['ai', 'ＡＩ', 'Nvidia', 'HBM', 'openai', 'GPU', 'etf'].map((query) => ({ kind: 'Latin' as const, query })),
    ...['宏观经济', '科技日报'].map((query) => ({ kind: 'tag' as const, query })),
    { kind: 'long', query: pasted },
    { kind: 'long', query: noise },
  ];
}
