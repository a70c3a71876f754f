import { Alert, Button, Flex, Typography } from 'antd';
import { SwapOutlined } from '@ant-design/icons';
import type { PendingTransfer } from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { usePendingTransfers } from './students.api';

/**
 * 待接收转入: pupils other schools of the county recorded as 转出 to the user's schools, above
 * the list, each with the button that takes them over. Nothing shows while none waits, unless
 * the user came to look (`asked`, from the inbox item), who is told that none does.
 */
export function PendingTransfers({ asked, onReceive }: { asked: boolean; onReceive: (p: PendingTransfer) => void }) {
  const { t, gradeLabel } = useI18n();
  const pending = usePendingTransfers(true);
  const items = pending.data ?? [];
  if (items.length === 0) {
    return asked && pending.isSuccess ? <Alert type="info" showIcon title={t('students.pendingNone')} style={{ marginBottom: 12 }} data-testid="pending-transfers-none" /> : null;
  }
  return (
    <Alert
      type="warning"
      showIcon
      icon={<SwapOutlined />}
      style={{ marginBottom: 12 }}
      data-testid="pending-transfers"
      title={t('students.pendingCount', { count: items.length })}
      description={
        <Flex vertical gap={8} style={{ marginTop: 8 }}>
          {items.map((p) => (
            <Flex key={p.studentId} justify="space-between" align="center" gap={8} wrap data-testid={`pending-transfer-${p.studentId}`}>
              <div style={{ minWidth: 0 }}>
                <Typography.Text strong>{p.name}</Typography.Text> <Typography.Text style={{ fontFamily: 'monospace' }}>{p.idNumberMasked}</Typography.Text>
                <br />
                <Typography.Text type="secondary">{t('students.pendingFrom', { school: p.fromSchoolName, grade: gradeLabel(p.grade), date: p.date })}</Typography.Text>
                {p.note ? (
                  <>
                    <br />
                    <Typography.Text type="secondary">{p.note}</Typography.Text>
                  </>
                ) : null}
              </div>
              <Button type="primary" size="small" onClick={() => onReceive(p)} data-testid={`pending-receive-${p.studentId}`}>
                {t('students.pendingReceive')}
              </Button>
            </Flex>
          ))}
        </Flex>
      }
    />
  );
}
