// The forms that move a case: each names the version of the case it was opened on (read at
// submit time, so a reload after a conflict makes the next save current) and keeps its
// values when the save is refused.
import { useEffect, useState, type ReactNode } from 'react';
import { Button, DatePicker, Flex, Form, Input, Radio, Select, type FormInstance } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import {
  CASE_ACTION_KINDS,
  CASE_ACTION_LABELS,
  CASE_ENDING_LABELS,
  CASE_ENDINGS,
  CASE_TEAM_ROLE_LABELS,
  CASE_TEAM_ROLES,
  RETURN_PLACEMENT_LABELS,
  RETURN_PLACEMENTS,
  type CaseActionKind,
  type CaseCheckIn,
  type CaseDetail,
  type CaseEnding,
  type CaseMember,
  type CaseTeamRole,
  type ReturnPlacement,
} from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { applyFieldErrors } from '../../components/formErrors';
import { notifySuccess } from '../../components/feedback';
import { useSchools } from '../schools/schools.api';
import {
  useAddAction,
  useAdvanceCase,
  useCheckIn,
  useCloseCase,
  useReplaceTeam,
  useUpdateCase,
} from './cases.api';
import { CaseSheet, ReasonSelect, SaveError, serverToday } from './parts';

const DAY = 'YYYY-MM-DD';
const day = (d: Dayjs) => d.format(DAY);
/** Nothing typed means "not given", not an empty string the server would store. */
export const text = (s: string | undefined | null) => (s && s.trim() ? s.trim() : undefined);
/** Today as the server counts it, the default of every date field. */
const today = () => dayjs(serverToday());

interface FormProps {
  detail: CaseDetail;
  onClose: () => void;
}

function DateField({
  value,
  onChange,
  testId,
}: {
  value?: Dayjs;
  onChange?: (d: Dayjs | null) => void;
  testId?: string;
}) {
  // Typed or picked; the server refuses a date that makes no sense for the case.
  return (
    <DatePicker
      value={value}
      onChange={onChange}
      allowClear={false}
      style={{ width: '100%' }}
      data-testid={testId}
    />
  );
}

/**
 * A case form in its sheet: the sheet's button submits the form, and a refused save is shown
 * above the fields, which keep what the user typed.
 */
export function FormSheet<V>({
  form,
  title,
  okText,
  danger,
  onClose,
  busy,
  error,
  testId,
  initialValues,
  onFinish,
  children,
}: {
  form: FormInstance<V>;
  title: ReactNode;
  okText: string;
  danger?: boolean;
  onClose: () => void;
  busy: boolean;
  error: unknown;
  testId: string;
  initialValues?: Partial<V>;
  onFinish: (values: V) => void;
  children: ReactNode;
}) {
  return (
    <CaseSheet
      title={title}
      okText={okText}
      danger={danger}
      onClose={onClose}
      onOk={() => form.submit()}
      busy={busy}
      testId={testId}
    >
      <SaveError error={error} />
      <Form<V> form={form} layout="vertical" initialValues={initialValues} onFinish={onFinish}>
        {children}
      </Form>
    </CaseSheet>
  );
}

/** After a save: on success say so and close the sheet; if refused, mark the fields the server named. */
function saved<V>(form: FormInstance<V>, message: string, onClose: () => void) {
  return {
    onSuccess: () => {
      notifySuccess(message);
      onClose();
    },
    onError: (err: unknown) => applyFieldErrors(form, err),
  };
}

/** The guardian's name and phone, as a case form asks for them. */
export function GuardianFields() {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name="guardianName" label={t('cases.guardian')} rules={[{ max: 40 }]}>
        <Input />
      </Form.Item>
      <Form.Item
        name="guardianPhone"
        label={t('cases.guardianPhone')}
        rules={[{ pattern: /^[0-9+\-\s]{5,20}$/, message: t('common.phoneRule') }]}
      >
        <Input inputMode="tel" />
      </Form.Item>
    </>
  );
}

// ------------------------------------------------------------------ 记录工作

type ActionKind = Exclude<CaseActionKind, 'check_in'>;
const ACTION_KINDS = CASE_ACTION_KINDS.filter((k): k is ActionKind => k !== 'check_in');

interface ActionValues {
  kind: ActionKind;
  happenedOn: Dayjs;
  participants?: string;
  result?: string;
  note?: string;
}

export function ActionForm({ detail, onClose }: FormProps) {
  const { t, enumLabel } = useI18n();
  const [form] = Form.useForm<ActionValues>();
  const add = useAddAction(detail.id);
  const submit = (v: ActionValues) =>
    add.mutate(
      {
        kind: v.kind,
        happenedOn: day(v.happenedOn),
        participants: text(v.participants),
        result: text(v.result),
        note: text(v.note),
      },
      saved(form, t('cases.actionSaved'), onClose),
    );
  return (
    <FormSheet
      form={form}
      title={t('cases.addAction')}
      okText={t('common.save')}
      onClose={onClose}
      busy={add.isPending}
      error={add.error}
      testId="case-action-form"
      initialValues={{ kind: detail.step === 'verification' ? 'home_visit' : 'call', happenedOn: today() }}
      onFinish={submit}
    >
      <Form.Item name="kind" label={t('cases.actionKind')} rules={[{ required: true }]}>
        <Select
          options={ACTION_KINDS.map((k) => ({ value: k, label: enumLabel(CASE_ACTION_LABELS, k) }))}
          data-testid="case-action-kind"
        />
      </Form.Item>
      <Form.Item name="happenedOn" label={t('cases.happenedOn')} rules={[{ required: true }]}>
        <DateField testId="case-action-date" />
      </Form.Item>
      <Form.Item name="participants" label={t('cases.participants')} rules={[{ max: 200 }]}>
        <Input placeholder={t('cases.participantsHint')} data-testid="case-action-participants" />
      </Form.Item>
      <Form.Item name="result" label={t('cases.result')} rules={[{ max: 500 }]}>
        <Input.TextArea rows={2} data-testid="case-action-result" />
      </Form.Item>
      <Form.Item name="note" label={t('cases.note')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={2} data-testid="case-action-note" />
      </Form.Item>
    </FormSheet>
  );
}

// ------------------------------------------------------------------ 核实结果

interface VerifyValues {
  outcome: 'out' | 'in_school';
  reasonCode?: string;
  note?: string;
  evidence?: string;
}

/** The home visit's finding: out of school (why) → persuasion; in school after all → closed. */
export function VerifyForm({ detail, onClose }: FormProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<VerifyValues>();
  const advance = useAdvanceCase(detail.id);
  const close = useCloseCase(detail.id);
  const outcome = Form.useWatch('outcome', form) ?? 'out';
  const submit = (v: VerifyValues) => {
    if (v.outcome === 'in_school') {
      close.mutate(
        { version: detail.version, ending: 'not_out_of_school', evidence: (v.evidence ?? '').trim() },
        saved(form, t('cases.closedDone'), onClose),
      );
    } else {
      advance.mutate(
        { version: detail.version, to: 'persuasion', reasonCode: v.reasonCode ?? '', note: text(v.note) },
        saved(form, t('cases.verifiedOut'), onClose),
      );
    }
  };
  return (
    <FormSheet
      form={form}
      title={t('cases.verify')}
      okText={outcome === 'in_school' ? t('cases.verifyCloseSubmit') : t('cases.verifyOutSubmit')}
      onClose={onClose}
      busy={advance.isPending || close.isPending}
      error={advance.error ?? close.error}
      testId="case-verify-form"
      initialValues={{ outcome: 'out', reasonCode: detail.reasonCode ?? undefined }}
      onFinish={submit}
    >
      <Form.Item name="outcome" label={t('cases.verifyOutcome')}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={[
            { value: 'out', label: <span data-testid="case-verify-out">{t('cases.verifyOut')}</span> },
            { value: 'in_school', label: <span data-testid="case-verify-in">{t('cases.verifyIn')}</span> },
          ]}
        />
      </Form.Item>
      {outcome === 'out' ? (
        <>
          <Form.Item
            name="reasonCode"
            label={t('cases.reason')}
            rules={[{ required: true, message: t('cases.reasonPick') }]}
          >
            <ReasonSelect />
          </Form.Item>
          <Form.Item name="note" label={t('cases.note')} rules={[{ max: 2000 }]}>
            <Input.TextArea rows={2} data-testid="case-verify-note" />
          </Form.Item>
        </>
      ) : (
        <Form.Item
          name="evidence"
          label={t('cases.evidence')}
          rules={[{ required: true, whitespace: true, message: t('cases.evidenceRequired') }, { max: 2000 }]}
        >
          <Input.TextArea
            rows={3}
            placeholder={t('cases.evidenceInSchoolHint')}
            data-testid="case-evidence"
          />
        </Form.Item>
      )}
    </FormSheet>
  );
}

// ------------------------------------------------------------------ 劝返成功

interface PlacementValues {
  placement: ReturnPlacement;
  returnSchoolCode?: string;
  note?: string;
}

export function PlacementForm({ detail, onClose }: FormProps) {
  const { t, enumLabel } = useI18n();
  const [form] = Form.useForm<PlacementValues>();
  const advance = useAdvanceCase(detail.id);
  const placement = Form.useWatch('placement', form) ?? 'school';
  const submit = (v: PlacementValues) =>
    advance.mutate(
      {
        version: detail.version,
        to: 'return',
        placement: v.placement,
        returnSchoolCode: v.placement === 'home_teaching' ? undefined : v.returnSchoolCode,
        note: text(v.note),
      },
      saved(form, t('cases.persuaded'), onClose),
    );
  return (
    <FormSheet
      form={form}
      title={t('cases.persuade')}
      okText={t('cases.persuadeSubmit')}
      onClose={onClose}
      busy={advance.isPending}
      error={advance.error}
      testId="case-placement-form"
      initialValues={{
        placement: 'school',
        returnSchoolCode: detail.returnSchoolCode ?? detail.schoolCode ?? undefined,
      }}
      onFinish={submit}
    >
      <Form.Item name="placement" label={t('cases.placement')} rules={[{ required: true }]}>
        <Radio.Group
          options={RETURN_PLACEMENTS.map((p) => ({
            value: p,
            label: <span data-testid={`case-placement-${p}`}>{enumLabel(RETURN_PLACEMENT_LABELS, p)}</span>,
          }))}
        />
      </Form.Item>
      {placement !== 'home_teaching' ? (
        <Form.Item
          name="returnSchoolCode"
          label={t('cases.returnSchool')}
          rules={[{ required: true, message: t('cases.returnSchoolRequired') }]}
        >
          <SchoolField />
        </Form.Item>
      ) : null}
      <Form.Item name="note" label={t('cases.note')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormSheet>
  );
}

function SchoolField({ value, onChange }: { value?: string; onChange?: (v: string) => void }) {
  const { t } = useI18n();
  const schools = useSchools({ page: 1, pageSize: 200 });
  return (
    <Select
      showSearch={{ optionFilterProp: 'label' }}
      value={value}
      onChange={onChange}
      loading={schools.isPending}
      placeholder={t('cases.returnSchool')}
      options={(schools.data?.items ?? []).map((s) => ({ value: s.code, label: s.name }))}
      data-testid="case-return-school"
    />
  );
}

// ------------------------------------------------------------------ 已返校

interface ReturnedValues {
  returnedOn: Dayjs;
  note?: string;
}

export function ReturnedForm({ detail, onClose }: FormProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<ReturnedValues>();
  const advance = useAdvanceCase(detail.id);
  const submit = (v: ReturnedValues) =>
    advance.mutate(
      { version: detail.version, to: 'observation', returnedOn: day(v.returnedOn), note: text(v.note) },
      saved(form, t('cases.returnedDone'), onClose),
    );
  return (
    <FormSheet
      form={form}
      title={t('cases.returned')}
      okText={t('cases.returnedSubmit')}
      onClose={onClose}
      busy={advance.isPending}
      error={advance.error}
      testId="case-returned-form"
      initialValues={{ returnedOn: today() }}
      onFinish={submit}
    >
      <Form.Item name="returnedOn" label={t('cases.returnedOn')} rules={[{ required: true }]}>
        <DateField testId="case-returned-on" />
      </Form.Item>
      <Form.Item name="note" label={t('cases.note')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </FormSheet>
  );
}

// ------------------------------------------------------------------ 回访

interface CheckInValues {
  inSchool: boolean;
  doneOn: Dayjs;
  note?: string;
}

export function CheckInForm({ detail, checkIn, onClose }: FormProps & { checkIn: CaseCheckIn }) {
  const { t } = useI18n();
  const [form] = Form.useForm<CheckInValues>();
  const save = useCheckIn(detail.id);
  const inSchool = Form.useWatch('inSchool', form);
  const submit = (v: CheckInValues) =>
    save.mutate(
      {
        round: checkIn.round,
        seq: checkIn.seq,
        body: { version: detail.version, inSchool: v.inSchool, doneOn: day(v.doneOn), note: text(v.note) },
      },
      saved(form, v.inSchool ? t('cases.checkInSaved') : t('cases.checkInReopened'), onClose),
    );
  return (
    <FormSheet
      form={form}
      title={t('cases.checkInTitle', { seq: checkIn.seq, due: checkIn.dueOn })}
      okText={t('common.save')}
      danger={inSchool === false}
      onClose={onClose}
      busy={save.isPending}
      error={save.error}
      testId="case-checkin-form"
      initialValues={{ doneOn: today() }}
      onFinish={submit}
    >
      <Form.Item
        name="inSchool"
        label={t('cases.checkInInSchool')}
        rules={[{ required: true, message: t('cases.checkInPick') }]}
      >
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={[
            { value: true, label: <span data-testid="case-checkin-yes">{t('cases.inSchoolYes')}</span> },
            { value: false, label: <span data-testid="case-checkin-no">{t('cases.inSchoolNo')}</span> },
          ]}
        />
      </Form.Item>
      {inSchool === false ? (
        <div style={{ color: '#cf1322', marginTop: -12, marginBottom: 12 }}>
          {t('cases.checkInOutWarning')}
        </div>
      ) : null}
      <Form.Item name="doneOn" label={t('cases.checkInDate')} rules={[{ required: true }]}>
        <DateField testId="case-checkin-date" />
      </Form.Item>
      <Form.Item name="note" label={t('cases.note')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={2} data-testid="case-checkin-note" />
      </Form.Item>
    </FormSheet>
  );
}

// ------------------------------------------------------------------ 其他结案

type OtherEnding = Exclude<CaseEnding, 'returned'>;
const OTHER_ENDINGS = CASE_ENDINGS.filter((e): e is OtherEnding => e !== 'returned');

interface CloseValues {
  ending: OtherEnding;
  evidence: string;
}

export function CloseForm({ detail, onClose }: FormProps) {
  const { t, enumLabel } = useI18n();
  const [form] = Form.useForm<CloseValues>();
  const close = useCloseCase(detail.id);
  const submit = (v: CloseValues) =>
    close.mutate(
      { version: detail.version, ending: v.ending, evidence: v.evidence.trim() },
      saved(form, t('cases.closedDone'), onClose),
    );
  return (
    <FormSheet
      form={form}
      title={t('cases.closeOther')}
      okText={t('cases.closeSubmit')}
      danger
      onClose={onClose}
      busy={close.isPending}
      error={close.error}
      testId="case-close-form"
      onFinish={submit}
    >
      <Form.Item
        name="ending"
        label={t('cases.ending')}
        rules={[{ required: true, message: t('cases.endingPick') }]}
      >
        <Select
          placeholder={t('cases.endingPick')}
          options={OTHER_ENDINGS.map((e) => ({ value: e, label: enumLabel(CASE_ENDING_LABELS, e) }))}
          data-testid="case-ending"
        />
      </Form.Item>
      <Form.Item
        name="evidence"
        label={t('cases.evidence')}
        extra={t('cases.evidenceHint')}
        rules={[{ required: true, whitespace: true, message: t('cases.evidenceRequired') }, { max: 2000 }]}
      >
        <Input.TextArea rows={3} data-testid="case-evidence" />
      </Form.Item>
    </FormSheet>
  );
}

// ------------------------------------------------------------------ 方案与原因

interface PlanValues {
  reasonCode?: string;
  reasonNote?: string;
  plan?: string;
  guardianName?: string;
  guardianPhone?: string;
}

/** Sends only what changed, so a save never overwrites a field the user did not touch. */
const PLAN_TEXT_FIELDS = ['reasonNote', 'plan', 'guardianName', 'guardianPhone'] as const;
const PLAN_FIELDS = ['reasonCode', ...PLAN_TEXT_FIELDS] as const;

export function PlanForm({ detail, onClose }: FormProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<PlanValues>();
  const update = useUpdateCase(detail.id);
  // What the form opened with: after a conflict reloads the case, a field the user left alone
  // still counts as untouched, so another user's change to it is not overwritten.
  const [opened] = useState(() => ({ ...detail }));
  // ...and shows the other user's value in it, so what the user sees is what the case holds.
  useEffect(() => {
    if (detail.version === opened.version) return;
    for (const key of PLAN_FIELDS) {
      if ((text(form.getFieldValue(key) as string | undefined) ?? null) === opened[key]) {
        form.setFieldValue(key, detail[key] ?? undefined);
      }
    }
  }, [detail, opened, form]);
  const submit = (v: PlanValues) => {
    const body: Parameters<typeof update.mutate>[0] = { version: detail.version };
    if ((v.reasonCode ?? null) !== opened.reasonCode) body.reasonCode = v.reasonCode ?? null;
    for (const key of PLAN_TEXT_FIELDS) {
      const next = text(v[key]) ?? null;
      if (next !== opened[key]) body[key] = next;
    }
    update.mutate(body, saved(form, t('common.saved'), onClose));
  };
  return (
    <FormSheet
      form={form}
      title={t('cases.editPlan')}
      okText={t('common.save')}
      onClose={onClose}
      busy={update.isPending}
      error={update.error}
      testId="case-plan-form"
      initialValues={{
        reasonCode: detail.reasonCode ?? undefined,
        reasonNote: detail.reasonNote ?? undefined,
        plan: detail.plan ?? undefined,
        guardianName: detail.guardianName ?? undefined,
        guardianPhone: detail.guardianPhone ?? undefined,
      }}
      onFinish={submit}
    >
      <Form.Item name="plan" label={t('cases.plan')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={4} placeholder={t('cases.planHint')} data-testid="case-plan" />
      </Form.Item>
      <Form.Item name="reasonCode" label={t('cases.reason')}>
        <ReasonSelect />
      </Form.Item>
      <Form.Item name="reasonNote" label={t('cases.reasonNote')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={2} data-testid="case-reason-note" />
      </Form.Item>
      <GuardianFields />
    </FormSheet>
  );
}

// ------------------------------------------------------------------ 工作组

interface TeamValues {
  members: {
    role: CaseTeamRole;
    name: string;
    phone?: string | null;
    staffId: number | null;
    userId: number | null;
  }[];
}

export function TeamForm({ detail, onClose }: FormProps) {
  const { t, enumLabel } = useI18n();
  const [form] = Form.useForm<TeamValues>();
  const replace = useReplaceTeam(detail.id);
  const submit = () => {
    // The whole store: staffId and userId ride along without a field of their own.
    const rows = (form.getFieldValue('members') ?? []) as TeamValues['members'];
    const members: CaseMember[] = rows.map((m) => ({
      role: m.role,
      name: m.name.trim(),
      phone: text(m.phone) ?? null,
      // A person picked from the chain keeps the link to their staff record and account.
      staffId: m.staffId ?? null,
      userId: m.userId ?? null,
    }));
    replace.mutate({ version: detail.version, members }, saved(form, t('common.saved'), onClose));
  };
  return (
    <FormSheet
      form={form}
      title={t('cases.editTeam')}
      okText={t('common.save')}
      onClose={onClose}
      busy={replace.isPending}
      error={replace.error}
      testId="case-team-form"
      initialValues={{ members: detail.team }}
      onFinish={submit}
    >
      <Form.List name="members">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Flex
                key={field.key}
                gap={8}
                wrap
                align="start"
                style={{ marginBottom: 4, borderBottom: '1px dashed rgba(5,5,5,0.1)', paddingBottom: 4 }}
              >
                <Form.Item
                  name={[field.name, 'role']}
                  rules={[{ required: true }]}
                  style={{ flex: '1 1 120px', marginBottom: 8 }}
                >
                  <Select
                    options={CASE_TEAM_ROLES.map((r) => ({
                      value: r,
                      label: enumLabel(CASE_TEAM_ROLE_LABELS, r),
                    }))}
                    aria-label={t('cases.memberRole')}
                  />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'name']}
                  rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 40 }]}
                  style={{ flex: '1 1 100px', marginBottom: 8 }}
                >
                  <Input placeholder={t('cases.memberName')} aria-label={t('cases.memberName')} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'phone']}
                  rules={[{ pattern: /^[0-9+\-\s]{5,20}$/, message: t('common.phoneRule') }]}
                  style={{ flex: '1 1 130px', marginBottom: 8 }}
                >
                  <Input placeholder={t('common.phone')} aria-label={t('common.phone')} inputMode="tel" />
                </Form.Item>
                <Button
                  icon={<DeleteOutlined />}
                  onClick={() => remove(field.name)}
                  aria-label={t('cases.memberRemove')}
                />
              </Flex>
            ))}
            <Button
              type="dashed"
              block
              icon={<PlusOutlined />}
              onClick={() =>
                add({ role: 'village_cadre', name: '', phone: null, staffId: null, userId: null })
              }
              data-testid="case-team-add"
            >
              {t('cases.memberAdd')}
            </Button>
          </>
        )}
      </Form.List>
    </FormSheet>
  );
}
