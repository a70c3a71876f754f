import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Card, Col, Empty, Input, Row, Skeleton, Tree, type TreeDataNode } from 'antd';
import type { RegionNode } from '@baoxue/shared';
import { useI18n } from '../../i18n';
import { PageTitle } from '../../components/PageTitle';
import { QueryError } from '../../components/QueryError';
import { useIsMobile } from '../../components/useIsMobile';
import { useRegionTree } from './regions.api';
import { RegionDetailPanel } from './RegionDetailPanel';

/** The nodes whose name matches, with their ancestors so the match stays reachable. */
function filterTree(nodes: readonly RegionNode[], q: string): RegionNode[] {
  const out: RegionNode[] = [];
  for (const n of nodes) {
    const children = filterTree(n.children, q);
    if (n.name.includes(q) || n.code.startsWith(q) || children.length > 0) out.push({ ...n, children: n.name.includes(q) ? n.children : children });
  }
  return out;
}

function toTreeData(nodes: readonly RegionNode[]): TreeDataNode[] {
  return nodes.map((n) => ({
    key: n.code,
    title: n.name,
    isLeaf: n.children.length === 0,
    children: toTreeData(n.children),
  }));
}

function ancestorsOf(nodes: readonly RegionNode[], code: string, path: string[] = []): string[] | null {
  for (const n of nodes) {
    if (n.code === code) return path;
    const found = ancestorsOf(n.children, code, [...path, n.code]);
    if (found) return found;
  }
  return null;
}

export default function RegionsPage() {
  const { t } = useI18n();
  const { code } = useParams();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const tree = useRegionTree();
  const [q, setQ] = useState('');
  const [expanded, setExpanded] = useState<string[] | null>(null);

  const nodes = useMemo(() => {
    const all = tree.data ?? [];
    return q.trim() ? filterTree(all, q.trim()) : all;
  }, [tree.data, q]);
  const treeData = useMemo(() => toTreeData(nodes), [nodes]);

  // By default the roots are open and so is the path to the selected region.
  const defaultExpanded = useMemo(() => {
    const roots = (tree.data ?? []).map((n) => n.code);
    const path = code && tree.data ? (ancestorsOf(tree.data, code) ?? []) : [];
    return [...new Set([...roots, ...path])];
  }, [tree.data, code]);
  // While searching every match is shown opened.
  const expandedKeys = q.trim() ? nodes.flatMap(function keys(n): string[] { return [n.code, ...n.children.flatMap(keys)]; }) : (expanded ?? defaultExpanded);

  return (
    <>
      <PageTitle title={t('regions.title')} />
      {tree.isError ? <QueryError error={tree.error} onRetry={() => void tree.refetch()} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={10} lg={8}>
          <Card size="small" title={t('regions.tree')}>
            <Input.Search allowClear placeholder={t('regions.search')} onChange={(e) => setQ(e.target.value)} style={{ marginBottom: 8 }} data-testid="region-search" />
            {tree.isPending ? (
              <Skeleton active />
            ) : treeData.length === 0 ? (
              <Empty />
            ) : (
              <Tree
                data-testid="region-tree"
                treeData={treeData}
                height={isMobile ? 320 : 560}
                selectedKeys={code ? [code] : []}
                expandedKeys={expandedKeys}
                onExpand={(keys) => setExpanded(keys.map(String))}
                onSelect={(keys) => {
                  const key = keys[0];
                  if (key !== undefined) void navigate(`/regions/${String(key)}`);
                }}
                blockNode
              />
            )}
          </Card>
        </Col>
        <Col xs={24} md={14} lg={16}>
          {code ? <RegionDetailPanel code={code} /> : (
            <Card size="small">
              <Empty description={t('regions.selectHint')} />
            </Card>
          )}
        </Col>
      </Row>
    </>
  );
}
