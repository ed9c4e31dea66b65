import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { takeInvitationFromAddress } from './auth/invitation-link.js';
import { createConsoleRuntime } from './runtime.js';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

// Earlier consoles mirrored the access token here; tokens no longer touch Web Storage.
window.sessionStorage.removeItem('klerno.session');

const invitationToken = takeInvitationFromAddress(window.location, window.history);
const runtime = createConsoleRuntime(window.localStorage);
// Outside React, so StrictMode's double effects cannot present the refresh cookie twice.
void runtime.restoreSession();

createRoot(container).render(
  <StrictMode>
    <App runtime={runtime} invitationToken={invitationToken} />
  </StrictMode>,
);
