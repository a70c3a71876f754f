import { Tag } from 'antd';
import { ENROLLMENT_STATUS_LABELS, type EnrollmentStatus, type StudentSummary } from '@baoxue/shared';
import { useI18n } from '../../i18n';

const STATUS_COLOR: Record<EnrollmentStatus, string> = {
  enrolled: 'green',
  suspended: 'orange',
  transferred_out: 'default',
  dropped_out: 'red',
  graduated: 'blue',
};

export function StatusTag({ status }: { status: EnrollmentStatus }) {
  const { enumLabel } = useI18n();
  return <Tag color={STATUS_COLOR[status]}>{enumLabel(ENROLLMENT_STATUS_LABELS, status)}</Tag>;
}

export function StudentFlags({ student }: { student: Pick<StudentSummary, 'povertyRegistered' | 'leftBehind'> }) {
  const { t } = useI18n();
  return (
    <>
      {student.povertyRegistered ? <Tag color="volcano">{t('students.poverty')}</Tag> : null}
      {student.leftBehind ? <Tag color="purple">{t('students.leftBehind')}</Tag> : null}
    </>
  );
}
