import { useState } from 'react';
import { Button, Select, Space, Typography } from 'antd';
import { SwapOutlined } from '@ant-design/icons';
import type { StudentSummary } from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { errorText, notifySuccess } from '../../components/feedback';
import { useSchoolClasses } from '../schools/schools.api';
import { useChangeClass } from './students.api';

/**
 * 调班: the pupil into another class of their school and grade this school year. The
 * server decides what is allowed; the choice offers only the classes it would take.
 */
export function ClassMove({ student }: { student: StudentSummary }) {
  const { t, classLabel } = useI18n();
  const classes = useSchoolClasses(student.schoolCode);
  const change = useChangeClass(student.id);
  const [classId, setClassId] = useState<number | undefined>();
  const choices = (classes.data ?? []).filter((c) => c.grade === student.grade && c.id !== student.classId);

  const move = () => {
    if (classId === undefined) return;
    change.mutate(
      { classId },
      {
        onSuccess: (moved) => {
          notifySuccess(t('students.classMoved', { name: classLabel(moved.grade, moved.className) }));
          setClassId(undefined);
        },
      },
    );
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="class-move">
      <Typography.Text strong>{t('students.moveClass')}</Typography.Text>
      <Space.Compact style={{ width: '100%' }}>
        <Select
          style={{ flex: 1 }}
          value={classId}
          onChange={setClassId}
          loading={classes.isPending}
          placeholder={choices.length === 0 && !classes.isPending ? t('students.noOtherClass') : t('students.chooseClass')}
          disabled={choices.length === 0}
          options={choices.map((c) => {
            const name = classLabel(c.grade, c.name);
            return { value: c.id, label: c.headTeacherName ? `${name}（${c.headTeacherName}）` : name };
          })}
          data-testid="class-move-select"
        />
        <Button icon={<SwapOutlined />} type="primary" disabled={classId === undefined} loading={change.isPending} onClick={move} data-testid="class-move-submit">
          {t('students.moveClassButton')}
        </Button>
      </Space.Compact>
      {change.isError ? <Typography.Text type="danger">{errorText(change.error)}</Typography.Text> : null}
    </Space>
  );
}
