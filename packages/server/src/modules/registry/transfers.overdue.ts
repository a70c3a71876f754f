import { addDays, gradeLabel } from '@baoxue/shared';
import type { Db } from '../../context';
import { countyScope } from '../../plugins/scope';
import { deliver, usersAt, type NewInboxItem } from '../inbox/inbox.deliver';
import type { DailyJob } from '../schedule/schedule.service';
import { getSettings } from '../settings/settings.service';
import * as q from './registry.queries';

// The daily pass over handovers left lying (待接收转入): a pupil recorded as 转出 to a school of
// the county and not taken over within the county's takeover days (the monitoring setting
// transferTakeoverDays, 3 unless the county changed it) is a child in no school. The
// receiving school's administrators are reminded, and the county's administrators
// (控辍保学办) told, once per handover: the dedupe key names the pupil and the day of the
// 转出, so a rerun files nothing new and a later handover of the same pupil files anew.

export async function runTransferOverduePass(
  db: Db,
  countyCode: string,
  day: string,
): Promise<Record<string, number>> {
  const days = (await getSettings(db, countyCode)).monitoring.transferTakeoverDays;
  const late = await q.pendingTransfers(db, countyScope(countyCode), {
    transferredOutBefore: addDays(day, -days + 1),
  });
  if (late.length === 0) return { late: 0, inboxItems: 0 };
  const [schoolAdmins, bureau] = await Promise.all([
    usersAt(db, countyCode, ['school_admin'], [...new Set(late.map((p) => p.pending_school_code as string))]),
    usersAt(db, countyCode, ['county_admin'], [countyCode]),
  ]);
  const items: NewInboxItem[] = [];
  for (const p of late) {
    const receivers = schoolAdmins.filter((u) => u.scopeCode === p.pending_school_code);
    for (const u of [...receivers, ...bureau]) {
      items.push({
        userId: u.id,
        kind: 'transfer_pending',
        dedupeKey: `transfer-late:${p.id}:${p.event_date ?? ''}`,
        titleZh: `转入逾期未接收：${p.name}（${p.from_school_name} → ${p.to_school_name}）`,
        titleEn: `Transfer not taken over: ${p.name} (${p.from_school_name} → ${p.to_school_name})`,
        bodyZh: `${gradeLabel(p.grade)}，${p.event_date ?? ''} 转出，已超过 ${days} 天未接收；接收前该生不在任何学校在读。`,
        bodyEn: `Grade ${p.grade}, transferred out on ${p.event_date ?? ''}, not taken over after ${days} days; until then the pupil is enrolled nowhere.`,
        link: '/students?pending=1',
      });
    }
  }
  return { late: late.length, inboxItems: await deliver(db, countyCode, items) };
}

export const transferOverdueJob: DailyJob = {
  name: 'transfer-overdue',
  run: (db, countyCode, day) => runTransferOverduePass(db, countyCode, day),
};
