import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { App, startsAs } from './app/app.js';
import './styles.css';
import './ui/forms.css';
import './ui/components.css';

const root = document.getElementById('root')!;
const app = (
  <StrictMode>
    <App />
  </StrictMode>
);
// The page comes prerendered (web/src/prerender.tsx): the sign-in page, or for every other address the frame
// with "Loading the page…", so a slow phone shows it before this script arrives. React takes over that
// markup where its first render is the same; elsewhere (another public page) it starts afresh.
const made = root.dataset.prerendered;
if (made && startsAs(made, location.pathname, location.search)) hydrateRoot(root, app);
else {
  root.replaceChildren();
  createRoot(root).render(app);
}
