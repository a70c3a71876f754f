import { Alert, Button, Descriptions, Drawer, Skeleton, Space, Typography } from 'antd';
import { AuditOutlined, EyeOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { ENROLLMENT_STATUS_LABELS, GENDER_LABELS, STUDY_MODE_LABELS } from '@baoxue/shared';
import { can, useMe } from '../../api/session';
import { useI18n } from '../../i18n';
import { QueryError } from '../../components/QueryError';
import { useIsMobile } from '../../components/useIsMobile';
import { useRevealIdentity, useStudent } from './students.api';
import { StudentFlags, StatusTag } from './StudentTags';
import { StudentChain } from '../chiefs/StudentChain';
import { ClassMove } from './ClassMove';
import { StatusChange } from './StatusChange';
import { StudentHistory } from './StudentHistory';

export function StudentDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const { t, enumLabel, classLabel } = useI18n();
  const me = useMe();
  const isMobile = useIsMobile();
  const student = useStudent(id);
  // Lives only as long as the drawer: closing it forgets the full number.
  const reveal = useRevealIdentity();
  const s = student.data;

  return (
    <Drawer open onClose={onClose} title={s ? s.name : t('students.detail')} size={isMobile ? '100%' : 520} destroyOnHidden data-testid="student-drawer">
      {student.isPending ? <Skeleton active /> : null}
      {student.isError ? <QueryError error={student.error} onRetry={() => void student.refetch()} /> : null}
      {s ? (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            <StatusTag status={s.status} />
            <StudentFlags student={s} />
          </Space>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('students.name')}>{s.name}</Descriptions.Item>
            <Descriptions.Item label={t('students.gender')}>{enumLabel(GENDER_LABELS, s.gender)}</Descriptions.Item>
            <Descriptions.Item label={t('students.idNumber')}>
              <Space orientation="vertical" size={4}>
                <Typography.Text code data-testid="student-id-masked">
                  {s.idNumberMasked}
                </Typography.Text>
                {reveal.data && reveal.variables === s.id ? (
                  <Typography.Text copyable strong data-testid="student-id-full">
                    {reveal.data.idNumber}
                  </Typography.Text>
                ) : null}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('students.birthDate')}>{s.birthDate ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('students.school')}>{s.schoolName}</Descriptions.Item>
            <Descriptions.Item label={t(s.className ? 'students.class' : 'students.grade')}>
              {classLabel(s.grade, s.className)}
            </Descriptions.Item>
            <Descriptions.Item label={t('students.studyMode')}>{enumLabel(STUDY_MODE_LABELS, s.studyMode)}</Descriptions.Item>
            <Descriptions.Item label={t('students.status')}>{enumLabel(ENROLLMENT_STATUS_LABELS, s.status)}</Descriptions.Item>
            <Descriptions.Item label={t('students.village')}>{s.villageName ?? '—'}</Descriptions.Item>
          </Descriptions>
          {can(me, 'classes.edit') && (s.status === 'enrolled' || s.status === 'suspended') ? (
            <div style={{ marginTop: 16 }}>
              <ClassMove student={s} />
            </div>
          ) : null}
          {can(me, 'registry.edit') ? (
            <div style={{ marginTop: 16 }}>
              <StatusChange student={s} />
            </div>
          ) : null}
          <StudentHistory studentId={s.id} />
          <div style={{ marginTop: 16 }} data-testid="student-chain">
            <StudentChain studentId={s.id} />
          </div>
          {me.canViewFullId ? (
            reveal.data && reveal.variables === s.id ? (
              <Alert type="warning" showIcon title={t('students.fullIdShown')} style={{ marginTop: 16 }} />
            ) : (
              <Space orientation="vertical" style={{ marginTop: 16 }}>
                <Typography.Text type="secondary">{t('students.fullIdAudited')}</Typography.Text>
                <Button icon={<EyeOutlined />} loading={reveal.isPending} onClick={() => reveal.mutate(s.id)} data-testid="reveal-id">
                  {t('students.showFullId')}
                </Button>
              </Space>
            )
          ) : null}
          {can(me, 'audit.view') ? (
            // Who changed this child's record, and who saw the full identity number.
            <div style={{ marginTop: 16 }}>
              <Link to={`/audit?entity=student&entityId=${s.id}`} data-testid="student-audit-link">
                <AuditOutlined /> {t('students.auditHistory')}
              </Link>
            </div>
          ) : null}
        </>
      ) : null}
    </Drawer>
  );
}
