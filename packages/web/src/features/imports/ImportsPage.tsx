import { useState } from 'react';
import { Alert, Button, Card, Col, Form, Radio, Row, Select, Space, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { IMPORT_KIND_LABELS, IMPORT_KINDS, IMPORT_MODE_LABELS, IMPORT_MODES, type ImportJob, type ImportKind, type ImportMode } from '@baoxue/shared';
import { useMe } from '../../api/session';
import { useI18n } from '../../i18n';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { DownloadButton } from '../../components/DownloadButton';
import { DataTable, type Column } from '../../components/DataTable';
import { useIsMobile } from '../../components/useIsMobile';
import { useListParams } from '../../components/useListParams';
import { formatTime, JobStatusTag, positiveInt, SchoolYearSelect, useCurrentSchoolYear } from '../reconciliation/parts';
import { templateUrl, useImports, useStartImport } from './imports.api';
import { ImportJobPanel } from './ImportJobPanel';

interface FormValues {
  kind: ImportKind;
  schoolYear: number;
  mode: ImportMode;
}

export default function ImportsPage() {
  const { t, enumLabel } = useI18n();
  const me = useMe();
  const isMobile = useIsMobile();
  // The job on screen lives in the URL, so a reload keeps following it.
  const list = useListParams(['job'] as const, 10);
  const jobId = positiveInt(list.filters.job) ?? null;
  // A school administrator may import its own enrolment rows only.
  const kinds: readonly ImportKind[] = me.role === 'county_admin' ? IMPORT_KINDS : ['enrollment'];
  const currentYear = useCurrentSchoolYear();
  const [form] = Form.useForm<FormValues>();
  const kind = Form.useWatch('kind', form) ?? kinds[0];
  const [file, setFile] = useState<File | null>(null);
  const [fileMissing, setFileMissing] = useState(false);
  const start = useStartImport();
  const history = useImports({ page: list.page, pageSize: list.pageSize });

  const submit = async () => {
    const values = await form.validateFields();
    if (!file) {
      setFileMissing(true);
      return;
    }
    const job = await start.mutateAsync({ ...values, schoolYear: values.schoolYear ?? currentYear, file });
    list.update({ job: job.id, page: 1 });
  };

  const columns: Column<ImportJob>[] = [
    { key: 'file', title: t('imports.fileName'), render: (j) => <a>{j.fileName}</a>, hideOnCard: true },
    { key: 'kind', title: t('imports.kind'), render: (j) => enumLabel(IMPORT_KIND_LABELS, j.kind) },
    { key: 'year', title: t('monitoring.schoolYear'), render: (j) => t('monitoring.schoolYearValue', { year: j.schoolYear, next: j.schoolYear + 1 }) },
    { key: 'status', title: t('common.status'), render: (j) => <JobStatusTag status={j.status} /> },
    { key: 'accepted', title: t('imports.accepted'), align: 'right', render: (j) => j.acceptedRows.toLocaleString() },
    { key: 'rejected', title: t('imports.rejected'), align: 'right', render: (j) => j.rejectedRows.toLocaleString() },
    { key: 'by', title: t('monitoring.createdBy'), render: (j) => j.createdBy ?? '—' },
    { key: 'at', title: t('monitoring.createdAt'), render: (j) => formatTime(j.createdAt) },
  ];

  return (
    <>
      <PageTitle title={t('imports.title')} />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('imports.new')}>
            {me.role !== 'county_admin' ? (
              <Typography.Paragraph type="secondary">{t('imports.schoolOnly')}</Typography.Paragraph>
            ) : null}
            <Form<FormValues>
              form={form}
              layout={isMobile ? 'vertical' : 'horizontal'}
              labelCol={isMobile ? undefined : { flex: '96px' }}
              initialValues={{ kind: kinds[0], mode: 'valid_rows' }}
              data-testid="import-form"
            >
              <Form.Item name="kind" label={t('imports.kind')} rules={[{ required: true, message: t('common.required') }]}>
                <Select
                  options={kinds.map((k) => ({ value: k, label: enumLabel(IMPORT_KIND_LABELS, k) }))}
                  style={{ maxWidth: 260 }}
                  data-testid="import-kind"
                />
              </Form.Item>
              {kind === 'population' ? (
                <Form.Item label={isMobile ? undefined : ' '} colon={false}>
                  <Alert type="info" showIcon title={t('imports.populationReplaces')} data-testid="import-population-replaces" />
                </Form.Item>
              ) : null}
              <Form.Item name="schoolYear" label={t('monitoring.schoolYear')}>
                <SchoolYearField fallback={currentYear} />
              </Form.Item>
              <Form.Item name="mode" label={t('imports.mode')}>
                <Radio.Group data-testid="import-mode">
                  <Space orientation="vertical">
                    {IMPORT_MODES.map((m) => (
                      <Radio key={m} value={m} data-testid={`import-mode-${m}`}>
                        {enumLabel(IMPORT_MODE_LABELS, m)}
                      </Radio>
                    ))}
                  </Space>
                </Radio.Group>
              </Form.Item>
              <Form.Item
                label={t('imports.file')}
                required
                validateStatus={fileMissing ? 'error' : undefined}
                help={fileMissing ? t('imports.fileRequired') : undefined}
              >
                <Upload
                  accept=".xlsx,.csv"
                  maxCount={1}
                  beforeUpload={(f) => {
                    setFile(f);
                    setFileMissing(false);
                    // Sent by the import button as the raw body, not by antd's own uploader.
                    return false;
                  }}
                  onRemove={() => setFile(null)}
                  fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
                >
                  <Button icon={<UploadOutlined />} data-testid="import-file-button">
                    {t('imports.chooseFile')}
                  </Button>
                </Upload>
              </Form.Item>
              <Form.Item label={isMobile ? undefined : ' '} colon={false}>
                <Button type="primary" loading={start.isPending} onClick={() => void submit().catch(() => undefined)} block={isMobile} data-testid="import-submit">
                  {t('imports.upload')}
                </Button>
              </Form.Item>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('imports.templates')}>
            <Typography.Paragraph type="secondary">{t('imports.templatesHint')}</Typography.Paragraph>
            <Space wrap>
              {kinds.map((k) => (
                <DownloadButton key={k} url={templateUrl(k)} testId={`template-${k}`}>
                  {enumLabel(IMPORT_KIND_LABELS, k)}
                </DownloadButton>
              ))}
            </Space>
          </Card>
        </Col>
      </Row>
      {jobId !== null ? <ImportJobPanel id={jobId} onClose={() => list.update({ job: undefined })} /> : null}
      <Card size="small" title={t('imports.history')}>
        {history.isError ? <QueryError error={history.error} onRetry={() => void history.refetch()} /> : null}
        <DataTable<ImportJob>
          testId="imports-table"
          size="small"
          columns={columns}
          rows={history.data?.items}
          rowKey={(j) => j.id}
          loading={history.isFetching}
          onRowClick={(j) => list.update({ job: j.id, page: list.page })}
          cardTitle={(j) => (
            <>
              {j.fileName} <JobStatusTag status={j.status} />
            </>
          )}
          paging={list.pagingFor(history.data)}
        />
      </Card>
    </>
  );
}

/** Form.Item hands value/onChange to its child; the select shows the current year until one is picked. */
function SchoolYearField({ value, onChange, fallback }: { value?: number; onChange?: (v: number) => void; fallback: number | undefined }) {
  return <SchoolYearSelect value={value ?? fallback} onChange={(v) => onChange?.(v)} testId="import-school-year" />;
}
