import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import { useI18n } from '../../i18n';
import { useIsMobile } from '../../components/useIsMobile';

const FORMAT = 'YYYY-MM-DD';

/** from/to as the API wants them (YYYY-MM-DD, both inclusive). */
export function DateRangeFilter({
  from,
  to,
  onChange,
}: {
  from: string | undefined;
  to: string | undefined;
  onChange: (from: string | undefined, to: string | undefined) => void;
}) {
  const { t } = useI18n();
  const isMobile = useIsMobile();
  const value: [dayjs.Dayjs | null, dayjs.Dayjs | null] = [from ? dayjs(from) : null, to ? dayjs(to) : null];
  if (isMobile) {
    // The two-month range panel is wider than a phone; two single pickers fit.
    return (
      <>
        <DatePicker placeholder={t('common.from')} value={value[0]} onChange={(d) => onChange(d ? d.format(FORMAT) : undefined, to)} inputReadOnly />
        <DatePicker placeholder={t('common.to')} value={value[1]} onChange={(d) => onChange(from, d ? d.format(FORMAT) : undefined)} inputReadOnly />
      </>
    );
  }
  return (
    <DatePicker.RangePicker
      value={value}
      allowEmpty={[true, true]}
      placeholder={[t('common.from'), t('common.to')]}
      onChange={(range) => onChange(range?.[0]?.format(FORMAT), range?.[1]?.format(FORMAT))}
      data-testid="audit-date-range"
    />
  );
}
