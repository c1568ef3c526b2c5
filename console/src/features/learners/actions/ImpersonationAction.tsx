/**
 * Request an impersonation of this learner (reason, scope, minutes, ticket), then follow its approval state;
 * a banner shows while one is active. The session's token is shown once, as the API answers it.
 * (ImpersonationOut.status is typed with the ticket statuses by the generated schema: two server enums are both
 * named Status. The values are compared as strings.)
 */
import { Alert, Badge, Button, Code, CopyButton, Group, Modal, NumberInput, SegmentedControl, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';
import { $api, errorMessage, fieldErrors, type Schemas } from '@/lib/api';
import { useCan, useMe } from '@/lib/auth';
import { formatDateTime, t } from '@/lib/i18n';

type Scope = Schemas['ImpersonateIn']['scope'];
const STORE = 'console-impersonation:';

function remembered(learnerId: number): number | null {
  const raw = window.sessionStorage.getItem(STORE + learnerId);
  return raw && /^\d+$/.test(raw) ? Number(raw) : null;
}

function useRequested(learnerId: number) {
  const [id, setId] = useState<number | null>(() => remembered(learnerId));
  const detail = $api.useQuery(
    'get',
    '/api/users/impersonate/{session_id}',
    { params: { path: { session_id: id ?? 0 } } },
    {
      enabled: id !== null,
      refetchInterval: (q) => (q.state.data?.status === 'pending_approval' ? 5000 : false),
    },
  );
  const remember = (sessionId: number) => {
    window.sessionStorage.setItem(STORE + learnerId, String(sessionId));
    setId(sessionId);
  };
  return { detail, remember };
}

/** Shown on the profile while an impersonation of this learner is active. */
export function ImpersonationBanner({ learnerId }: { learnerId: number }): ReactNode {
  const can = useCan();
  const active = $api.useQuery(
    'get',
    '/api/users/impersonate/',
    { params: { query: { target: learnerId, active: true, limit: 5 } } },
    { enabled: can('impersonation.read'), refetchInterval: 30_000 },
  );
  const { detail } = useRequested(learnerId);
  const sessions = [...(active.data?.items ?? []), ...(detail.data ? [detail.data] : [])].filter((s) => s.status === 'active');
  const first = sessions[0];
  if (!first) return null;
  return (
    <Alert color="orange" variant="filled" role="status">
      {t('profile.impActive', { ends: formatDateTime(first.expires_at) })} ({first.impersonator.name || first.impersonator.username}, {String(first.scope)})
    </Alert>
  );
}

export function ImpersonationAction({ learnerId }: { learnerId: number }): ReactNode {
  const [opened, modal] = useDisclosure(false);
  const { data: me } = useMe();
  const { detail, remember } = useRequested(learnerId);
  const [reason, setReason] = useState('');
  const [scope, setScope] = useState<Scope>('read');
  const [minutes, setMinutes] = useState<number>(15);
  const [ticket, setTicket] = useState<number | ''>('');
  const [totp, setTotp] = useState('');
  const [token, setToken] = useState<string | null>(null);
  const request = $api.useMutation('post', '/api/users/impersonate/', {
    onSuccess: (r) => {
      remember(r.id);
      setToken(r.token);
      setReason('');
      setTotp('');
    },
  });
  const fields = request.error ? fieldErrors(request.error) : {};
  const state = detail.data?.status ?? null;

  return (
    <>
      <Button variant="default" onClick={modal.open}>
        {t('profile.impersonate')}
      </Button>
      {state ? (
        <Badge variant="light" color={state === 'active' ? 'orange' : state === 'pending_approval' ? 'yellow' : 'gray'} role="status">
          {t('profile.impState', { state: state.replace(/_/g, ' ') })}
        </Badge>
      ) : null}
      <Modal opened={opened} onClose={modal.close} title={t('profile.impersonate')}>
        {token ? (
          <Stack>
            <Text size="sm">{t('profile.impRequested')}</Text>
            {state ? <Text size="sm">{t('profile.impState', { state: state.replace(/_/g, ' ') })}</Text> : null}
            <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
              {token}
            </Code>
            <CopyButton value={token}>
              {({ copied, copy }) => (
                <Button variant="default" onClick={copy}>
                  {copied ? t('common.copied') : t('common.copy')}
                </Button>
              )}
            </CopyButton>
            <Button
              onClick={() => {
                setToken(null);
                modal.close();
              }}
            >
              {t('common.close')}
            </Button>
          </Stack>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              request.mutate({
                body: {
                  user_id: learnerId,
                  reason: reason.trim(),
                  scope,
                  minutes,
                  ...(ticket !== '' ? { ticket_id: ticket } : {}),
                  ...(totp.trim() ? { totp_code: totp.trim() } : {}),
                },
              });
            }}
          >
            <Stack>
              <Textarea
                label={t('common.reason')}
                description={t('profile.reasonRequired')}
                required
                minLength={15}
                maxLength={1000}
                autosize
                minRows={3}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                error={fields['reason']}
              />
              <div>
                <Text size="sm" fw={500} id="imp-scope">
                  {t('profile.impScope')}
                </Text>
                <SegmentedControl
                  aria-labelledby="imp-scope"
                  value={scope}
                  onChange={(v) => setScope(v as Scope)}
                  data={[
                    { value: 'read', label: 'read' },
                    { value: 'write', label: 'write' },
                  ]}
                />
              </div>
              <NumberInput label={t('profile.impMinutes')} min={1} max={60} value={minutes} onChange={(v) => setMinutes(typeof v === 'number' ? v : 15)} error={fields['minutes']} />
              <NumberInput label={t('profile.impTicket')} min={1} allowDecimal={false} value={ticket} onChange={(v) => setTicket(typeof v === 'number' ? v : '')} error={fields['ticket_id']} />
              {me?.mfa_enrolled ? (
                <TextInput label={t('auth.code')} autoComplete="one-time-code" inputMode="numeric" value={totp} onChange={(e) => setTotp(e.currentTarget.value)} error={fields['totp_code']} />
              ) : null}
              {request.error && Object.keys(fields).length === 0 ? (
                <Alert color="red" role="alert">
                  {errorMessage(request.error)}
                </Alert>
              ) : null}
              <Group>
                <Button type="submit" loading={request.isPending} disabled={reason.trim().length < 15}>
                  {t('profile.impersonate')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Modal>
    </>
  );
}
