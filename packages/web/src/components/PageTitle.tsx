import { useEffect, type ReactNode } from 'react';
import { Flex, Typography } from 'antd';
import { useI18n } from '../i18n';

interface Props {
  title: string;
  /** Buttons on the right (create, export); they wrap under the title on a phone. */
  extra?: ReactNode;
  subtitle?: ReactNode;
}

export function PageTitle({ title, extra, subtitle }: Props) {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  return (
    <Flex wrap gap={8} align="center" justify="space-between" style={{ marginBottom: 16 }}>
      <div style={{ minWidth: 0 }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">
          {title}
        </Typography.Title>
        {subtitle ? <Typography.Text type="secondary">{subtitle}</Typography.Text> : null}
      </div>
      {extra ? (
        <Flex wrap gap={8}>
          {extra}
        </Flex>
      ) : null}
    </Flex>
  );
}
