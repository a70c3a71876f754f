import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Descriptions, Divider, Form, Input, Skeleton, Space, Statistic, Row, Col, Typography } from 'antd';
import { AlertOutlined, BankOutlined, EditOutlined, TeamOutlined } from '@ant-design/icons';
import { REGION_LEVEL_LABELS, type RegionDetail, type RegionNode, type UpdateRegionRequest } from '@baoxue/shared';
import { can, useCanOpenRegion, useMe } from '../../api/session';
import { useI18n } from '../../i18n';
import { QueryError } from '../../components/QueryError';
import { applyFieldErrors } from '../../components/formErrors';
import { notifySuccess } from '../../components/feedback';
import { useRegion, useRegionTree, useRenameRegion } from './regions.api';
import { RegionTags } from './RegionTags';

export function RegionDetailPanel({ code }: { code: string }) {
  const { t, enumLabel } = useI18n();
  const me = useMe();
  const canOpenRegion = useCanOpenRegion();
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
          {/* A village official's town, a town official's county: named, not a link to 找不到该记录. */}
          {r.parentCode ? (
            canOpenRegion(r.parentCode) ? (
              <Link to={`/regions/${r.parentCode}`}>{r.parentName ?? r.parentCode}</Link>
            ) : (
              <span data-testid="region-parent-text">{r.parentName ?? r.parentCode}</span>
            )
          ) : (
            '—'
          )}
        </Descriptions.Item>
      </Descriptions>
      <RegionFigures region={r} />
      <RegionLinks region={r} />
      <Children code={r.code} />
    </Card>
  );
}

/**
 * The figures, counted as the overview counts them (regions.queries.ts countUnder), so the two
 * pages agree: a town's (the county's) villages, the schools located in it and the pupils
 * enrolled at those schools — a town official's 辖区学校在校生; a village's enrolled pupils
 * whose home village it is — a village official's 本村户籍在读学生. A village has no school
 * of its own (schools belong to towns): no 学校数 0 beside the schools its children attend.
 */
function RegionFigures({ region: r }: { region: RegionDetail }) {
  const { t } = useI18n();
  const me = useMe();
  if (r.level === 'village') {
    // A principal sees the village's pupils at their own school only, and is told so.
    const title = me.scopeKind === 'school' ? t('regions.residentsAtOwnSchool') : t('overview.villageStudents');
    return (
      <Row gutter={[12, 12]}>
        <Col xs={24} sm={12}>
          <Statistic title={title} value={r.studentCount} groupSeparator="," data-testid="region-students" />
        </Col>
      </Row>
    );
  }
  return (
    <Row gutter={[12, 12]}>
      <Col xs={8}>
        <Statistic title={t('regions.villageCount')} value={r.villageCount} />
      </Col>
      <Col xs={8}>
        <Statistic title={t('regions.schoolCount')} value={r.schoolCount} />
      </Col>
      <Col xs={8}>
        <Statistic title={t('overview.studentsAtSchools')} value={r.studentCount} groupSeparator="," data-testid="region-students" />
      </Col>
    </Row>
  );
}

/** Where to go from here: the lists filtered to this region, where the API can filter so. */
function RegionLinks({ region }: { region: RegionDetail }) {
  const { t } = useI18n();
  const schools = region.level === 'town' ? `/schools?townCode=${region.code}` : region.level === 'county' ? '/schools' : null;
  // A village's list opens on its 在读, the figure above; its other statuses are a tap away.
  const students = region.level === 'village' ? `/students?villageCode=${region.code}&status=enrolled` : region.level === 'county' ? '/students' : null;
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
      <RegionTags regions={node.children} testId="region-children" />
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
