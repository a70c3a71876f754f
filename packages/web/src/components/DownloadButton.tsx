import { useState, type ReactNode } from 'react';
import { Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { downloadFile } from '../api/client';
import { notifyError } from './feedback';

interface DownloadButtonProps {
  url: string;
  children: ReactNode;
  testId: string;
  type?: 'primary' | 'default';
  danger?: boolean;
  disabled?: boolean;
}

/**
 * Every file the app hands out (exports, templates, error workbooks, the 一表六册 workbook): busy
 * while the server writes it, and a refusal shows as a message rather than as a saved file.
 */
export function DownloadButton({ url, children, testId, type, danger, disabled }: DownloadButtonProps) {
  const [busy, setBusy] = useState(false);
  const download = () => {
    setBusy(true);
    downloadFile(url)
      .catch(notifyError)
      .finally(() => setBusy(false));
  };
  return (
    <Button
      icon={<DownloadOutlined />}
      type={type}
      danger={danger}
      disabled={disabled}
      loading={busy}
      onClick={download}
      data-testid={testId}
    >
      {children}
    </Button>
  );
}
