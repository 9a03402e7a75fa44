// The app's entry, as a Vite React template has it: the consent module first, then the first render.
import './consent';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Privacy } from './Privacy';

createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <Privacy />
  </StrictMode>,
);
