import './styles/base.css';
import './styles/layout.css';
import './styles/chat.css';
import './styles/rooms.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './App';
import { Session } from './session/session';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App session={new Session()} />
  </StrictMode>,
);
