/** /console/bulk/new: pick the operation, who, its parameters; a dry run (counts and row errors); then start it.
 * The operation and the people handed over by the learner search are in the URL; the rest is this page's state. */
import '@/app/screenStyles';
import { Alert, Button, Group, Paper, Radio, Stack, Stepper, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useRegisterActions, type PaletteAction } from '@/app/palette';
import { errorMessage } from '@/lib/api';
import { t, type MessageKey } from '@/lib/i18n';
import { startImport, startJson, useOperation } from '../api/bulk';
import { buildRequest, DEFAULT_PARAMS, type Params, type Subjects } from '../model/request';
import { FINISHED, parseFilter, parseIds, TYPES, validateWizardSearch, type Operation, type OperationType } from '../model/search';
import { OperationView } from './OperationPage';
import { ParamsStep } from './ParamsStep';
import { SubjectsStep } from './SubjectsStep';
import { typeLabel } from './parts';

const route = getRouteApi('/app/bulk/new');
const SAFETY_POLL_MS = 5000;

/** What still blocks the step after `step`, as a message key, or null. */
function blocker(type: OperationType, step: number, s: Subjects, p: Params, file: File | null): MessageKey | null {
  if (step >= 1 && type === 'import_users' && !file) return 'bulk.missing.file';
  if (type === 'import_users') return null;
  const built = buildRequest(type, s, p, true);
  if (!('missing' in built)) return null;
  if (built.missing === 'subjects') return step >= 1 ? 'bulk.missing.subjects' : null;
  return step >= 2 ? (`bulk.missing.${built.missing}` as MessageKey) : null;
}

async function start(type: OperationType, s: Subjects, p: Params, file: File | null, dryRun: boolean): Promise<Operation> {
  if (type === 'import_users') return startImport(file as File, p.mode, dryRun);
  const built = buildRequest(type, s, p, dryRun);
  if ('missing' in built) throw new Error(t(`bulk.missing.${built.missing}` as MessageKey));
  return startJson(built.body);
}

function DryRun({ id, onFinished }: { id: number; onFinished: (ok: boolean) => void }): ReactNode {
  const [done, setDone] = useState(false);
  const op = useOperation(id, done ? false : SAFETY_POLL_MS).data;
  useEffect(() => {
    if (!op) return;
    const finished = FINISHED.includes(op.status);
    setDone(finished);
    onFinished(finished && op.status === 'completed');
  }, [op, onFinished]);
  return op ? <OperationView op={op} heading={2} /> : null;
}

export function WizardPage(): ReactNode {
  const search = validateWizardSearch(route.useSearch());
  const navigate = route.useNavigate();
  const go = useNavigate();
  const phone = useMediaQuery('(max-width: 600px)') ?? false;
  const type: OperationType = search.op ?? (search.ids || search.filter ? 'notify' : 'import_users');
  const subjects = useMemo<Subjects>(() => ({ ids: parseIds(search.ids), filters: parseFilter(search.filter) }), [search.ids, search.filter]);
  const [step, setStep] = useState(0);
  const [params, setParams] = useState<Params>(DEFAULT_PARAMS);
  const [file, setFile] = useState<File | null>(null);
  const [dryRunId, setDryRunId] = useState<number | null>(null);
  const [dryRunOk, setDryRunOk] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [tried, setTried] = useState(false);
  useEffect(() => {
    document.title = `${t('bulk.wizard.title')} · ${t('app.name')}`;
  }, []);
  const reset = () => (setDryRunId(null), setDryRunOk(false), setError(null));
  const blocked = blocker(type, step, subjects, params, file);
  const goTo = (next: number) => {
    reset();
    setTried(false);
    setStep(next);
  };
  const forward = () => {
    setTried(true);
    if (!blocked) goTo(step + 1);
  };
  const run = async (dryRun: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const op = await start(type, subjects, params, file, dryRun);
      if (dryRun) setDryRunId(op.operation_id);
      else void go({ to: '/bulk/$id', params: { id: op.operation_id } });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const actions = useMemo<PaletteAction[]>(
    () => TYPES.map((k) => ({ id: `bulk.new.${k}`, label: `${t('bulk.new')}: ${typeLabel(k)}`, run: () => (goTo(1), void navigate({ search: (prev) => ({ ...prev, op: k }), replace: true })) })),
    [navigate],
  );
  useRegisterActions(actions);

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('bulk.wizard.title')}
      </Title>
      <Stepper active={step} onStepClick={(s) => s < step && goTo(s)} orientation={phone ? 'vertical' : 'horizontal'} size="sm" aria-label={t('bulk.wizard.steps')}>
        <Stepper.Step label={t('bulk.step.kind')} description={typeLabel(type)}>
          <Radio.Group
            label={t('bulk.chooseKind')}
            value={type}
            onChange={(v) => void navigate({ search: (prev) => ({ ...prev, op: v as OperationType }), replace: true })}
          >
            <Stack gap="xs" mt="xs">
              {TYPES.map((k) => (
                <Radio key={k} value={k} label={typeLabel(k)} description={t(`bulk.typeHint.${k}` as MessageKey)} />
              ))}
            </Stack>
          </Radio.Group>
        </Stepper.Step>
        <Stepper.Step label={t('bulk.step.subjects')}>
          <SubjectsStep type={type} subjects={subjects} file={file} onFile={setFile} />
        </Stepper.Step>
        <Stepper.Step label={t('bulk.step.params')}>
          <ParamsStep type={type} params={params} patch={(p) => setParams((prev) => ({ ...prev, ...p }))} />
        </Stepper.Step>
        <Stepper.Step label={t('bulk.step.dryRun')}>
          <Stack gap="sm">
            <Text>{t('bulk.dryRun.intro')}</Text>
            {dryRunId === null ? (
              <Group>
                <Button onClick={() => void run(true)} loading={busy}>
                  {t('bulk.dryRun.run')}
                </Button>
              </Group>
            ) : (
              <Paper withBorder p="sm">
                <DryRun key={dryRunId} id={dryRunId} onFinished={setDryRunOk} />
              </Paper>
            )}
            {dryRunId !== null ? (
              <Stack gap="xs" align="flex-start">
                <Text size="sm" c="dimmed">
                  {t('bulk.submitHint')}
                </Text>
                <Group gap="sm" wrap="wrap">
                  <Button onClick={() => void run(false)} loading={busy} disabled={!dryRunOk}>
                    {t('bulk.submit')}
                  </Button>
                  <Button variant="default" onClick={() => goTo(2)}>
                    {t('bulk.dryRun.again')}
                  </Button>
                </Group>
              </Stack>
            ) : null}
          </Stack>
        </Stepper.Step>
      </Stepper>
      {error ? (
        <Alert color="red" role="alert">
          {errorMessage(error)}
        </Alert>
      ) : null}
      {tried && blocked ? (
        <Alert color="orange" role="alert">
          {t(blocked)}
        </Alert>
      ) : null}
      <Group justify="space-between">
        <Button variant="default" onClick={() => goTo(step - 1)} disabled={step === 0}>
          {t('bulk.back')}
        </Button>
        {step < 3 ? <Button onClick={forward}>{t('bulk.next')}</Button> : null}
      </Group>
    </Stack>
  );
}
