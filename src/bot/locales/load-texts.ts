/**
 * Why a file could not be loaded, or needs a look, in the reader's language.
 * Loading gives each problem and warning a code and its values; English
 * keeps the sentence loading wrote (the same one logs and `check` print),
 * Chinese is written here, so no English reaches the Chinese interface.
 */
import type { LoadProblem, LoadWarning, ProblemCode, TextParams, WarningCode } from '../../content/report.js';
import type { Lang } from '../../telegram/lang.js';

const p = (params: TextParams | undefined, key: string): string => String(params?.[key] ?? '');

const ZH_PROBLEMS: Record<ProblemCode, (v: TextParams | undefined) => string> = {
  'too-big': (v) => (v?.limitMb ? `文件超过 ${p(v, 'limitMb')} MB 的日报大小上限` : '文件太大，超过日报的大小上限'),
  'not-utf8': () => '文件不是 UTF-8 文本（请另存为 UTF-8）',
  empty: () => '文件是空的',
  'no-body': () => '前置信息后面没有正文',
  yaml: () => '前置信息（YAML）格式有误，请检查引号、括号和冒号',
  'front-matter': () => '前置信息无法读取（应为一行一个“键: 值”）',
  'bad-date': () => '前置信息里的 date 不是日期（请写 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM）',
  unreadable: () => '文件无法读取',
  permission: () => '文件无法读取（没有权限）',
  'not-regular': () => '这不是普通文件（设备、管道或套接字），不会读取',
  outside: () => '这是指向内容文件夹以外的链接（或链接目标不存在），不会读取',
  'duplicate-id': (v) => `编号“${p(v, 'id')}”已被 ${p(v, 'other')} 使用（请给其中一个改名）`,
  'yaml-alias': () => '前置信息用了 YAML 别名（*名称），日报里不允许，请把值直接写出来',
  'yaml-depth': () => '前置信息里的列表或映射嵌套太深',
  'bad-field': (v) => `前置信息字段 ${p(v, 'field')} 的值无法识别（draft/published 请写 true 或 false）`,
  'too-deep': () => '引用或列表嵌套太深，无法完整显示（后面的内容会丢失）',
  'too-many-blocks': (v) => `文件里的段落、标题、列表项和引用层数超过 ${p(v, 'limit')} 个，不像日报，不会显示`,
  'parse-timeout': () => '读取这个文件超时，已跳过（文件可能有问题）',
  'parse-stopped': () => '机器人正在停止，这个文件这次没有读取',
  'parse-memory': () => '读取这个文件需要的内存超过上限，已跳过（文件可能有问题）',
  'render-timeout': () => '把这个文件排成消息超时，已跳过（文件可能有问题）',
  'render-memory': () => '把这个文件排成消息需要的内存超过上限，已跳过（文件可能有问题）',
};

const ZH_WARNINGS: Record<WarningCode, (v: TextParams | undefined) => string> = {
  'no-date': (v) => `文件名、前置信息和标题里都没有日期：不会自动发布（暂按修改日期 ${p(v, 'date')} 列出）`,
  'date-mismatch': (v) => `文件名里的日期是 ${p(v, 'nameDate')}，前置信息却写 ${p(v, 'date')}（以前置信息为准，请改正错的一处）`,
  'dropped-link': (v) =>
    v?.kind === 'relative'
      ? `第 ${p(v, 'line')} 行的相对链接 ${p(v, 'target')} 被去掉，只保留文字（Telegram 需要完整的 https:// 地址）`
      : `第 ${p(v, 'line')} 行的链接 ${p(v, 'target')} 被去掉，只保留文字（只支持 http、https、tg、mailto）`,
  'no-topics': () => '没有找到话题（没有 ##/### 标题、快讯条目或标题行），/topics 和 /topic 找不到其中内容',
  'control-chars': (v) => `去掉了 ${p(v, 'count')} 个控制字符（看不见的字符，不能发到 Telegram）`,
  'field-dropped': (v) => `前置信息字段 ${p(v, 'field')} 格式不对或太长，已忽略`,
  'cover-refused': (v) => `前置信息字段 ${p(v, 'field')} 不是公开的 http(s) 图片地址，发布时不带封面图`,
  'same-day': (v) => `${p(v, 'date')} 有 ${p(v, 'count')} 篇日报（${p(v, 'files')}），都会按顺序发布；如果是误放，请移走多余的`,
};

export function problemText(lang: Lang, problem: LoadProblem): string {
  if (lang === 'en' || !problem.code) return lang === 'en' ? problem.reason : `无法读取（${problem.reason}）`;
  return ZH_PROBLEMS[problem.code](problem.params);
}

export function warningText(lang: Lang, warning: LoadWarning): string {
  if (lang === 'en' || !warning.code) return lang === 'en' ? warning.message : `需要留意（${warning.message}）`;
  return ZH_WARNINGS[warning.code](warning.params);
}
