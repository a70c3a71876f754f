import { useState, type ReactNode } from 'react';
import { Button, Dropdown, Space } from 'antd';
import { DownOutlined, DownloadOutlined } from '@ant-design/icons';
import { downloadFile } from '../api/client';
import { useSession } from '../api/session';
import { useI18n } from '../i18n';
import { notifyError } from './feedback';

interface DownloadButtonProps {
  url: string;
  children: ReactNode;
  testId: string;
  type?: 'primary' | 'default';
  danger?: boolean;
  disabled?: boolean;
  /**
   * The same file with full identity numbers: offered beside it, to a user allowed to see
   * them. The file is masked unless asked for so (a printed roster goes round a village).
   */
  fullIdUrl?: string;
}

/**
 * Every file the app hands out (exports, templates, error workbooks, the 一表六册 workbook): busy
 * while the server writes it, and a refusal shows as a message rather than as a saved file.
 */
export function DownloadButton({
  url,
  children,
  testId,
  type,
  danger,
  disabled,
  fullIdUrl,
}: DownloadButtonProps) {
  const { t } = useI18n();
  const session = useSession();
  const [busy, setBusy] = useState(false);
  const download = (target: string) => {
    setBusy(true);
    downloadFile(target)
      .catch(notifyError)
      .finally(() => setBusy(false));
  };
  const button = (
    <Button
      icon={<DownloadOutlined />}
      type={type}
      danger={danger}
      disabled={disabled}
      loading={busy}
      onClick={() => download(url)}
      data-testid={testId}
    >
      {children}
    </Button>
  );
  if (fullIdUrl === undefined || session.data?.user.canViewFullId !== true) return button;
  return (
    <Space.Compact>
      {button}
      <Dropdown
        disabled={disabled || busy}
        trigger={['click']}
        menu={{
          items: [
            { key: 'full', label: <span data-testid={`${testId}-full`}>{t('common.exportFullIds')}</span> },
          ],
          onClick: () => download(fullIdUrl),
        }}
      >
        <Button
          type={type}
          icon={<DownOutlined />}
          aria-label={t('common.exportFullIds')}
          data-testid={`${testId}-more`}
        />
      </Dropdown>
    </Space.Compact>
  );
}
