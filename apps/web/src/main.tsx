import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { createConsoleRuntime } from './runtime.js';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App runtime={createConsoleRuntime(window.sessionStorage)} />
  </StrictMode>,
);
