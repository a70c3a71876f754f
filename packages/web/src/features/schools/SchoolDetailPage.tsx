import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Button, Card, Col, Descriptions, Empty, Popconfirm, Row, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import { AlertOutlined, ArrowLeftOutlined, AuditOutlined, DeleteOutlined, EditOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { SCHOOL_TYPE_LABELS, STAFF_KIND_LABELS, type SchoolClass, type SchoolDetail, type StaffMember } from '@baoxue/shared';
import { can, useCanOpenRegion, useMe } from '../../api/session';
import { useI18n } from '../../i18n';
import { PageTitle } from '../../components/PageTitle';
import { Tel } from '../../components/Tel';
import { notifySuccess } from '../../components/feedback';
import { QueryError } from '../../components/QueryError';
import { DataTable, type Column } from '../../components/DataTable';
import { useIsMobile } from '../../components/useIsMobile';
import { useDeleteClass, useSchool, useSchoolClasses, useSchoolStaff } from './schools.api';
import { SchoolForm } from './SchoolForm';
import { ClassForm } from './ClassForm';
import { StaffForm } from './StaffForm';
import { RegionTags } from '../regions/RegionTags';

function Phone({ value }: { value: string | null }) {
  return value ? <Tel phone={value} /> : <>—</>;
}

/** A page of a school's classes or staff on a phone: its forty teachers as cards ran to metres. */
const PHONE_PAGE = 10;

export default function SchoolDetailPage() {
  const { t } = useI18n();
  const { code } = useParams();
  const navigate = useNavigate();
  const me = useMe();
  const school = useSchool(code);
  const [editing, setEditing] = useState(false);

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/schools')}>
      {t('common.back')}
    </Button>
  );

  if (school.isPending) {
    return (
      <>
        <PageTitle title={t('schools.title')} extra={back} />
        <Skeleton active />
      </>
    );
  }
  if (school.isError) {
    return (
      <>
        <PageTitle title={t('schools.title')} extra={back} />
        <QueryError error={school.error} onRetry={() => void school.refetch()} />
      </>
    );
  }
  const s = school.data;

  return (
    <>
      <PageTitle
        title={s.name}
        subtitle={s.active ? undefined : <Tag>{t('schools.closed')}</Tag>}
        extra={
          <>
            {back}
            <Link to={`/students?schoolCode=${s.code}`}>
              <Button icon={<TeamOutlined />}>{t('schools.viewStudents')}</Button>
            </Link>
            <Link to={`/cases?schoolCode=${s.code}`}>
              <Button icon={<AlertOutlined />} data-testid="school-cases">
                {t('menu.cases')}
              </Button>
            </Link>
            {can(me, 'audit.view') ? (
              <Link to={`/audit?entity=school&entityId=${s.code}`}>
                <Button icon={<AuditOutlined />} data-testid="school-audit">
                  {t('audit.history')}
                </Button>
              </Link>
            ) : null}
            {can(me, 'schools.edit') ? (
              <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="school-edit">
                {t('common.edit')}
              </Button>
            ) : null}
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <BasicInfo school={s} />
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('schools.serviceArea')} style={{ height: '100%' }}>
            {s.serviceArea.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('schools.noServiceArea')} />
            ) : (
              <RegionTags regions={s.serviceArea} testId="service-area" />
            )}
          </Card>
        </Col>
        <Col xs={24}>
          <ClassesCard school={s} editable={can(me, 'classes.edit')} />
        </Col>
        {can(me, 'classes.edit') ? (
          <Col xs={24}>
            <StaffCard code={s.code} />
          </Col>
        ) : null}
      </Row>
      {editing ? <SchoolForm school={s} onClose={() => setEditing(false)} /> : null}
    </>
  );
}

function BasicInfo({ school: s }: { school: SchoolDetail }) {
  const { t, enumLabel } = useI18n();
  // A principal's or a teacher's town is outside what they may open: its name, not a link.
  const canOpenRegion = useCanOpenRegion();
  return (
    <Card size="small" title={t('schools.basic')}>
      <Row gutter={12} style={{ marginBottom: 12 }}>
        <Col span={8}>
          <Statistic title={t('schools.students')} value={s.studentCount} groupSeparator="," />
        </Col>
        <Col span={8}>
          <Statistic title={t('schools.classes')} value={s.classCount} />
        </Col>
        <Col span={8}>
          <Statistic title={t('schools.teachers')} value={s.teacherCount} />
        </Col>
      </Row>
      <Descriptions column={{ xs: 1, sm: 2 }} size="small">
        <Descriptions.Item label={t('schools.code')}>{s.code}</Descriptions.Item>
        <Descriptions.Item label={t('schools.type')}>{enumLabel(SCHOOL_TYPE_LABELS, s.type)}</Descriptions.Item>
        <Descriptions.Item label={t('schools.town')}>
          {canOpenRegion(s.townCode) ? (
            <Link to={`/regions/${s.townCode}`}>{s.townName}</Link>
          ) : (
            <span data-testid="school-town-text">{s.townName}</span>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('schools.boarding')}>{s.boarding ? t('common.yes') : t('common.no')}</Descriptions.Item>
        <Descriptions.Item label={t('schools.principal')}>{s.principalName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('schools.principalPhone')}>
          <Phone value={s.principalPhone} />
        </Descriptions.Item>
        <Descriptions.Item label={t('schools.phone')}>
          <Phone value={s.phone} />
        </Descriptions.Item>
        <Descriptions.Item label={t('schools.address')}>{s.address ?? '—'}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** The classes of the current school year; the county admin or the school's principal sets them up. */
function ClassesCard({ school, editable }: { school: SchoolDetail; editable: boolean }) {
  const { t, gradeLabel, classLabel } = useI18n();
  const isMobile = useIsMobile();
  const code = school.code;
  // Without a school year the server answers the county's current one.
  const classes = useSchoolClasses(code);
  // null: closed; 'new': a class to create; a class: the one being edited.
  const [editing, setEditing] = useState<SchoolClass | 'new' | null>(null);
  const remove = useDeleteClass();
  const year = classes.data?.[0]?.schoolYear;
  const columns: Column<SchoolClass>[] = [
    // A card's title names the class with its grade.
    { key: 'grade', title: t('schools.grade'), render: (c) => gradeLabel(c.grade), sorter: (a, b) => a.grade - b.grade, hideOnCard: true },
    { key: 'name', title: t('schools.className'), render: (c) => <Link to={`/students?schoolCode=${code}&classId=${c.id}`}>{c.name}</Link>, hideOnCard: true },
    { key: 'head', title: t('schools.headTeacher'), render: (c) => c.headTeacherName ?? '—' },
    { key: 'phone', title: t('schools.headTeacherPhone'), render: (c) => <Phone value={c.headTeacherPhone} /> },
    { key: 'students', title: t('schools.classStudents'), align: 'right', render: (c) => c.studentCount, sorter: (a, b) => a.studentCount - b.studentCount },
  ];
  if (editable) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (c) => (
        <Space size={4}>
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(c)} data-testid={`class-edit-${c.id}`}>
            {t('common.edit')}
          </Button>
          {c.studentCount === 0 ? (
            // A class set up by mistake; one with pupils is emptied by moving them first.
            <Popconfirm
              title={t('schools.confirmDeleteClass', { name: classLabel(c.grade, c.name) })}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={() => remove.mutate(c.id, { onSuccess: () => notifySuccess(t('schools.classDeleted')) })}
            >
              <Button size="small" danger icon={<DeleteOutlined />} data-testid={`class-delete-${c.id}`}>
                {t('schools.deleteClass')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      ),
    });
  }
  return (
    <Card
      size="small"
      title={year ? t('schools.classesOfYear', { year: `${year}–${year + 1}` }) : t('schools.classesTitle')}
      extra={
        editable ? (
          <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="class-create">
            {t('schools.createClass')}
          </Button>
        ) : null
      }
    >
      {classes.isError ? <QueryError error={classes.error} onRetry={() => void classes.refetch()} /> : null}
      {classes.data && classes.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('schools.noClasses')} />
      ) : (
        <DataTable<SchoolClass>
          testId="school-classes"
          size="small"
          columns={columns}
          rows={classes.data}
          rowKey={(c) => c.id}
          loading={classes.isPending}
          localPageSize={isMobile ? PHONE_PAGE : 20}
          cardTitle={(c) => <Link to={`/students?schoolCode=${code}&classId=${c.id}`}>{classLabel(c.grade, c.name)}</Link>}
        />
      )}
      {editing ? (
        <ClassForm schoolCode={code} schoolType={school.type} klass={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />
      ) : null}
    </Card>
  );
}

function StaffName({ member }: { member: StaffMember }) {
  const { t } = useI18n();
  if (member.active) return <>{member.name}</>;
  return (
    <Space size={4}>
      <Typography.Text type="secondary">{member.name}</Typography.Text>
      <Tag data-testid={`staff-left-${member.id}`}>{t('schools.staffLeft')}</Tag>
    </Space>
  );
}

/** The school's teachers and principal, among whom head teachers are named and accounts opened. */
function StaffCard({ code }: { code: string }) {
  const { t, enumLabel } = useI18n();
  const isMobile = useIsMobile();
  const staff = useSchoolStaff(code, true);
  // null: closed; 'new': a member to add; a member: the one being edited.
  const [editing, setEditing] = useState<StaffMember | 'new' | null>(null);
  const columns: Column<StaffMember>[] = [
    { key: 'name', title: t('schools.staffName'), render: (m) => <StaffName member={m} />, hideOnCard: true },
    { key: 'kind', title: t('schools.staffKind'), render: (m) => enumLabel(STAFF_KIND_LABELS, m.kind) },
    { key: 'title', title: t('schools.staffPost'), render: (m) => m.title ?? '—' },
    { key: 'phone', title: t('schools.staffPhone'), render: (m) => <Phone value={m.phone} /> },
    // No staff number: a teacher's account is opened by choosing the school and the name (users/ScopeInput).
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (m) => (
        <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(m)} data-testid={`staff-edit-${m.id}`}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];
  return (
    <Card
      size="small"
      title={t('schools.staffTitle')}
      extra={
        <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="staff-add">
          {t('schools.addStaff')}
        </Button>
      }
    >
      {staff.isError ? <QueryError error={staff.error} onRetry={() => void staff.refetch()} /> : null}
      {staff.data && staff.data.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('schools.noStaff')} />
      ) : (
        <DataTable<StaffMember>
          testId="school-staff"
          size="small"
          columns={columns}
          rows={staff.data}
          rowKey={(m) => m.id}
          loading={staff.isPending}
          // On a desktop the whole staff on one page, as head teachers are looked for by eye.
          localPageSize={isMobile ? PHONE_PAGE : 50}
          cardTitle={(m) => <StaffName member={m} />}
        />
      )}
      {editing ? (
        <StaffForm schoolCode={code} member={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />
      ) : null}
    </Card>
  );
}
