import { Empty, Flex, Timeline, Typography } from 'antd';
import { STUDENT_EVENT_LABELS, type StudentEvent } from '@baoxue/shared';
import { useI18n, type I18n } from '../../i18n';

/** The schools of an event: a change at one school names it once; a move names both ends. */
export function eventSchools(e: StudentEvent, t: I18n['t']): string[] {
  if (e.fromSchoolName === e.toSchoolName) return e.toSchoolName ? [e.toSchoolName] : [];
  return [e.fromSchoolName ? t('child.from', { school: e.fromSchoolName }) : null, e.toSchoolName ? t('child.to', { school: e.toSchoolName }) : null].filter(
    (x): x is string => x !== null,
  );
}

/**
 * A pupil's registry history (一人一籍), oldest first: what happened, on which day, between
 * which schools, and why. The child page and the student drawer show it alike.
 */
export function EventTimeline({ events }: { events: readonly StudentEvent[] }) {
  const { t, enumLabel, gradeLabel } = useI18n();
  if (events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('child.none')} />;
  return (
    <Timeline
      items={events.map((e) => ({
        key: e.id,
        content: (
          <Flex vertical data-testid={`student-event-${e.kind}`}>
            <Typography.Text strong>
              {e.date} {enumLabel(STUDENT_EVENT_LABELS, e.kind)}
            </Typography.Text>
            <Typography.Text type="secondary">
              {[
                ...eventSchools(e, t),
                e.grade !== null ? gradeLabel(e.grade) : null,
                e.note,
              ]
                .filter(Boolean)
                .join(' · ')}
            </Typography.Text>
          </Flex>
        ),
      }))}
    />
  );
}
