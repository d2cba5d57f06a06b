import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HTTP } from '../src-shared';
import './i18n';
import { App } from './App';
import { NoticeProvider } from './shell/notices';
import './styles.css';

// Browser mode: the launch URL carries a one-time token that the service has already moved into a
// cookie; drop it from the address bar and history so it is not copied or bookmarked.
const url = new URL(window.location.href);
if (url.searchParams.has(HTTP.tokenQuery)) {
  url.searchParams.delete(HTTP.tokenQuery);
  window.history.replaceState(null, '', url.pathname + url.search + url.hash);
}

const root = document.getElementById('root');
if (!root) throw new Error('Lead Desk: #root element missing from index.html');

createRoot(root).render(
  <StrictMode>
    <NoticeProvider>
      <App />
    </NoticeProvider>
  </StrictMode>,
);
