import { Component, type ReactNode } from 'react';
import { Button, Result } from 'antd';
import { getLang, translate } from '../i18n';

interface State {
  error: Error | null;
}

// A render error in one page (or a chunk that failed to load after a redeploy) shows a
// reload prompt in place of that page instead of a blank screen.
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidUpdate(prev: { resetKey?: string }): void {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    const lang = getLang();
    return (
      <Result
        status="error"
        title={translate(lang, 'error.unexpected')}
        extra={<Button onClick={() => window.location.reload()}>{translate(lang, 'common.retry')}</Button>}
      />
    );
  }
}
