import type { ReactNode } from 'react';
import { Modal } from 'antd';
import { useI18n } from '../i18n';
import { useIsMobile } from './useIsMobile';

interface Props {
  title: ReactNode;
  onCancel: () => void;
  onOk: () => void;
  busy: boolean;
  children: ReactNode;
  width?: number;
  testId?: string;
}

/** Every create/edit dialog: full width on a phone, the form inside stacks its fields. */
export function FormModal({ title, onCancel, onOk, busy, children, width = 640, testId }: Props) {
  const { t } = useI18n();
  const isMobile = useIsMobile();
  return (
    <Modal
      open
      // A long title (a pupil and a school) wraps clear of the close button.
      title={<div style={{ paddingRight: 24 }}>{title}</div>}
      onCancel={onCancel}
      onOk={onOk}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      width={isMobile ? 'calc(100vw - 16px)' : width}
      style={isMobile ? { top: 8, maxWidth: 'none', paddingBottom: 8 } : undefined}
      destroyOnHidden
      mask={{ closable: false }}
      okButtonProps={{ 'data-testid': 'modal-ok' } as Record<string, string>}
      cancelButtonProps={{ 'data-testid': 'modal-cancel' } as Record<string, string>}
    >
      {/* Modal drops unknown props, so the test id sits on the content. */}
      <div data-testid={testId}>{children}</div>
    </Modal>
  );
}
