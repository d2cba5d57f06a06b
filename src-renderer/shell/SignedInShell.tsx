import { useState } from 'react';
import type { SessionUser } from '../../src-shared';
import { Inbox } from '../leads/Inbox';
import { LookupsProvider } from '../settings/lookups';
import { SettingsScreen } from '../settings/SettingsScreen';
import { TopBar, type Screen } from './TopBar';

export function SignedInShell({ user }: { user: SessionUser }) {
  const [screen, setScreen] = useState<Screen>('inbox');
  return (
    <LookupsProvider>
      <div className="app-shell">
        <TopBar user={user} screen={screen} onScreen={setScreen} />
        <main className="app-main">{screen === 'settings' && user.role === 'admin' ? <SettingsScreen /> : <Inbox me={user} />}</main>
      </div>
    </LookupsProvider>
  );
}
