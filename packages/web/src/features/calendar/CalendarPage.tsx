// The school calendar for the county admin: the terms of a school year and the days that
// break the weekday pattern (holidays on weekdays, make-up school days on weekends).
import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Tag,
} from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import {
  CALENDAR_DAY_KIND_LABELS,
  CALENDAR_DAY_KINDS,
  isoWeekday,
  type CalendarDay,
  type CalendarDayKind,
  type SchoolCalendarResponse,
} from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { DataTable, type Column } from '../../components/DataTable';
import { notifySuccess } from '../../components/feedback';
import { applyFieldErrors } from '../../components/formErrors';
import { useCalendar, useDeleteDay, usePutDay, usePutTerms } from './calendar.api';

const FORMAT = 'YYYY-MM-DD';
const fmt = (d: Dayjs | null | undefined) => (d ? d.format(FORMAT) : undefined);

export default function CalendarPage() {
  const { t } = useI18n();
  const [year, setYear] = useState<number | undefined>(undefined);
  const calendar = useCalendar(year);
  const shown = calendar.data?.schoolYear ?? year;

  return (
    <>
      <PageTitle
        title={t('calendar.title')}
        subtitle={t('calendar.hint')}
        extra={
          <Flex gap={8} align="center">
            <span>{t('calendar.schoolYear')}</span>
            <InputNumber
              min={2000}
              max={2100}
              precision={0}
              value={shown}
              onChange={(v) => v && setYear(v)}
              data-testid="calendar-year"
              aria-label={t('calendar.schoolYear')}
            />
            {shown ? <Tag>{t('monitoring.schoolYearValue', { year: shown, next: shown + 1 })}</Tag> : null}
          </Flex>
        }
      />
      {calendar.isError ? (
        <QueryError error={calendar.error} onRetry={() => void calendar.refetch()} />
      ) : null}
      {calendar.isPending ? <Skeleton active /> : null}
      {calendar.data ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={10}>
            <TermsCard key={calendar.data.schoolYear} calendar={calendar.data} />
          </Col>
          <Col xs={24} lg={14}>
            <DaysCard calendar={calendar.data} />
          </Col>
        </Row>
      ) : null}
    </>
  );
}

interface TermValues {
  t1Start?: Dayjs | null;
  t1End?: Dayjs | null;
  t2Start?: Dayjs | null;
  t2End?: Dayjs | null;
}

function TermsCard({ calendar }: { calendar: SchoolCalendarResponse }) {
  const { t } = useI18n();
  const [form] = Form.useForm<TermValues>();
  const put = usePutTerms();
  const term = (n: 1 | 2) => calendar.terms.find((x) => x.term === n);
  const initial: TermValues = {
    t1Start: term(1) ? dayjs(term(1)!.startsOn) : null,
    t1End: term(1) ? dayjs(term(1)!.endsOn) : null,
    t2Start: term(2) ? dayjs(term(2)!.startsOn) : null,
    t2End: term(2) ? dayjs(term(2)!.endsOn) : null,
  };
  const submit = (v: TermValues) => {
    const terms = (
      [
        [1, v.t1Start, v.t1End],
        [2, v.t2Start, v.t2End],
      ] as const
    ).flatMap(([n, s, e]) => (s && e ? [{ term: n, startsOn: fmt(s)!, endsOn: fmt(e)! }] : []));
    put.mutate(
      { schoolYear: calendar.schoolYear, terms },
      { onSuccess: () => notifySuccess(t('common.saved')), onError: (err) => applyFieldErrors(form, err) },
    );
  };
  const picker = (name: keyof TermValues, testId: string, label: string) => (
    <Form.Item name={name} label={label} style={{ marginBottom: 8 }}>
      <DatePicker inputReadOnly style={{ width: '100%' }} data-testid={testId} />
    </Form.Item>
  );
  return (
    <Card size="small" title={t('calendar.terms')}>
      {calendar.terms.length === 0 ? (
        <Alert type="warning" showIcon title={t('calendar.noTerms')} style={{ marginBottom: 12 }} />
      ) : null}
      <Form<TermValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={submit}
        data-testid="terms-form"
      >
        {([1, 2] as const).map((n) => (
          <Row key={n} gutter={8}>
            <Col span={24}>
              <strong>{t(n === 1 ? 'calendar.term1' : 'calendar.term2')}</strong>
            </Col>
            <Col span={12}>
              {picker(n === 1 ? 't1Start' : 't2Start', `term${n}-start`, t('calendar.startsOn'))}
            </Col>
            <Col span={12}>{picker(n === 1 ? 't1End' : 't2End', `term${n}-end`, t('calendar.endsOn'))}</Col>
          </Row>
        ))}
        <Button type="primary" htmlType="submit" loading={put.isPending} data-testid="terms-save">
          {t('calendar.saveTerms')}
        </Button>
      </Form>
    </Card>
  );
}

interface DayValues {
  day?: Dayjs | null;
  kind: CalendarDayKind;
  note?: string;
}

function DaysCard({ calendar }: { calendar: SchoolCalendarResponse }) {
  const { t, enumLabel } = useI18n();
  const [form] = Form.useForm<DayValues>();
  const put = usePutDay();
  const remove = useDeleteDay();
  const weekdays = t('calendar.weekdays').split(',');
  const add = (v: DayValues) => {
    const day = fmt(v.day);
    if (!day) return;
    put.mutate(
      { day, body: { kind: v.kind, note: v.note || null } },
      {
        onSuccess: () => {
          notifySuccess(t('common.saved'));
          form.resetFields(['day', 'note']);
        },
      },
    );
  };
  const columns: Column<CalendarDay>[] = [
    { key: 'day', title: t('calendar.day'), render: (d) => d.day, hideOnCard: true },
    { key: 'weekday', title: t('calendar.weekday'), render: (d) => weekdays[isoWeekday(d.day) - 1] ?? '' },
    {
      key: 'kind',
      title: t('calendar.kind'),
      render: (d) => (
        <Tag color={d.kind === 'holiday' ? 'orange' : 'blue'}>
          {enumLabel(CALENDAR_DAY_KIND_LABELS, d.kind)}
        </Tag>
      ),
    },
    { key: 'note', title: t('calendar.note'), render: (d) => d.note ?? '' },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (d) => (
        <Button
          size="small"
          danger
          icon={<DeleteOutlined />}
          loading={remove.isPending && remove.variables === d.day}
          onClick={() => remove.mutate(d.day)}
          data-testid={`day-delete-${d.day}`}
        >
          {t('calendar.remove')}
        </Button>
      ),
    },
  ];
  return (
    <Card size="small" title={t('calendar.days')}>
      <Form<DayValues>
        form={form}
        layout="inline"
        initialValues={{ kind: 'holiday' }}
        onFinish={add}
        style={{ marginBottom: 12, rowGap: 8 }}
      >
        <Form.Item name="day" rules={[{ required: true, message: t('common.required') }]}>
          <DatePicker inputReadOnly placeholder={t('calendar.day')} data-testid="day-date" />
        </Form.Item>
        <Form.Item name="kind">
          <Select
            style={{ width: 140 }}
            data-testid="day-kind"
            options={CALENDAR_DAY_KINDS.map((k) => ({
              value: k,
              label: enumLabel(CALENDAR_DAY_KIND_LABELS, k),
            }))}
          />
        </Form.Item>
        <Form.Item name="note">
          <Input
            maxLength={100}
            placeholder={t('calendar.notePlaceholder')}
            data-testid="day-note"
            style={{ width: 160 }}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={put.isPending} data-testid="day-add">
          {t('calendar.addDay')}
        </Button>
      </Form>
      <DataTable<CalendarDay>
        testId="calendar-days"
        size="small"
        columns={columns}
        rows={calendar.days}
        rowKey={(d) => d.day}
        cardTitle={(d) => d.day}
        localPageSize={20}
      />
    </Card>
  );
}
