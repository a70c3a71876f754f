import { Alert, Button } from 'antd';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n';
import { errorText, isHandledByShell } from './feedback';

/**
 * A refusal the same request will meet again (not found, not allowed, bad request): a retry
 * button would only repeat it.
 */
function isFinal(error: unknown): boolean {
  return error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
}

/** A failed load shown where the data would be, with a retry where one may help; shell-handled errors stay silent. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  if (isHandledByShell(error)) return null;
  const retry = isFinal(error) ? undefined : onRetry;
  return (
    <Alert
      type="error"
      showIcon
      title={t('common.loadFailed')}
      description={errorText(error)}
      action={
        retry ? (
          <Button size="small" onClick={retry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
      style={{ marginBottom: 16 }}
    />
  );
}
