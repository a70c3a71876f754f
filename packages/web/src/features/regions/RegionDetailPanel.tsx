import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Descriptions, Divider, Form, Input, Skeleton, Space, Statistic, Row, Col, Tag, Typography } from 'antd';
import { AlertOutlined, BankOutlined, EditOutlined, TeamOutlined } from '@ant-design/icons';
import { REGION_LEVEL_LABELS, type RegionDetail, type RegionNode, type UpdateRegionRequest } from '@baoxue/shared';
import { can, useMe } from '../../api/session';
import { useI18n } from '../../i18n';
import { QueryError } from '../../components/QueryError';
import { applyFieldErrors } from '../../components/formErrors';
import { notifySuccess } from '../../components/feedback';
import { useRegion, useRegionTree, useRenameRegion } from './regions.api';

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
      <RegionLinks region={r} />
      <Children code={r.code} />
    </Card>
  );
}

/** Where to go from here: the lists filtered to this region, where the API can filter so. */
function RegionLinks({ region }: { region: RegionDetail }) {
  const { t } = useI18n();
  const schools = region.level === 'town' ? `/schools?townCode=${region.code}` : region.level === 'county' ? '/schools' : null;
  const students = region.level === 'village' ? `/students?villageCode=${region.code}` : region.level === 'county' ? '/students' : null;
  const cases = region.level === 'town' ? `/cases?townCode=${region.code}` : null;
  if (!schools && !students && !cases) return null;
  return (
    <Space wrap style={{ marginTop: 16 }}>
      {cases ? (
        <Link to={cases}>
          <Button icon={<AlertOutlined />} data-testid="region-cases">
            {t('menu.cases')}
          </Button>
        </Link>
      ) : null}
      {schools ? (
        <Link to={schools}>
          <Button icon={<BankOutlined />}>{t('regions.viewSchools')}</Button>
        </Link>
      ) : null}
      {students ? (
        <Link to={students}>
          <Button icon={<TeamOutlined />}>{t('regions.viewStudents')}</Button>
        </Link>
      ) : null}
    </Space>
  );
}

function findNode(nodes: readonly RegionNode[], code: string): RegionNode | undefined {
  for (const n of nodes) {
    if (n.code === code) return n;
    const found = findNode(n.children, code);
    if (found) return found;
  }
  return undefined;
}

/** The subdivisions, from the tree already loaded for the left panel. */
function Children({ code }: { code: string }) {
  const { t } = useI18n();
  const tree = useRegionTree().data;
  const node = tree ? findNode(tree, code) : undefined;
  if (!node || node.children.length === 0) return null;
  return (
    <>
      <Divider titlePlacement="start" plain style={{ marginBlock: 16 }}>
        <Typography.Text type="secondary">
          {t('regions.children')} ({node.children.length})
        </Typography.Text>
      </Divider>
      <Space wrap size={[4, 8]} data-testid="region-children">
        {node.children.map((c) => (
          <Link key={c.code} to={`/regions/${c.code}`}>
            <Tag>{c.name}</Tag>
          </Link>
        ))}
      </Space>
    </>
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
