import { useState } from 'react';
import type { SessionUser } from '../../src-shared';
import { ClientCard } from '../clients/ClientCard';
import { ClientsScreen } from '../clients/ClientsScreen';
import { Inbox } from '../leads/Inbox';
import { LookupsProvider } from '../settings/lookups';
import { SettingsScreen } from '../settings/SettingsScreen';
import { NavigationContext, type Screen } from './navigation';
import { TopBar } from './TopBar';

export function SignedInShell({ user }: { user: SessionUser }) {
  const [screen, setScreen] = useState<Screen>({ kind: 'inbox' });
  let content;
  if (screen.kind === 'settings' && user.role === 'admin') content = <SettingsScreen />;
  else if (screen.kind === 'clients') content = <ClientsScreen />;
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
