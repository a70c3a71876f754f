import { exportUrl, type QueryParams } from '../api/client';
import { useI18n } from '../i18n';
import { DownloadButton } from './DownloadButton';

/** Downloads the list's workbook with the same filters. */
export function ExportButton({ path, params }: { path: string; params: QueryParams }) {
  const { t } = useI18n();
  return (
    <DownloadButton url={exportUrl(path, params)} testId="export-xlsx">
      {t('common.export')}
    </DownloadButton>
  );
}
