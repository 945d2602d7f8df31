// Run at build time only (vite.config.ts, in Node): the sign-in page as HTML, so a phone on a slow connection
// shows it as soon as the HTML and the stylesheet arrive, before the JavaScript (web/src/main.tsx hydrates it).
// It renders the real App for the address, with no one signed in: public pages render without the session.
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { App } from './app/app.js';
import { renderingFor } from './app/router.js';

/** The markup of the page at `href` (a public page: nobody is signed in at build time). */
export function prerender(href: string): string {
  renderingFor(href);
  return renderToString(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
