import { useState } from 'react';
import { Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { downloadExport, type QueryParams } from '../api/client';
import { useI18n } from '../i18n';
import { notifyError } from './feedback';

/** Downloads the list's workbook with the same filters; a refusal shows as a message. */
export function ExportButton({ path, params }: { path: string; params: QueryParams }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const download = () => {
    setBusy(true);
    downloadExport(path, params)
      .catch(notifyError)
      .finally(() => setBusy(false));
  };
  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={download} data-testid="export-xlsx">
      {t('common.export')}
    </Button>
  );
}
