import type { SessionUser } from '../../src-shared';
import { Inbox } from '../leads/Inbox';
import { TopBar } from './TopBar';

export function SignedInShell({ user }: { user: SessionUser }) {
  return (
    <div className="app-shell">
      <TopBar user={user} />
      <main className="app-main">
        <Inbox />
      </main>
    </div>
  );
}
