// The class teacher's roll call, phone first: everyone is present until tapped absent
// with a kind; one save sends the whole class. Each unexcused child then gets a
// "log contact" button for the same-day call to the guardian.
import { useMemo, useState } from 'react';
import { Alert, Button, Card, DatePicker, Empty, Flex, Select, Skeleton, Tag, Typography } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import {
  beijingTime,
  ABSENCE_KIND_LABELS,
  ABSENCE_KINDS,
  CONTACT_METHOD_LABELS,
  CONTACT_RESULT_LABELS,
  type AbsenceKind,
  type ClassRoll,
  type RollStudent,
} from '@baoxue/shared';
import { useI18n, type MessageKey } from '../../i18n';
import { QueryError } from '../../components/QueryError';
import { notifySuccess } from '../../components/feedback';
import { useClassRoll, useMarkableClasses, useSaveRoll } from './absences.api';
import { ContactModal } from './ContactModal';

type Mark = AbsenceKind | 'present';
const CHOICES: readonly Mark[] = ['present', ...ABSENCE_KINDS];
/** The buttons' own short words: four fit a 375 px phone's row; the tags and lists say "Sick leave". */
const CHOICE_LABELS = {
  present: 'absences.present',
  sick: 'absences.markSick',
  personal: 'absences.markPersonal',
  unexcused: 'absences.markUnexcused',
} as const satisfies Record<Mark, MessageKey>;

interface Props {
  classId: number | undefined;
  day: string | undefined;
  onChange: (patch: { classId?: number; day?: string }) => void;
}

export function MarkRoll({ classId, day, onChange }: Props) {
  const { t, classLabel } = useI18n();
  const classes = useMarkableClasses(day);
  const list = classes.data?.classes ?? [];
  const chosen = list.find((c) => c.classId === classId) ?? list[0];
  const effectiveDay = day ?? classes.data?.day;
  const roll = useClassRoll(chosen?.classId, effectiveDay);
  const manySchools = new Set(list.map((c) => c.schoolCode)).size > 1;

  if (classes.isError) return <QueryError error={classes.error} onRetry={() => void classes.refetch()} />;
  if (classes.isPending) return <Skeleton active />;

  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap>
        <DatePicker
          value={effectiveDay ? dayjs(effectiveDay) : null}
          allowClear={false}
          inputReadOnly
          disabledDate={(d) => !!classes.data && d.format('YYYY-MM-DD') > classes.data.today}
          onChange={(d) => d && onChange({ day: d.format('YYYY-MM-DD') })}
          style={{ width: 150 }}
          data-testid="absence-day"
          aria-label={t('absences.day')}
        />
        <Select
          value={chosen?.classId}
          onChange={(v) => onChange({ classId: v })}
          style={{ minWidth: 160, flex: 1 }}
          placeholder={t('absences.class')}
          aria-label={t('absences.class')}
          data-testid="absence-class"
          options={list.map((c) => ({
            value: c.classId,
            label: `${manySchools ? `${c.schoolName} ` : ''}${classLabel(c.grade, c.className)}${c.marked ? ' ✓' : ''}`,
          }))}
        />
      </Flex>
      {list.length === 0 ? <Empty description={t('absences.noClasses')} /> : null}
      {roll.isError ? <QueryError error={roll.error} onRetry={() => void roll.refetch()} /> : null}
      {chosen && roll.isPending ? <Skeleton active /> : null}
      {roll.data ? (
        <RollEditor
          key={`${roll.data.classId}:${roll.data.day}:${roll.data.markedAt ?? ''}`}
          roll={roll.data}
        />
      ) : null}
    </Flex>
  );
}

function RollEditor({ roll }: { roll: ClassRoll }) {
  const { t } = useI18n();
  const save = useSaveRoll();
  const saved = useMemo(
    () => new Map(roll.students.flatMap((s) => (s.absence ? [[s.studentId, s.absence.kind] as const] : []))),
    [roll],
  );
  // The editor is keyed by the roll call's time: a save starts it again from the server's marks.
  const [marks, setMarks] = useState<Map<number, AbsenceKind>>(saved);
  const [contactFor, setContactFor] = useState<RollStudent | null>(null);

  const dirty = marks.size !== saved.size || [...marks].some(([id, kind]) => saved.get(id) !== kind);
  const future = roll.day > roll.today;
  const canSave = roll.schoolDay && !future && roll.students.length > 0;
  const absent = marks.size;

  const setMark = (studentId: number, mark: Mark) =>
    setMarks((prev) => {
      const next = new Map(prev);
      if (mark === 'present') next.delete(studentId);
      else next.set(studentId, mark);
      return next;
    });

  const submit = () =>
    save.mutate(
      {
        classId: roll.classId,
        day: roll.day,
        absences: [...marks].map(([studentId, kind]) => ({ studentId, kind })),
      },
      { onSuccess: () => notifySuccess(t('absences.saved')) },
    );

  return (
    <>
      {!roll.schoolDay ? (
        <Alert type="info" showIcon title={t('absences.notSchoolDay')} data-testid="absence-not-school-day" />
      ) : null}
      {future ? <Alert type="warning" showIcon title={t('absences.futureDay')} /> : null}
      <Flex gap={8} wrap align="center" justify="space-between">
        <Typography.Text strong data-testid="absence-counts">
          {t('absences.counts', {
            enrolled: roll.students.length,
            present: roll.students.length - absent,
            absent,
          })}
        </Typography.Text>
        {roll.marked ? (
          <Tag color="green" data-testid="absence-marked">
            {roll.markedBy && roll.markedAt
              ? t('absences.markedBy', { by: roll.markedBy, at: beijingTime(roll.markedAt).slice(5) })
              : t('absences.marked')}
          </Tag>
        ) : (
          <Tag data-testid="absence-not-marked">{t('absences.notMarked')}</Tag>
        )}
      </Flex>
      {canSave ? <Typography.Text type="secondary">{t('absences.hint')}</Typography.Text> : null}
      {roll.students.length === 0 ? <Empty description={t('absences.noStudents')} /> : null}
      {/* One pupil a row on a phone; side by side on a wider screen, where a class of 40 in
          one column ran to 4,000 px. */}
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(min(320px, 100%), 1fr))', gap: 8 }} data-testid="absence-roll">
        {roll.students.map((s) => (
          <StudentRow
            key={s.studentId}
            student={s}
            mark={marks.get(s.studentId) ?? 'present'}
            savedKind={saved.get(s.studentId)}
            disabled={!canSave}
            onMark={(m) => setMark(s.studentId, m)}
            onContact={() => setContactFor(s)}
          />
        ))}
      </div>
      {roll.students.length > 0 ? (
        <div style={{ position: 'sticky', bottom: 8, zIndex: 2 }}>
          <Button
            type="primary"
            size="large"
            block
            disabled={!canSave}
            loading={save.isPending}
            onClick={submit}
            data-testid="absence-save"
          >
            {t('absences.save')}
            {dirty ? ` · ${t('absences.unsaved')}` : ''}
          </Button>
        </div>
      ) : null}
      {contactFor ? (
        <ContactModal
          student={contactFor}
          day={roll.day}
          onClose={() => setContactFor(null)}
          title={t('absences.contactTitle', { name: contactFor.name })}
        />
      ) : null}
    </>
  );
}

const KIND_COLORS: Record<AbsenceKind, string> = { sick: 'blue', personal: 'gold', unexcused: 'red' };

function StudentRow({
  student,
  mark,
  savedKind,
  disabled,
  onMark,
  onContact,
}: {
  student: RollStudent;
  mark: Mark;
  savedKind: AbsenceKind | undefined;
  disabled: boolean;
  onMark: (m: Mark) => void;
  onContact: () => void;
}) {
  const { t, enumLabel } = useI18n();
  const reached = student.contacts.some((c) => c.result === 'reached');
  return (
    <Card
      size="small"
      data-testid={`absence-row-${student.studentId}`}
      data-mark={mark}
      styles={{ body: { padding: 10 } }}
      style={mark === 'unexcused' ? { borderColor: '#ff4d4f' } : undefined}
    >
      <Flex vertical gap={8}>
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Typography.Text strong style={{ fontSize: 16 }}>
            {student.name}
          </Typography.Text>
          {savedKind ? (
            <Tag color={KIND_COLORS[savedKind]}>{enumLabel(ABSENCE_KIND_LABELS, savedKind)}</Tag>
          ) : null}
        </Flex>
        <Flex gap={4} role="group" aria-label={student.name}>
          {CHOICES.map((choice) => {
            const selected = mark === choice;
            return (
              <Button
                key={choice}
                size="large"
                // Four to a row on a 375 px phone, each as wide as its word and the rest shared out
                // (equal quarters left "Unexcused" no room); on a narrower screen a word wraps
                // rather than pushing past the card.
                style={{ flex: '1 1 auto', minWidth: 0, paddingInline: 4, whiteSpace: 'normal', height: 'auto', minHeight: 40, lineHeight: 1.2 }}
                type={selected ? 'primary' : 'default'}
                danger={choice === 'unexcused' && selected}
                aria-pressed={selected}
                disabled={disabled}
                onClick={() => onMark(choice)}
                title={choice === 'present' ? undefined : enumLabel(ABSENCE_KIND_LABELS, choice)}
                data-testid={`absence-kind-${student.studentId}-${choice}`}
              >
                {t(CHOICE_LABELS[choice])}
              </Button>
            );
          })}
        </Flex>
        {savedKind ? (
          <Flex gap={8} wrap align="center" data-testid={`contact-list-${student.studentId}`}>
            {student.contacts.map((c) => (
              <Tag key={c.id} color={c.result === 'reached' ? 'green' : 'orange'}>
                {c.contactName} · {enumLabel(CONTACT_METHOD_LABELS, c.method)} ·{' '}
                {enumLabel(CONTACT_RESULT_LABELS, c.result)}
              </Tag>
            ))}
            {savedKind === 'unexcused' && !reached && student.contacts.length === 0 ? (
              <Tag color="red">{t('absences.contactNeeded')}</Tag>
            ) : null}
            {student.guardianPhone ? (
              <a href={`tel:${student.guardianPhone}`}>
                <PhoneOutlined /> {student.guardianName ?? ''} {student.guardianPhone}
              </a>
            ) : null}
            <Button size="middle" onClick={onContact} data-testid={`contact-open-${student.studentId}`}>
              {t('absences.logContact')}
            </Button>
          </Flex>
        ) : null}
      </Flex>
    </Card>
  );
}
