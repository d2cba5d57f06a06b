import { useState } from 'react';
import { can, type SessionUser } from '../../src-shared';
import { AuditScreen } from '../audit/AuditScreen';
import { ReportsScreen } from '../reports/ReportsScreen';
import { MyDayScreen } from '../activities/MyDayScreen';
import { useDueReminders } from '../activities/useDueReminders';
import { UsersScreen } from '../users/UsersScreen';
import { ClientCard } from '../clients/ClientCard';
import { ClientsScreen } from '../clients/ClientsScreen';
import { Inbox } from '../leads/Inbox';
import { LookupsProvider } from '../settings/lookups';
import { SettingsScreen } from '../settings/SettingsScreen';
import { NavigationContext, type Screen } from './navigation';
import { TopBar } from './TopBar';

export function SignedInShell({ user }: { user: SessionUser }) {
  const [screen, setScreen] = useState<Screen>({ kind: 'inbox' });
  useDueReminders(true);
  let content;
  if (screen.kind === 'settings' && can(user, 'settings.manage')) content = <SettingsScreen />;
  else if (screen.kind === 'users' && can(user, 'users.manage')) content = <UsersScreen me={user} />;
  else if (screen.kind === 'audit' && can(user, 'audit.view')) content = <AuditScreen />;
  else if (screen.kind === 'reports' && can(user, 'reports.view')) content = <ReportsScreen me={user} />;
  else if (screen.kind === 'clients') content = <ClientsScreen />;
  else if (screen.kind === 'myday') content = <MyDayScreen />;
  else if (screen.kind === 'client') content = <ClientCard key={screen.id} id={screen.id} me={user} />;
  else content = <Inbox me={user} />;
  return (
    <LookupsProvider>
      <NavigationContext.Provider value={setScreen}>
        <div className="app-shell">
          <TopBar user={user} screen={screen} />
          <main className="app-main">{content}</main>
        </div>
      </NavigationContext.Provider>
    </LookupsProvider>
  );
}
