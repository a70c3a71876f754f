import { Card, Col, Row, Space, Typography } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { CHIEF_DUTY_LABELS, type ChainLink, type ResponsibilityChain } from '@baoxue/shared';
import { useI18n } from '../../i18n';

// The seven chiefs of one child (七长制): the government line and the education line side by
// side on a desk, one under the other on a phone, each person with a tap-to-call number.

export function ChainCard({ chain, title }: { chain: ResponsibilityChain; title?: string }) {
  const { t } = useI18n();
  const government = chain.links.filter((l) => l.line === 'government');
  const education = chain.links.filter((l) => l.line === 'education');
  return (
    <Card
      size="small"
      title={title ?? t('chiefs.chainTitle', { year: t('monitoring.schoolYearValue', { year: chain.schoolYear, next: chain.schoolYear + 1 }) })}
      data-testid="chain-card"
    >
      <Row gutter={[16, 12]}>
        <Col xs={24} md={12}>
          <ChainLine heading={t('chiefs.governmentLine')} links={government} testId="chain-government" />
        </Col>
        <Col xs={24} md={12}>
          <ChainLine heading={t('chiefs.educationLine')} links={education} testId="chain-education" />
        </Col>
      </Row>
    </Card>
  );
}

function ChainLine({ heading, links, testId }: { heading: string; links: ChainLink[]; testId: string }) {
  return (
    <div data-testid={testId}>
      <Typography.Text strong>{heading}</Typography.Text>
      <ul style={{ listStyle: 'none', padding: 0, margin: '8px 0 0' }}>
        {links.map((link) => (
          <ChainPerson key={link.duty} link={link} />
        ))}
      </ul>
    </div>
  );
}

function ChainPerson({ link }: { link: ChainLink }) {
  const { t, enumLabel, classLabel } = useI18n();
  // The class teacher's class as the user reads a class: 三年级1班, "Grade 3, Class 1".
  const unit = link.unitName && link.classGrade !== null ? classLabel(link.classGrade, link.unitName) : link.unitName;
  return (
    <li
      data-testid={`chain-link-${link.duty}`}
      style={{
        display: 'flex',
        justifyContent: 'space-between',
        gap: 8,
        padding: '6px 0',
        borderBottom: '1px solid rgba(5,5,5,0.06)',
      }}
    >
      <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {enumLabel(CHIEF_DUTY_LABELS, link.duty)}
          {unit ? ` · ${unit}` : ''}
        </Typography.Text>
        {link.name ? (
          <Typography.Text>{link.name}</Typography.Text>
        ) : (
          <Typography.Text type="warning">{t('chiefs.notRecorded')}</Typography.Text>
        )}
      </Space>
      {link.phone ? (
        <a
          href={`tel:${link.phone}`}
          style={{ whiteSpace: 'nowrap', alignSelf: 'center', padding: '4px 0' }}
          data-testid={`chain-call-${link.duty}`}
        >
          <PhoneOutlined /> {link.phone}
        </a>
      ) : null}
    </li>
  );
}
