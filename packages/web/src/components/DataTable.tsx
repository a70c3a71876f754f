// One list component for every feature: an antd Table on a desktop, compact cards on a
// phone (a 10-column table is unusable at 375 px even when it scrolls). Columns are
// declared once and serve both.
import { useState, type Key, type ReactNode } from 'react';
import { Card, Collapse, Empty, Flex, Pagination, Spin, Table, Typography, type TableColumnType } from 'antd';
import { useI18n } from '../i18n';
import { useIsMobile } from './useIsMobile';

export interface Column<T> {
  key: string;
  title: ReactNode;
  render: (row: T, index: number) => ReactNode;
  width?: number;
  align?: 'left' | 'right' | 'center';
  /** Client-side sort, for lists that arrive whole (overview). */
  sorter?: (a: T, b: T) => number;
  /** Not repeated on a phone card, typically because it is the card's title. */
  hideOnCard?: boolean;
  /** On a phone card, folded under 详情 with the rest: a wide table's secondary figures. */
  cardDetail?: boolean;
  /**
   * Kept in view at the table's right edge while the rest scrolls: a row's actions must not
   * end up past a laptop's screen. A phone card has no columns and ignores it.
   */
  fixed?: 'right';
}

export interface Paging {
  page: number;
  pageSize: number;
  total: number;
  /** The server stopped counting at `total` (lib/paging.ts TOTAL_CAP): there are more. */
  totalIsLowerBound?: boolean;
  onChange: (page: number, pageSize: number) => void;
}

interface Props<T> {
  columns: Column<T>[];
  rows: readonly T[] | undefined;
  rowKey: (row: T) => Key;
  /**
   * A 合计 row under every page. Not a record: it is neither counted in 共 n 条, nor paged,
   * nor sorted among the rows.
   */
  summaryRow?: T;
  loading?: boolean;
  paging?: Paging;
  /** Client-side paging for whole lists. */
  localPageSize?: number;
  onRowClick?: (row: T) => void;
  /** Which rows open on a click; all when absent. The others do not look clickable. */
  rowClickable?: (row: T) => boolean;
  cardTitle?: (row: T) => ReactNode;
  expandedRow?: (row: T) => ReactNode;
  /** Which rows have something to expand; all when absent. */
  rowExpandable?: (row: T) => boolean;
  testId?: string;
  size?: 'small' | 'middle';
  /** What an empty list says, where "no data" alone would leave the reader guessing why. */
  empty?: ReactNode;
}

const NO_TREE = '__noTreeChildren';

/** The click handler of one row, or none where the row does not open. */
function clickOf<T>({ onRowClick, rowClickable }: Props<T>, row: T): (() => void) | undefined {
  if (!onRowClick || (rowClickable && !rowClickable(row))) return undefined;
  return () => onRowClick(row);
}

export function DataTable<T>(props: Props<T>) {
  const isMobile = useIsMobile();
  return isMobile ? <CardList {...props} /> : <DesktopTable {...props} />;
}

function DesktopTable<T>(props: Props<T>) {
  const { columns, rows, rowKey, summaryRow, loading, paging, localPageSize, onRowClick, expandedRow, rowExpandable, testId, size, empty } = props;
  const { t } = useI18n();
  const antColumns: TableColumnType<T>[] = columns.map((c) => ({
    key: c.key,
    title: c.title,
    width: c.width,
    align: c.align,
    sorter: c.sorter,
    fixed: c.fixed,
    render: (_: unknown, row: T, index: number) => c.render(row, index),
  }));
  return (
    <Table<T>
      data-testid={testId}
      size={size ?? 'middle'}
      columns={antColumns}
      dataSource={rows as T[] | undefined}
      rowKey={rowKey}
      locale={empty ? { emptyText: <Empty description={empty} /> } : undefined}
      loading={loading}
      scroll={{ x: 'max-content' }}
      summary={
        summaryRow && rows
          ? () => <SummaryRow columns={columns} row={summaryRow} index={rows.length} expandColumn={!!expandedRow} />
          : undefined
      }
      onRow={
        onRowClick
          ? (row) => {
              const onClick = clickOf(props, row);
              return onClick ? { onClick, style: { cursor: 'pointer' } } : {};
            }
          : undefined
      }
      // Rows are never trees: antd would otherwise read a `children` field (a run's child
      // count) as nested rows.
      expandable={expandedRow ? { expandedRowRender: expandedRow, rowExpandable, childrenColumnName: NO_TREE } : { childrenColumnName: NO_TREE }}
      pagination={
        paging
          ? {
              current: paging.page,
              pageSize: paging.pageSize,
              total: paging.total,
              showSizeChanger: true,
              showTotal: (n) => t(paging.totalIsLowerBound ? 'common.totalAtLeast' : 'common.total', { n }),
              onChange: paging.onChange,
            }
          : localPageSize
            ? { pageSize: localPageSize, showTotal: (n) => t('common.total', { n }), showSizeChanger: true }
            : false
      }
    />
  );
}

/** The 合计 row in the table's footer, cell for cell under the columns it sums. */
function SummaryRow<T>({ columns, row, index, expandColumn }: { columns: Column<T>[]; row: T; index: number; expandColumn: boolean }) {
  // An expandable table has its expand button column first, which the total has nothing for.
  const offset = expandColumn ? 1 : 0;
  return (
    <Table.Summary.Row>
      {expandColumn ? <Table.Summary.Cell index={0} /> : null}
      {columns.map((c, i) => (
        <Table.Summary.Cell key={c.key} index={i + offset} align={c.align}>
          {c.render(row, index)}
        </Table.Summary.Cell>
      ))}
    </Table.Summary.Row>
  );
}

function CardList<T>(props: Props<T>) {
  const { columns, rowKey, summaryRow, loading, cardTitle, expandedRow, rowExpandable, testId, localPageSize, empty } = props;
  const { t } = useI18n();
  const shown = columns.filter((c) => !c.hideOnCard && !c.cardDetail);
  const folded = columns.filter((c) => !c.hideOnCard && c.cardDetail);
  // Whole lists are paged here too: sixty cards in a row are too long a scroll on a phone.
  const [wantedPage, setLocalPage] = useState(1);
  const all = props.rows;
  // A narrower filter can leave the remembered page past the end.
  const localPage = localPageSize && all ? Math.min(wantedPage, Math.max(1, Math.ceil(all.length / localPageSize))) : 1;
  const paging: Paging | undefined =
    props.paging ??
    (localPageSize && all
      ? { page: localPage, pageSize: localPageSize, total: all.length, onChange: (p) => setLocalPage(p) }
      : undefined);
  const page = props.paging || !localPageSize ? all : all?.slice((localPage - 1) * localPageSize, localPage * localPageSize);
  // The total closes every page, as under the desktop table.
  const rows = summaryRow && page ? [...page, summaryRow] : page;
  return (
    <Spin spinning={!!loading}>
      <Flex vertical gap={8} data-testid={testId}>
        {page && page.length === 0 && !loading ? <Empty description={empty} /> : null}
        {rows?.map((row, index) => (
          <Card
            key={rowKey(row)}
            size="small"
            title={cardTitle ? cardTitle(row) : undefined}
            hoverable={!!clickOf(props, row)}
            onClick={clickOf(props, row)}
          >
            <CardFields columns={shown} row={row} index={index} />
            {folded.length > 0 || (expandedRow && (!rowExpandable || rowExpandable(row))) ? (
              <Collapse
                ghost
                size="small"
                items={[
                  {
                    key: 'more',
                    label: t('common.detail'),
                    children: (
                      <>
                        <CardFields columns={folded} row={row} index={index} />
                        {expandedRow && (!rowExpandable || rowExpandable(row)) ? expandedRow(row) : null}
                      </>
                    ),
                  },
                ]}
              />
            ) : null}
          </Card>
        ))}
        {paging && paging.total > 0 ? (
          <Flex justify="center" style={{ marginTop: 8 }}>
            <Pagination
              simple
              current={paging.page}
              pageSize={paging.pageSize}
              total={paging.total}
              onChange={paging.onChange}
            />
          </Flex>
        ) : null}
        {paging ? (
          <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
            {t(paging.totalIsLowerBound ? 'common.totalAtLeast' : 'common.total', { n: paging.total })}
          </Typography.Text>
        ) : null}
      </Flex>
    </Spin>
  );
}

function CardFields<T>({ columns, row, index }: { columns: Column<T>[]; row: T; index: number }) {
  if (columns.length === 0) return null;
  return (
    <dl style={{ margin: 0, display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: 12, rowGap: 4 }}>
      {columns.map((c) => {
        const value = c.render(row, index);
        // An empty field is noise on a small screen; the table keeps its column.
        return value === '' || value === null || value === undefined ? null : <CardField key={c.key} title={c.title} value={value} />;
      })}
    </dl>
  );
}

function CardField({ title, value }: { title: ReactNode; value: ReactNode }) {
  return (
    <>
      <dt style={{ color: 'rgba(0,0,0,0.45)', whiteSpace: 'nowrap' }}>{title}</dt>
      <dd style={{ margin: 0, minWidth: 0, overflowWrap: 'anywhere' }}>{value}</dd>
    </>
  );
}
