import { Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { exportUrl, type QueryParams } from '../api/client';
import { useI18n } from '../i18n';

/** A plain link: the browser downloads the stream itself, with the session cookie. */
export function ExportButton({ path, params }: { path: string; params: QueryParams }) {
  const { t } = useI18n();
  return (
    <Button icon={<DownloadOutlined />} href={exportUrl(path, params)} download data-testid="export-xlsx">
      {t('common.export')}
    </Button>
  );
}
