import { Alert, Button } from 'antd';
import { useI18n } from '../i18n';
import { errorText, isHandledByShell } from './feedback';

/** A failed load shown where the data would be, with a retry; shell-handled errors stay silent. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  if (isHandledByShell(error)) return null;
  return (
    <Alert
      type="error"
      showIcon
      title={t('common.loadFailed')}
      description={errorText(error)}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
      style={{ marginBottom: 16 }}
    />
  );
}
