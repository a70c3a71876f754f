import {
  CASE_ACTION_LABELS,
  CASE_ENDING_LABELS,
  CASE_SOURCE_LABELS,
  CASE_STEP_LABELS,
  CASE_TEAM_ROLE_LABELS,
  CHIEF_DUTY_LABELS,
  GENDER_LABELS,
  RETURN_PLACEMENT_LABELS,
  todayIso,
  type CaseDetail,
  type Label,
} from '@baoxue/shared';
import { DOCUMENT_FONTS } from '../../lib/pdf';

// The two printable documents as self-contained HTML (no script, no external resource),
// in Chinese: they are handed to guardians and filed in the case folder. Every value from
// the database passes through esc().

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function esc(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function label(labels: Readonly<Record<string, Label>>, code: string | null | undefined): string {
  if (!code) return '';
  return labels[code]?.zh ?? code;
}

/** 2026-12-01 → 2026年12月1日, as official documents write dates. */
export function chineseDate(iso: string | null | undefined): string {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  if (!m) return '____年__月__日';
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** The issuing authority of a town: 镇/乡 → 人民政府, a sub-district → 办事处. */
export function townAuthority(townName: string | null): string {
  if (!townName) return '镇（街道）人民政府';
  if (townName.endsWith('街道')) return `${townName}办事处`;
  if (townName.endsWith('办事处') || townName.endsWith('人民政府')) return townName;
  return `${townName}人民政府`;
}

const blank = (value: string | null | undefined, width = 8): string =>
  value ? esc(value) : `<span class="blank">${'&nbsp;'.repeat(width * 2)}</span>`;

function page(title: string, body: string, extraCss = ''): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
  @page { size: A4; margin: 20mm 18mm 18mm; }
  * { box-sizing: border-box; }
  body { font-family: ${DOCUMENT_FONTS}; font-size: 11pt; line-height: 1.7; color: #000; margin: 0; }
  h1 { font-family: "Noto Serif CJK SC", ${DOCUMENT_FONTS}; font-size: 20pt; text-align: center; margin: 0 0 4mm; letter-spacing: 2pt; }
  h2 { font-size: 12.5pt; margin: 6mm 0 2mm; border-left: 3pt solid #333; padding-left: 2mm; }
  table { width: 100%; border-collapse: collapse; font-size: 10pt; page-break-inside: auto; }
  th, td { border: 0.6pt solid #555; padding: 1.2mm 2mm; text-align: left; vertical-align: top; }
  th { background: #f0f0f0; font-weight: 600; white-space: nowrap; }
  tr { page-break-inside: avoid; }
  .meta { text-align: right; font-size: 9.5pt; color: #333; }
  .muted { color: #555; }
  .blank { display: inline-block; border-bottom: 0.8pt solid #000; min-width: 20mm; }
  ${extraCss}
</style></head><body>${body}</body></html>`;
}

export interface NoticeInput {
  detail: CaseDetail;
  /** The identity number as printed: masked unless the user may and asked to print it in full. */
  idNumber: string | null;
  deadline: string;
  countyName: string;
  issuedOn: string;
}

/** 限期复学告知书: the written notice to guardians under the Compulsory Education Law. */
export function noticeHtml({ detail: d, idNumber, deadline, countyName, issuedOn }: NoticeInput): string {
  const school = d.returnSchoolName ?? d.schoolName;
  const residence = [d.townName, d.villageName].filter(Boolean).join('');
  const enrolled = [d.schoolName, d.className].filter(Boolean).join('');
  const contact = d.chain.links
    .filter((l) => ['town_head', 'principal', 'class_teacher'].includes(l.duty) && l.name)
    .map(
      (l) =>
        `${l.duty === 'class_teacher' ? '班主任' : label(CHIEF_DUTY_LABELS, l.duty)}${l.unitName ? `（${esc(l.unitName)}）` : ''}：${esc(l.name)}${l.phone ? ` ${esc(l.phone)}` : ''}`,
    );
  const body = `
  <h1>限期复学告知书</h1>
  <p class="meta">${esc(countyName)}控辍保学〔${esc(d.schoolYear)}〕第 ${esc(d.id)} 号</p>
  <p><strong>${blank(d.guardianName)}</strong>（监护人）：</p>
  <p class="indent">您的子女（被监护人）<strong>${esc(d.name)}</strong>，${esc(label(GENDER_LABELS, d.gender)) || '性别____'}，${chineseDate(d.birthDate)}出生，身份证号 ${blank(idNumber, 10)}，户籍（居住）地 ${blank(residence)}${enrolled ? `，学籍所在 ${esc(enrolled)}` : ''}，目前未按规定入学接受义务教育。</p>
  <p class="indent">《中华人民共和国义务教育法》规定：</p>
  <p class="law"><strong>第五条</strong>&#12288;适龄儿童、少年的父母或者其他法定监护人应当依法保证其按时入学接受并完成义务教育。</p>
  <p class="law"><strong>第五十八条</strong>&#12288;适龄儿童、少年的父母或者其他法定监护人无正当理由未依照本法规定送适龄儿童、少年入学接受义务教育的，由当地乡镇人民政府或者县级人民政府教育行政部门给予批评教育，责令限期改正。</p>
  <p class="indent">送适龄子女接受并完成义务教育，是每一位监护人的法定义务。现告知您：请于 <strong class="deadline">${chineseDate(deadline)}</strong> 前，送 <strong>${esc(d.name)}</strong> 到 <strong>${blank(school, 10)}</strong> 报到复学。如家庭经济、学习、身体等方面有困难，请及时与学校或镇（街道）联系，我们将尽力帮助解决。逾期无正当理由仍未送子女复学的，将依法责令改正，并依法采取进一步措施。</p>
  ${contact.length ? `<p class="indent muted">联系人：${contact.join('；')}</p>` : ''}
  <div class="issuers">
    <div>${esc(townAuthority(d.townName))}<br><span class="muted">（盖章）</span></div>
    <div>${school ? esc(school) : '学校'}<br><span class="muted">（盖章）</span></div>
  </div>
  <p class="date">${chineseDate(issuedOn)}</p>
  <table class="receipt">
    <tr><th colspan="4">送达回执（本告知书一式两份，监护人与学校各执一份）</th></tr>
    <tr><th>监护人签收</th><td class="sign"></td><th>签收日期</th><td class="sign">____年__月__日</td></tr>
    <tr><th>送达人签字</th><td class="sign"></td><th>见证人签字</th><td class="sign"></td></tr>
  </table>`;
  return page(
    `限期复学告知书 ${d.name}`,
    body,
    `p.indent { text-indent: 2em; margin: 2mm 0; }
     p.law { margin: 1mm 0 1mm 2em; font-family: "Noto Serif CJK SC", ${DOCUMENT_FONTS}; }
     .issuers { display: flex; justify-content: space-between; margin: 14mm 4mm 0; text-align: center; }
     .issuers > div { width: 45%; }
     p.date { text-align: right; margin: 4mm 8mm 8mm 0; }
     table.receipt td.sign { height: 14mm; width: 30%; }`,
  );
}

const EVENT_KINDS: Record<string, string> = {
  opened: '立案',
  step: '进入下一步',
  reopened: '重新劝返',
  escalated: '升级督办',
  overdue: '逾期',
  closed: '销号',
  team: '调整工作组',
  updated: '修改',
  absence: '再次缺勤',
};

function rows(cells: string[][], headers: string[]): string {
  if (cells.length === 0) return `<p class="muted">（无）</p>`;
  return `<table><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${cells
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</table>`;
}

export interface SummaryInput {
  detail: CaseDetail;
  reasonLabel: string | null;
  countyName: string;
  printedBy: string;
  printedAt: string;
}

/** 一人一案 case summary: the child, the chain, the team, the steps, actions, check-ins, ending. */
export function summaryHtml({
  detail: d,
  reasonLabel,
  countyName,
  printedBy,
  printedAt,
}: SummaryInput): string {
  const info: [string, string][] = [
    ['姓名', esc(d.name)],
    ['性别', esc(label(GENDER_LABELS, d.gender))],
    ['出生日期', esc(d.birthDate)],
    ['身份证号', esc(d.idNumberMasked)],
    ['户籍（居住）地', esc([d.townName, d.villageName].filter(Boolean).join(' '))],
    ['学校 / 班级', esc([d.schoolName, d.className].filter(Boolean).join(' '))],
    ['监护人', esc([d.guardianName, d.guardianPhone].filter(Boolean).join(' '))],
    ['案件来源', esc([label(CASE_SOURCE_LABELS, d.source), d.sourceNote].filter(Boolean).join('：'))],
    ['失学原因', esc([reasonLabel ?? d.reasonCode, d.reasonNote].filter(Boolean).join('：'))],
    ['立案日期', esc(d.openedOn)],
    [
      '当前步骤',
      esc(
        `${label(CASE_STEP_LABELS, d.step)}${d.stepDueOn && d.step !== 'closed' ? `（期限 ${d.stepDueOn}${d.overdue ? '，已逾期' : ''}）` : ''}`,
      ),
    ],
    ['确认失学', esc(d.confirmedOutOfSchool ? `是（${d.confirmedOn ?? ''}）` : '否')],
  ];
  const infoTable = `<table>${info
    .reduce<string[]>((out, [k, v], i) => {
      if (i % 2 === 0) out.push(`<tr><th>${esc(k)}</th><td>${v}</td>`);
      else out[out.length - 1] += `<th>${esc(k)}</th><td>${v}</td></tr>`;
      return out;
    }, [])
    .join('')}</table>`;
  const chain = rows(
    d.chain.links.map((l) => [
      esc(l.line === 'government' ? '政府线' : '教育线'),
      esc(label(CHIEF_DUTY_LABELS, l.duty)),
      esc(l.unitName),
      l.name ? esc(l.name) : '<span class="muted">未登记</span>',
      esc(l.phone),
    ]),
    ['线', '职责', '单位', '姓名', '电话'],
  );
  const team = rows(
    d.team.map((m) => [esc(label(CASE_TEAM_ROLE_LABELS, m.role)), esc(m.name), esc(m.phone)]),
    ['角色', '姓名', '电话'],
  );
  const events = rows(
    d.events.map((e) => [
      esc(todayIso(new Date(e.at))),
      esc(EVENT_KINDS[e.kind] ?? e.kind),
      esc(
        [label(CASE_STEP_LABELS, e.fromStep), label(CASE_STEP_LABELS, e.toStep)].filter(Boolean).join(' → '),
      ),
      esc(e.note),
      esc(e.by),
    ]),
    ['日期', '事项', '步骤', '说明', '经办'],
  );
  const actions = rows(
    d.actions.map((a) => [
      esc(a.happenedOn),
      esc(label(CASE_STEP_LABELS, a.step)),
      esc(label(CASE_ACTION_LABELS, a.kind)),
      esc(a.participants),
      esc(a.result),
      esc(a.note),
    ]),
    ['日期', '步骤', '措施', '参加人员', '结果', '备注'],
  );
  const checkIns = rows(
    d.checkIns.map((c) => [
      esc(`第 ${c.round} 轮 第 ${c.seq} 次`),
      esc(c.dueOn),
      esc(c.doneOn),
      esc(c.inSchool === null ? '' : c.inSchool ? '在校' : '未在校'),
      esc(c.note),
    ]),
    ['回访', '应回访', '实际回访', '结果', '备注'],
  );
  const ending = rows(
    [
      [
        esc(label(RETURN_PLACEMENT_LABELS, d.placement)),
        esc(d.returnSchoolName),
        esc(d.returnedOn),
        esc(label(CASE_ENDING_LABELS, d.ending)),
        esc(d.endingEvidence),
        esc(d.closedOn),
      ],
    ],
    ['复学安置', '复学学校', '复学日期', '销号方式', '依据', '销号日期'],
  );
  const body = `
  <h1>控辍保学“一人一案”档案</h1>
  <p class="meta">${esc(countyName)} · ${esc(d.schoolYear)} 学年 · 案件编号 ${esc(d.id)}</p>
  <h2>一、基本情况</h2>${infoTable}
  <h2>二、七长责任链</h2>${chain}
  <h2>三、劝返工作组</h2>${team}
  ${d.plan ? `<h2>劝返方案</h2><p>${esc(d.plan)}</p>` : ''}
  <h2>四、工作步骤</h2>${events}
  <h2>五、劝返措施</h2>${actions}
  <h2>六、巩固回访</h2>${checkIns}
  <h2>七、复学与销号</h2>${ending}
  <p class="meta" style="margin-top:8mm">打印人：${esc(printedBy)}&#12288;打印时间：${esc(printedAt)}</p>`;
  return page(`一人一案 ${d.name}`, body);
}
