import { useState } from 'react';
import { Input, Select, Space } from 'antd';
import { ROLE_SCOPE_KIND, STAFF_KIND_LABELS, type Role, type UserSummary } from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { SchoolSelect } from '../cases/filters';
import { TownSelect, VillageSelect } from '../reconciliation/parts';
import { useSchoolStaff } from '../schools/schools.api';

interface Props {
  role: Role | undefined;
  /** The account being edited: its present scope is shown before anything is reloaded. */
  current?: UserSummary;
  value?: string;
  onChange?: (value: string | undefined) => void;
}

/**
 * An account's scope, chosen by name rather than typed as a code: a town, a village, a
 * school, or a teacher of a school. The county and an inspection zone are typed (one
 * county; zones are few and numbered by the county).
 */
export function ScopeInput({ role, current, value, onChange }: Props) {
  const change = (v: string | undefined) => onChange?.(v);
  switch (role ? ROLE_SCOPE_KIND[role] : undefined) {
    case 'town':
      return <TownSelect block value={value} onChange={change} testId="user-scope-town" />;
    case 'village':
      return <VillageSelect block townCode={undefined} value={value} onChange={change} />;
    case 'school':
      return <SchoolSelect block value={value} onChange={change} testId="user-scope-school" />;
    case 'teacher':
      return <TeacherSelect current={current} value={value} onChange={change} />;
    case 'county':
    case 'zone':
    case undefined:
      return <Input maxLength={20} value={value} onChange={(e) => change(e.target.value)} data-testid="user-scope-code" />;
  }
}

/** A teacher's account is bound to their staff record: the school first, then the teacher. */
function TeacherSelect({ current, value, onChange }: { current?: UserSummary; value?: string; onChange: (v: string | undefined) => void }) {
  const { t, enumLabel } = useI18n();
  const [school, setSchool] = useState<string | undefined>();
  const staff = useSchoolStaff(school ?? '', !!school);
  const options = school
    ? (staff.data ?? [])
        .filter((m) => m.active)
        .map((m) => ({ value: String(m.id), label: `${m.name}（${m.title ?? enumLabel(STAFF_KIND_LABELS, m.kind)}）` }))
    : current?.role === 'teacher'
      ? [{ value: current.scopeCode, label: current.scopeName }]
      : [];
  return (
    <Space.Compact block>
      <SchoolSelect
        block
        value={school}
        onChange={(code) => {
          setSchool(code);
          onChange(undefined);
        }}
        testId="user-scope-teacher-school"
      />
      <Select
        showSearch={{ optionFilterProp: 'label' }}
        style={{ width: '100%' }}
        placeholder={t('users.chooseTeacher')}
        value={value}
        onChange={onChange}
        loading={!!school && staff.isPending}
        options={options}
        data-testid="user-scope-teacher"
      />
    </Space.Compact>
  );
}
