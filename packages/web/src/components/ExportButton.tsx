import { exportUrl, type QueryParams } from '../api/client';
import { useI18n } from '../i18n';
import { DownloadButton } from './DownloadButton';

/**
 * Downloads the list's workbook with the same filters; `fullIds` where the list may be
 * exported with full identity numbers (rosters, ledgers), for a user allowed to see them.
 */
export function ExportButton({
  path,
  params,
  fullIds,
}: {
  path: string;
  params: QueryParams;
  fullIds?: boolean;
}) {
  const { t } = useI18n();
  return (
    <DownloadButton
      url={exportUrl(path, params)}
      fullIdUrl={fullIds ? exportUrl(path, { ...params, fullId: 'true' }) : undefined}
      testId="export-xlsx"
    >
      {t('common.export')}
    </DownloadButton>
  );
}
