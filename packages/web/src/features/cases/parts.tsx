// Pieces the case pages share: step and due tags, the steps bar, the form sheet, the error
// shown inside a form (with the "someone else saved first" case spelled out).
import type { ReactNode } from 'react';
import { Alert, Button, Drawer, Flex, Modal, Select, Steps, Tag, Typography } from 'antd';
import {
  CASE_STEP_LABELS,
  todayIso,
  type CaseStep,
  type CaseSummary,
  type OpenCaseStep,
} from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { errorText } from '../../components/feedback';
import { useIsMobile } from '../../components/useIsMobile';
import { isVersionConflict, useReasons } from './cases.api';

/** The server counts days in Beijing time; a browser elsewhere (or at 1 a.m. UTC) must agree. */
export function serverToday(): string {
  return todayIso();
}

export const OPEN_STEPS: readonly OpenCaseStep[] = ['verification', 'persuasion', 'return', 'observation'];

const STEP_COLOR: Record<CaseStep, string> = {
  verification: 'gold',
  persuasion: 'volcano',
  return: 'blue',
  observation: 'cyan',
  closed: 'default',
};

export function StepTag({ step }: { step: CaseStep }) {
  const { enumLabel } = useI18n();
  return (
    <Tag color={STEP_COLOR[step]} style={{ marginInlineEnd: 0 }} data-testid={`case-step-${step}`}>
      {enumLabel(CASE_STEP_LABELS, step)}
    </Tag>
  );
}

/** 逾期 in red, and the escalation level where the nightly job has raised the case. */
export function AlarmTags({ c }: { c: Pick<CaseSummary, 'overdue' | 'escalationLevel' | 'step'> }) {
  const { t } = useI18n();
  if (c.step === 'closed') return null;
  return (
    <>
      {c.overdue ? (
        <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="case-overdue">
          {t('cases.overdue')}
        </Tag>
      ) : null}
      {c.escalationLevel > 0 ? (
        <Tag color="magenta" style={{ marginInlineEnd: 0 }} data-testid="case-escalated">
          {t('cases.escalatedLevel', { n: c.escalationLevel })}
        </Tag>
      ) : null}
    </>
  );
}

export function DueCell({
  c,
}: {
  c: Pick<CaseSummary, 'overdue' | 'escalationLevel' | 'step' | 'stepDueOn'>;
}) {
  if (c.step === 'closed' || !c.stepDueOn) return <>—</>;
  return (
    <Flex gap={4} wrap align="center">
      <Typography.Text type={c.overdue ? 'danger' : undefined}>{c.stepDueOn}</Typography.Text>
      <AlarmTags c={c} />
    </Flex>
  );
}

/** 核实 → 劝返 → 复学 → 巩固观察 → 销号, the current one highlighted. */
export function CaseSteps({
  step,
  overdue,
  closedFrom,
}: {
  step: CaseStep;
  overdue: boolean;
  /** The step a case was closed from when it ended early (误报, 迁出 …): the later ones were never reached. */
  closedFrom?: CaseStep | null;
}) {
  const { enumLabel, t, lang } = useI18n();
  const isMobile = useIsMobile();
  // English step names break mid-word in a fifth of 375 px ("Verificatio/n"), the current one
  // too: a phone shows the dots alone, the step's tag beside them names it.
  const terse = isMobile && lang === 'en';
  const all: CaseStep[] = [...OPEN_STEPS, 'closed'];
  const current = all.indexOf(step);
  const skippedAfter = step === 'closed' && closedFrom ? all.indexOf(closedFrom) : -1;
  return (
    <div data-testid="case-steps" data-step={step}>
      <Steps
        size="small"
        // Five titles side by side do not fit 375 px; a phone shows the dots with titles below.
        type={isMobile ? 'dot' : 'default'}
        titlePlacement={isMobile ? 'vertical' : undefined}
        responsive={false}
        current={current}
        status={step === 'closed' ? 'finish' : overdue ? 'error' : 'process'}
        items={all.map((s, i) => ({
          key: s,
          title: terse ? undefined : s === 'closed' ? t('cases.stepClosed') : enumLabel(CASE_STEP_LABELS, s),
          status: skippedAfter >= 0 && i > skippedAfter && s !== 'closed' ? ('wait' as const) : undefined,
        }))}
      />
    </div>
  );
}

/** A case's school and class: 接官亭初级中学 · 七年级1班, the class as "Grade 7, Class 1" in English. */
export function useSchoolClass(): (
  c: Pick<CaseSummary, 'schoolName' | 'className' | 'classGrade'>,
) => string {
  const { classLabel } = useI18n();
  return (c) => {
    const klass = c.className && c.classGrade !== null ? classLabel(c.classGrade, c.className) : c.className;
    return [c.schoolName, klass].filter(Boolean).join(' · ');
  };
}

/** The reason's label from the county's catalogue; the code itself if it was retired. */
export function useReasonLabel(): (code: string | null | undefined) => string {
  const { lang } = useI18n();
  const reasons = useReasons().data;
  return (code) => {
    if (!code) return '';
    const e = reasons?.find((r) => r.code === code);
    return e ? (lang === 'en' ? e.labelEn : e.labelZh) : code;
  };
}

export function ReasonSelect({
  value,
  onChange,
  testId,
}: {
  value?: string;
  onChange?: (v: string) => void;
  testId?: string;
}) {
  const { t, lang } = useI18n();
  const reasons = useReasons();
  return (
    <Select
      value={value}
      onChange={onChange}
      loading={reasons.isPending}
      placeholder={t('cases.reasonPick')}
      options={(reasons.data ?? []).map((r) => ({
        value: r.code,
        label: lang === 'en' ? r.labelEn : r.labelZh,
      }))}
      data-testid={testId ?? 'case-reason'}
    />
  );
}

/**
 * The frame of every case form: a bottom sheet on a phone (the thumb reaches the buttons),
 * a dialog elsewhere. The submit button is the form's own, named by `okText`.
 */
export function CaseSheet({
  title,
  onClose,
  onOk,
  okText,
  busy,
  danger,
  children,
  testId,
}: {
  title: ReactNode;
  onClose: () => void;
  onOk: () => void;
  okText: string;
  busy: boolean;
  danger?: boolean;
  children: ReactNode;
  testId?: string;
}) {
  const { t } = useI18n();
  const isMobile = useIsMobile();
  const footer = (
    <Flex gap={8} justify="flex-end" vertical={isMobile}>
      <Button
        type="primary"
        danger={danger}
        size={isMobile ? 'large' : 'middle'}
        block={isMobile}
        loading={busy}
        onClick={onOk}
        data-testid="case-form-ok"
      >
        {okText}
      </Button>
      <Button size={isMobile ? 'large' : 'middle'} block={isMobile} onClick={onClose}>
        {t('common.cancel')}
      </Button>
    </Flex>
  );
  if (isMobile) {
    return (
      <Drawer
        open
        placement="bottom"
        size="auto"
        title={title}
        onClose={onClose}
        footer={footer}
        destroyOnHidden
        // The section holds header, body and footer: capped, so a long form scrolls its body
        // while the save button stays in reach.
        styles={{
          wrapper: { maxHeight: '92vh' },
          section: { maxHeight: '92vh' },
          body: { paddingBottom: 8 },
        }}
      >
        <div data-testid={testId}>{children}</div>
      </Drawer>
    );
  }
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      footer={footer}
      destroyOnHidden
      mask={{ closable: false }}
      width={560}
    >
      <div data-testid={testId}>{children}</div>
    </Modal>
  );
}

/**
 * A failed save, inside the form that sent it. A version conflict says what happened: the
 * case was changed meanwhile and has been reloaded; the user's values are still in the form.
 */
export function SaveError({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  const conflict = isVersionConflict(error);
  return (
    <Alert
      type={conflict ? 'warning' : 'error'}
      showIcon
      title={errorText(error)}
      description={conflict ? t('cases.conflictHint') : undefined}
      style={{ marginBottom: 12 }}
      data-testid={conflict ? 'case-conflict' : 'case-save-error'}
    />
  );
}
