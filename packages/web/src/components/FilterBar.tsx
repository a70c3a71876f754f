import { Children, useState, type ReactNode } from 'react';
import { Badge, Button, Flex } from 'antd';
import { FilterOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';
import { useIsMobile } from './useIsMobile';

interface Props {
  children: ReactNode;
  /** How many filters beyond the first are set; shown on the phone toggle so none is forgotten. */
  activeCount?: number;
  /** Always visible, after the filters (an export button). */
  extra?: ReactNode;
}

/**
 * Filters in a wrapping row. On a phone the first control (the search box) stays in view
 * and the others fold behind a "筛选" button, stacked full width when opened: four stacked
 * selects would otherwise push the list below the first screen.
 */
export function FilterBar({ children, activeCount = 0, extra }: Props) {
  const { t } = useI18n();
  const isMobile = useIsMobile();
  const [open, setOpen] = useState(false);
  const items = Children.toArray(children);

  if (!isMobile || items.length <= 2) {
    return (
      <Flex wrap vertical={isMobile} gap={8} style={{ marginBottom: 16 }} className={isMobile ? 'bx-filters-stacked' : undefined}>
        {children}
        {extra}
      </Flex>
    );
  }

  const [first, ...rest] = items;
  return (
    <Flex vertical gap={8} style={{ marginBottom: 12 }}>
      <Flex gap={8} className="bx-filters-first">
        {first}
        <Badge count={activeCount} size="small">
          <Button icon={<FilterOutlined />} onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="filters-toggle">
            {t('common.filters')}
          </Button>
        </Badge>
      </Flex>
      {open ? (
        <Flex vertical gap={8} className="bx-filters-stacked">
          {rest}
        </Flex>
      ) : null}
      {extra ? <Flex justify="flex-end">{extra}</Flex> : null}
    </Flex>
  );
}
