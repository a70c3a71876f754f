import { Skeleton, Typography } from 'antd';
import { useI18n } from '../../i18n';
import { QueryError } from '../../components/QueryError';
import { EventTimeline } from './EventTimeline';
import { useStudentEvents } from './students.api';

/** The student drawer's 学籍变动 section: the pupil's registry history, oldest first. */
export function StudentHistory({ studentId }: { studentId: number }) {
  const { t } = useI18n();
  const events = useStudentEvents(studentId);
  return (
    <div style={{ marginTop: 16 }} data-testid="student-history">
      <Typography.Title level={5}>{t('child.events')}</Typography.Title>
      {events.isPending ? <Skeleton active paragraph={{ rows: 2 }} /> : null}
      {events.isError ? <QueryError error={events.error} onRetry={() => void events.refetch()} /> : null}
      {events.data ? <EventTimeline events={events.data} /> : null}
    </div>
  );
}
