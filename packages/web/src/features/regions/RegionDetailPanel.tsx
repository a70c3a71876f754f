import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Descriptions, Form, Input, Skeleton, Space, Statistic, Row, Col } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { REGION_LEVEL_LABELS, type UpdateRegionRequest } from '@baoxue/shared';
import { can, useMe } from '../../api/session';
import { useI18n } from '../../i18n';
import { QueryError } from '../../components/QueryError';
import { applyFieldErrors } from '../../components/formErrors';
import { notifySuccess } from '../../components/feedback';
import { useRegion, useRenameRegion } from './regions.api';

export function RegionDetailPanel({ code }: { code: string }) {
  const { t, enumLabel } = useI18n();
  const me = useMe();
  const region = useRegion(code);
  const [editing, setEditing] = useState(false);

  if (region.isPending) return <Card size="small"><Skeleton active /></Card>;
  if (region.isError) return <QueryError error={region.error} onRetry={() => void region.refetch()} />;
  const r = region.data;

  return (
    <Card
      size="small"
      title={<span data-testid="region-name">{r.name}</span>}
      extra={
        can(me, 'regions.edit') && !editing ? (
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="region-rename">
            {t('regions.rename')}
          </Button>
        ) : null
      }
    >
      {editing ? <RenameForm code={code} name={r.name} onClose={() => setEditing(false)} /> : null}
      <Descriptions column={{ xs: 1, sm: 2 }} size="small" style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('regions.code')}>{r.code}</Descriptions.Item>
        <Descriptions.Item label={t('regions.level')}>{enumLabel(REGION_LEVEL_LABELS, r.level)}</Descriptions.Item>
        <Descriptions.Item label={t('regions.parent')}>
          {r.parentCode ? <Link to={`/regions/${r.parentCode}`}>{r.parentName ?? r.parentCode}</Link> : '—'}
        </Descriptions.Item>
      </Descriptions>
      <Row gutter={[12, 12]}>
        {r.level !== 'village' ? (
          <Col xs={8}>
            <Statistic title={t('regions.villageCount')} value={r.villageCount} />
          </Col>
        ) : null}
        <Col xs={8}>
          <Statistic title={t('regions.schoolCount')} value={r.schoolCount} />
        </Col>
        <Col xs={8}>
          <Statistic title={t('regions.studentCount')} value={r.studentCount} groupSeparator="," />
        </Col>
      </Row>
    </Card>
  );
}

function RenameForm({ code, name, onClose }: { code: string; name: string; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<UpdateRegionRequest>();
  const rename = useRenameRegion(code);
  return (
    <Form<UpdateRegionRequest>
      form={form}
      layout="inline"
      initialValues={{ name }}
      style={{ marginBottom: 16, rowGap: 8 }}
      onFinish={(values) =>
        rename.mutate(values, {
          onSuccess: () => {
            notifySuccess(t('regions.renamed'));
            onClose();
          },
          onError: (err) => applyFieldErrors(form, err),
        })
      }
    >
      <Form.Item name="name" rules={[{ required: true, whitespace: true, max: 60, message: t('regions.nameRequired') }]} style={{ flex: '1 1 200px' }}>
        <Input autoFocus data-testid="region-name-input" />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={rename.isPending} data-testid="region-rename-save">
          {t('common.save')}
        </Button>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  );
}
