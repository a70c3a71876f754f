// Area pickers of the lists (cases, absences, students, rosters), shown only where the user's
// scope holds more than one.
import { Select } from 'antd';
import type { Me } from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { useSchools } from '../schools/schools.api';
import { TownSelect } from '../reconciliation/parts';

export function seesManyTowns(me: Me): boolean {
  return me.scopeKind === 'county' || me.scopeKind === 'zone';
}

export function seesManySchools(me: Me): boolean {
  return seesManyTowns(me) || me.scopeKind === 'town';
}

export { TownSelect };

/** The schools in the user's scope, of one town when `townCode` is given. */
export function SchoolSelect({
  townCode,
  value,
  onChange,
  testId = 'case-school-filter',
  block,
}: {
  townCode?: string;
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  testId?: string;
  /** As wide as its form field, asking for a school rather than offering "any". */
  block?: boolean;
}) {
  const { t } = useI18n();
  // The largest page the API allows covers a county's compulsory schools.
  const schools = useSchools({ townCode, page: 1, pageSize: 200 });
  return (
    <Select
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={block ? t('users.chooseSchool') : t('monitoring.anySchool')}
      value={value}
      onChange={onChange}
      loading={schools.isPending}
      options={(schools.data?.items ?? []).map((s) => ({ value: s.code, label: s.name }))}
      style={{ width: block ? '100%' : 220 }}
      popupMatchSelectWidth={false}
      data-testid={testId}
    />
  );
}
