import type { ReactNode } from 'react';
import { Flex } from 'antd';
import { useIsMobile } from './useIsMobile';

/** Filters in a wrapping row; stacked full width on a phone so every control is tappable. */
export function FilterBar({ children }: { children: ReactNode }) {
  const isMobile = useIsMobile();
  return (
    <Flex
      wrap
      vertical={isMobile}
      gap={8}
      style={{ marginBottom: 16 }}
      className={isMobile ? 'bx-filters bx-filters-stacked' : 'bx-filters'}
    >
      {children}
    </Flex>
  );
}
