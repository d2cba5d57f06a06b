import { useCallback, useEffect, useState } from 'react';
import { format } from 'date-fns';
import { useTranslation } from 'react-i18next';
import { ROLES, type AdminUser, type GrantRow, type Role, type SessionUser } from '../../src-shared';
import { onEvent, send } from '../api/client';
import { useDateLocale } from '../i18n/date-locale';
import { ErrorMessage } from '../shell/ErrorMessage';
import { Modal } from '../shell/Modal';
import { useNotify } from '../shell/notices';
import { useSubmit } from '../shell/useSubmit';

type Dialog = { kind: 'new' } | { kind: 'edit'; user: AdminUser } | { kind: 'grant'; user: AdminUser } | null;

/** Admin: the office's users, their roles and languages, and the unlink permission with its confirmation record. */
export function UsersScreen({ me }: { me: SessionUser }) {
  const { t } = useTranslation();
  const locale = useDateLocale();
  const notify = useNotify();
  const [users, setUsers] = useState<AdminUser[]>([]);
  const [grants, setGrants] = useState<GrantRow[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [dialog, setDialog] = useState<Dialog>(null);

  const load = useCallback(() => {
    Promise.all([send('users.list', {}), send('grants.list', {})]).then(([u, g]) => {
      setUsers(u);
      setGrants(g);
      setError(null);
    }, setError);
  }, []);
  useEffect(() => {
    load();
    return onEvent('lookups.changed', load);
  }, [load]);

  const revoke = async (grant: GrantRow) => {
    try {
      await send('grants.revoke', { id: grant.id });
      notify({ text: t('users.revoked', { name: grant.userName }) });
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section className="admin-screen" data-testid="users-screen">
      <div className="admin-header">
        <h1>{t('users.title')}</h1>
        <button type="button" className="btn btn-primary" onClick={() => setDialog({ kind: 'new' })} data-testid="user-new">
          {t('users.add')}
        </button>
      </div>
      {error ? <ErrorMessage error={error} onRetry={load} /> : null}
      <div className="card table-card">
        <table className="simple-table" data-testid="users-table">
          <thead>
            <tr>
              <th>{t('users.name')}</th>
              <th>{t('users.username')}</th>
              <th>{t('users.role')}</th>
              <th>{t('users.languages')}</th>
              <th>{t('users.email')}</th>
              <th>{t('users.state')}</th>
              <th>{t('users.permissions')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} className={u.active ? '' : 'inactive'} data-testid="user-row" data-username={u.username}>
                <td>
                  <strong>{u.displayName}</strong>
                </td>
                <td>{u.username}</td>
                <td>{t(`roles.${u.role}`)}</td>
                <td>{u.languages.join(', ').toUpperCase()}</td>
                <td>{u.email ?? '—'}</td>
                <td>{u.active ? t('users.active') : <span className="muted">{t('users.inactive')}</span>}</td>
                <td>
                  {u.permissions.map((p) => (
                    <span key={p} className="perm-badge">
                      {t(`permissions.${p}`)}
                    </span>
                  ))}
                </td>
                <td className="row-actions">
                  <button type="button" className="btn btn-small" onClick={() => setDialog({ kind: 'edit', user: u })} data-testid="user-edit">
                    {t('clients.edit')}
                  </button>
                  {u.active && !u.permissions.includes('lead.unlink') ? (
                    <button type="button" className="btn btn-small" onClick={() => setDialog({ kind: 'grant', user: u })} data-testid="user-grant">
                      {t('users.grantUnlink')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 className="section-gap">{t('users.grantsTitle')}</h2>
      <p className="muted">{t('users.grantsIntro')}</p>
      <div className="card table-card">
        <table className="simple-table" data-testid="grants-table">
          <thead>
            <tr>
              <th>{t('users.name')}</th>
              <th>{t('users.permission')}</th>
              <th>{t('users.confirmedBy')}</th>
              <th>{t('users.reference')}</th>
              <th>{t('users.granted')}</th>
              <th>{t('users.revokedAt')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {grants.length === 0 ? (
              <tr>
                <td colSpan={7} className="muted">
                  {t('users.noGrants')}
                </td>
              </tr>
            ) : null}
            {grants.map((g) => (
              <tr key={g.id} className={g.revokedAt ? 'inactive' : ''} data-testid="grant-row">
                <td>{g.userName}</td>
                <td>{t(`permissions.${g.permission}`)}</td>
                <td>
                  {g.confirmedByName} &lt;{g.confirmedByEmail}&gt;
                  <div className="muted small">{format(g.confirmedAt, 'PP', { locale })}</div>
                </td>
                <td>{g.reference ?? '—'}</td>
                <td>
                  {format(g.grantedAt, 'PPp', { locale })}
                  <div className="muted small">{g.grantedByName}</div>
                </td>
                <td>{g.revokedAt ? `${format(g.revokedAt, 'PPp', { locale })} · ${g.revokedByName ?? ''}` : '—'}</td>
                <td>
                  {g.revokedAt ? null : (
                    <button type="button" className="btn btn-small btn-danger-quiet" onClick={() => void revoke(g)} data-testid="grant-revoke">
                      {t('users.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {dialog?.kind === 'new' || dialog?.kind === 'edit' ? <UserDialog me={me} user={dialog.kind === 'edit' ? dialog.user : null} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'grant' ? <GrantDialog user={dialog.user} onClose={() => setDialog(null)} /> : null}
    </section>
  );
}

function UserDialog({ me, user, onClose }: { me: SessionUser; user: AdminUser | null; onClose: () => void }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const [username, setUsername] = useState(user?.username ?? '');
  const [displayName, setDisplayName] = useState(user?.displayName ?? '');
  const [email, setEmail] = useState(user?.email ?? '');
  const [role, setRole] = useState<Role>(user?.role ?? 'advisor');
  const [languages, setLanguages] = useState((user?.languages ?? ['pl']).join(', '));
  const [active, setActive] = useState(user?.active ?? true);
  const [password, setPassword] = useState('');
  const langs = languages
    .split(/[\s,]+/)
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean);
  const { pending, error, onSubmit } = useSubmit(async () => {
    if (!user) {
      await send('users.create', { username, displayName, email, role, languages: langs, password });
      notify({ text: t('users.created', { name: displayName }) });
      return;
    }
    await send('users.update', { id: user.id, displayName, email: email.trim() || null, role, languages: langs, active });
    if (password) await send('users.setPassword', { id: user.id, password });
    notify({ text: t('users.saved', { name: displayName }) });
  }, onClose);

  return (
    <Modal title={user ? t('users.editTitle', { name: user.displayName }) : t('users.add')} onClose={onClose} testId="user-dialog">
      <form className="modal-body" onSubmit={onSubmit}>
        <label className="field">
          <span className="field-label">{t('users.username')}</span>
          <input value={username} onChange={(e) => setUsername(e.target.value)} disabled={!!user} data-testid="user-username" data-autofocus />
        </label>
        <label className="field">
          <span className="field-label">{t('users.name')}</span>
          <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} data-testid="user-displayName" />
        </label>
        <label className="field">
          <span className="field-label">{t('users.email')}</span>
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} data-testid="user-email" />
        </label>
        <label className="field">
          <span className="field-label">{t('users.role')}</span>
          <select value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="user-role">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('users.languages')}</span>
          <input value={languages} onChange={(e) => setLanguages(e.target.value)} placeholder="pl, en, uk" data-testid="user-languages" />
          <span className="field-hint">{t('users.languagesHint')}</span>
        </label>
        <label className="field">
          <span className="field-label">{user ? t('users.newPassword') : t('users.password')}</span>
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" data-testid="user-password" />
          <span className="field-hint">{user ? t('users.newPasswordHint') : t('createAdmin.passwordHint')}</span>
        </label>
        {user && user.id !== me.id ? (
          <label className="choice-inline">
            <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} data-testid="user-active" /> {t('users.activeLabel')}
          </label>
        ) : null}
        {error ? <ErrorMessage error={error} testId="user-error" /> : null}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={pending} data-testid="user-save">
            {t('settings.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

const today = () => new Date().toISOString().slice(0, 10);

function GrantDialog({ user, onClose }: { user: AdminUser; onClose: () => void }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [date, setDate] = useState(today());
  const [reference, setReference] = useState('');
  const { pending, error, onSubmit } = useSubmit(async () => {
    const [y, m, d] = date.split('-').map(Number);
    const confirmedAt = date ? Math.min(Date.now(), new Date(y!, m! - 1, d!, 12).getTime()) : 0;
    await send('grants.grant', { userId: user.id, permission: 'lead.unlink', confirmedByName: name, confirmedByEmail: email, confirmedAt, reference });
    notify({ text: t('users.grantedNotice', { name: user.displayName }) });
  }, onClose);
  return (
    <Modal title={t('users.grantTitle', { name: user.displayName })} onClose={onClose} testId="grant-dialog">
      <form className="modal-body" onSubmit={onSubmit}>
        <p className="muted">{t('users.grantIntro')}</p>
        <label className="field">
          <span className="field-label">{t('users.confirmedByName')}</span>
          <input value={name} onChange={(e) => setName(e.target.value)} data-testid="grant-name" data-autofocus />
        </label>
        <label className="field">
          <span className="field-label">{t('users.confirmedByEmail')}</span>
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} data-testid="grant-email" />
        </label>
        <label className="field">
          <span className="field-label">{t('users.confirmedAt')}</span>
          <input type="date" value={date} max={today()} onChange={(e) => setDate(e.target.value)} data-testid="grant-date" />
        </label>
        <label className="field">
          <span className="field-label">{t('users.reference')}</span>
          <input value={reference} onChange={(e) => setReference(e.target.value)} placeholder={t('users.referencePlaceholder')} data-testid="grant-reference" />
        </label>
        {error ? <ErrorMessage error={error} testId="grant-error" /> : null}
        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={pending} data-testid="grant-save">
            {t('users.grant')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
