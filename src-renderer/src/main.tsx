// Renderer entry: mounts the app. It talks only to window.keyward.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './stores/lock';
import { exposeStoresForTests } from './stores/test-hook';
import './styles/app.css';

exposeStoresForTests();
const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
