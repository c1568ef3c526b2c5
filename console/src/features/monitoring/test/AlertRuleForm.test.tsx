import { screen } from '@testing-library/react';
import userEventLib from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { renderWithProviders } from '@/test/render';

import type { AlertRule } from '../api/alerts';
import { AlertRuleForm } from '../components/AlertRuleForm';
import { ruleErrors, toBody } from '../model/rules';

const userEvent = userEventLib.setup({ delay: null });
const rule: AlertRule = {
  rule: 'users_affected',
  enabled: true,
  thresholds: { users: 10, users_minutes: 60 },
  recipients: ['ops@example.com'],
  channels: ['email'],
  webhook_url: null,
  quiet_from: null,
  quiet_until: null,
  edited: false,
  updated_at: null,
  updated_by: null,
};
const refused = {
  error: {
    code: 'validation_error',
    message: 'This alert rule does not hold together.',
    details: {
      fields: [
        { loc: ['body', 'thresholds', 'users'], msg: 'a number above 0 and at most 1000000', type: 'value_error' },
        { loc: ['body', 'recipients', '0'], msg: 'an e-mail address', type: 'value_error' },
      ],
    },
  },
};

describe('AlertRuleForm', () => {
  it('sends the rule as the API takes it', async () => {
    const onSubmit = vi.fn();
    renderWithProviders(<AlertRuleForm rule={rule} pending={false} error={null} saved={false} onSubmit={onSubmit} />);
    const users = screen.getByLabelText('users');
    await userEvent.clear(users);
    await userEvent.type(users, '3');
    await userEvent.click(screen.getByLabelText('Webhook (Slack-compatible)'));
    await userEvent.type(screen.getByLabelText('Webhook URL'), 'https://hooks.example.com/x');
    await userEvent.type(screen.getByLabelText('Quiet from (hour, UTC)'), '22');
    await userEvent.type(screen.getByLabelText('Quiet until (hour, UTC)'), '6');
    await userEvent.click(screen.getByRole('button', { name: 'Save rule' }));
    expect(onSubmit).toHaveBeenCalledWith({
      enabled: true,
      thresholds: { users: 3, users_minutes: 60 },
      recipients: ['ops@example.com'],
      channels: ['email', 'webhook'],
      webhook_url: 'https://hooks.example.com/x',
      quiet_from: 22,
      quiet_until: 6,
    });
  });

  it('shows the API’s field errors beside their fields', () => {
    renderWithProviders(<AlertRuleForm rule={rule} pending={false} error={refused} saved={false} onSubmit={() => undefined} />);
    expect(screen.getByLabelText('users')).toHaveAccessibleDescription(/a number above 0/);
    expect(screen.getByLabelText('Recipients')).toHaveAccessibleDescription(/an e-mail address/);
    expect(screen.getByRole('alert')).toHaveTextContent('This alert rule does not hold together.');
  });

  it('maps nested locations to form fields and splits recipients', () => {
    expect(ruleErrors(refused)).toEqual({ 'thresholds.users': 'a number above 0 and at most 1000000', recipients: 'an e-mail address' });
    const body = toBody({ enabled: false, thresholds: {}, recipients: 'a@x.io,  b@x.io\nc@x.io', email: true, webhook: false, webhook_url: ' ', quiet_from: '', quiet_until: '' });
    expect(body.recipients).toEqual(['a@x.io', 'b@x.io', 'c@x.io']);
    expect([body.webhook_url, body.quiet_from, body.channels]).toEqual([null, null, ['email']]);
  });
});
