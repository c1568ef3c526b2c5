import { Alert, Button, Code, Group, Stack, Text, Title } from '@mantine/core';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { errorMessage } from '@/lib/api';
import { t } from '@/lib/i18n';

/** What a failed screen shows instead of a blank page; the shell around it keeps working. */
export function ScreenError({ error, reset }: { error: unknown; reset?: () => void }): ReactNode {
  return (
    <Alert color="red" variant="light" title={<Title order={2} size="h4">{t('boundary.title')}</Title>} role="alert">
      <Stack gap="sm">
        <Text>{t('boundary.body')}</Text>
        <Text size="sm">{errorMessage(error)}</Text>
        {error instanceof Error && error.stack ? (
          <details>
            <summary>{t('boundary.details')}</summary>
            <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
              {error.stack}
            </Code>
          </details>
        ) : null}
        {reset ? (
          <Group>
            <Button onClick={reset}>{t('common.retry')}</Button>
          </Group>
        ) : null}
      </Stack>
    </Alert>
  );
}

type Props = { children: ReactNode; resetKey?: string };
type State = { error: unknown; key: string | undefined };

/** An error boundary around each screen: a render error shows ScreenError, and navigating away resets it. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('Screen failed', error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error) return <ScreenError error={this.state.error} reset={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}
