import { Col, Form, Input, InputNumber, Row } from 'antd';
import type { DictionaryEntry, DictionaryEntryInput } from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { FormModal } from '../../components/FormModal';
import { applyFieldErrors } from '../../components/formErrors';
import { notifySuccess } from '../../components/feedback';
import { useCreateEntry, useUpdateEntry } from './settings.api';

/** Create an entry in `category` when `entry` is absent, otherwise edit it. */
export function DictionaryForm({ category, entry, onClose }: { category: string; entry?: DictionaryEntry; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<DictionaryEntryInput>();
  const create = useCreateEntry(category);
  const update = useUpdateEntry(category);

  const onFinish = (v: DictionaryEntryInput) => {
    const done = {
      onSuccess: () => {
        notifySuccess(entry ? t('common.saved') : t('common.created'));
        onClose();
      },
      onError: (err: unknown) => applyFieldErrors(form, err),
    };
    const body = { labelZh: v.labelZh.trim(), labelEn: v.labelEn.trim(), sort: v.sort };
    if (entry) update.mutate({ code: entry.code, body }, done);
    else create.mutate({ ...body, code: v.code.trim() }, done);
  };

  return (
    <FormModal
      title={`${entry ? t('settings.editEntry') : t('settings.addEntry')} · ${category}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      busy={create.isPending || update.isPending}
      width={560}
      testId="dictionary-form"
    >
      <Form<DictionaryEntryInput>
        form={form}
        layout="vertical"
        initialValues={entry ? { code: entry.code, labelZh: entry.labelZh, labelEn: entry.labelEn, sort: entry.sort } : { sort: 100 }}
        onFinish={onFinish}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="code" label={t('common.code')} rules={[{ required: true, pattern: /^[a-z0-9_]{1,40}$/, message: t('settings.codeRule') }]}>
              <Input disabled={!!entry} data-testid="dict-code" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="sort" label={t('settings.sort')} rules={[{ required: true, type: 'integer', min: 0, max: 10000 }]}>
              <InputNumber min={0} max={10000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="labelZh" label={t('settings.labelZh')} rules={[{ required: true, whitespace: true, max: 40, message: t('common.required') }]}>
              <Input data-testid="dict-label-zh" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="labelEn" label={t('settings.labelEn')} rules={[{ required: true, whitespace: true, max: 60, message: t('common.required') }]}>
              <Input data-testid="dict-label-en" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </FormModal>
  );
}
