// Daily attendance (C10). Teachers land on the roll call of their class (phone first);
// school, town and county users on today's absences. Whoever may mark sees both views.
import { Segmented } from 'antd';
import { useMe, can } from '../../api/session';
import { useI18n } from '../../i18n';
import { PageTitle } from '../../components/PageTitle';
import { useListParams } from '../../components/useListParams';
import { AbsenceOverview, OVERVIEW_KEYS } from './AbsenceOverview';
import { MarkRoll } from './MarkRoll';

const KEYS = ['view', 'classId', 'day', ...OVERVIEW_KEYS] as const;

function positiveInt(value: string | undefined): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export default function AbsencesPage() {
  const { t } = useI18n();
  const me = useMe();
  const list = useListParams(KEYS);
  const canMark = can(me, 'absences.mark');
  const { view: asked, classId, day } = list.filters;
  // A link from the inbox names the class and day: it opens the roll call.
  const fallback = me.role === 'teacher' || classId ? 'mark' : 'overview';
  const view = canMark ? (asked === 'mark' || asked === 'overview' ? asked : fallback) : 'overview';

  return (
    <>
      <PageTitle title={t('absences.title')} />
      {canMark ? (
        <Segmented
          block
          value={view}
          onChange={(v) => list.update({ view: v })}
          options={[
            { value: 'mark', label: <span data-testid="absences-view-mark">{t('absences.viewMark')}</span> },
            {
              value: 'overview',
              label: <span data-testid="absences-view-overview">{t('absences.viewOverview')}</span>,
            },
          ]}
          style={{ marginBottom: 12, maxWidth: 360 }}
        />
      ) : null}
      {view === 'mark' ? (
        <MarkRoll
          classId={positiveInt(classId)}
          day={day}
          onChange={(patch) =>
            list.update({ classId: patch.classId ?? classId, day: patch.day ?? day, view: 'mark' })
          }
        />
      ) : (
        <AbsenceOverview list={list} update={list.update} />
      )}
    </>
  );
}
