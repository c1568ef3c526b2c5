/** Forced MFA enrolment: a role that requires MFA signs in to a session that can only do this. */
import '@/app/screenStyles';
import { Alert, Button, Center, Code, List, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState, type ReactNode } from 'react';
import { errorMessage, fieldErrors, type Schemas } from '@/lib/api';
import { ME_KEY } from '@/lib/auth';
import { t } from '@/lib/i18n';
import { session } from '@/lib/session';
import { confirmEnrolment, startEnrolment } from './api';

export function EnrolPage(): ReactNode {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<Schemas['RecoveryCodesOut'] | null>(null);
  const start = useMutation({ mutationFn: startEnrolment });
  const confirm = useMutation({ mutationFn: confirmEnrolment, onSuccess: setCodes });
  const { mutate: begin } = start;
  useEffect(() => begin(), [begin]);

  if (codes) {
    return (
      <Center component="main" mih="100dvh" p="md">
        <Paper withBorder p="xl" w="100%" maw={480}>
          <Stack>
            <Title order={1} size="h3">
              {t('auth.recoveryCodesTitle')}
            </Title>
            <Text>{t('auth.recoveryCodesIntro')}</Text>
            <List aria-label={t('auth.recoveryCodesLabel')} listStyleType="none">
              {codes.recovery_codes.map((c) => (
                <List.Item key={c}>
                  <Code>{c}</Code>
                </List.Item>
              ))}
            </List>
            <Button
              onClick={async () => {
                session.signedIn();
                await queryClient.invalidateQueries({ queryKey: ME_KEY });
                await navigate({ to: '/', replace: true });
              }}
            >
              {t('auth.recoveryCodesDone')}
            </Button>
          </Stack>
        </Paper>
      </Center>
    );
  }

  const enrolment = start.data;
  const codeError = confirm.error ? (fieldErrors(confirm.error)['code'] ?? errorMessage(confirm.error)) : undefined;
  return (
    <Center component="main" mih="100dvh" p="md">
      <Paper withBorder p="xl" w="100%" maw={480}>
        <Stack>
          <Title order={1} size="h3">
            {t('auth.enrolTitle')}
          </Title>
          <Text>{t('auth.enrolIntro')}</Text>
          {start.error ? (
            <Alert color="red" role="alert">
              {errorMessage(start.error)}
            </Alert>
          ) : null}
          {enrolment ? (
            <>
              <div
                role="img"
                aria-label={t('auth.enrolQr')}
                style={{ maxWidth: 220, background: 'white', padding: 8 }}
                // The server renders the QR code as an SVG element (no script in it); an <img> data: URL
                // would need img-src data: in the CSP.
                dangerouslySetInnerHTML={{ __html: enrolment.qr_svg }}
              />
              <Text size="sm">
                {t('auth.enrolSecret')}: <Code>{enrolment.secret}</Code>
              </Text>
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  confirm.mutate(code.replace(/\s/g, ''));
                }}
              >
                <Stack>
                  <TextInput
                    label={t('auth.code')}
                    autoComplete="one-time-code"
                    inputMode="numeric"
                    required
                    value={code}
                    onChange={(e) => setCode(e.currentTarget.value)}
                    error={codeError}
                  />
                  <Button type="submit" loading={confirm.isPending}>
                    {t('auth.enrolConfirm')}
                  </Button>
                </Stack>
              </form>
            </>
          ) : null}
        </Stack>
      </Paper>
    </Center>
  );
}
