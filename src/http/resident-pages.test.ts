import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { formList, formText, html, raw, residentPage, residentPageRoutes, sendResidentPage } from './resident-pages.js';

describe('resident pages', () => {
  it('escapes what is interpolated, joins lists and leaves out nothing-values', () => {
    const name = '<script>alert("x")</script> & co';
    const page = html`<p title="${name}">${name}</p>${['a', html`<b>b</b>`]}${null}${false}${undefined}${3}`;
    expect(page.text).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</p>a<b>b</b>3',
    );
    expect(html`${raw('<svg></svg>')}`.text).toBe('<svg></svg>');
  });

  it('renders a whole page with the house stylesheet and an error summary linking to each field', () => {
    const page = residentPage({
      title: 'Vote in "Our Place"',
      body: html`<p>Hello</p>`,
      errors: [{ field: 'code', message: 'Enter the code printed on your card' }],
    }).text;
    expect(page).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(page).toContain('<title>Error: Vote in &quot;Our Place&quot; – Cairn</title>');
    expect(page).toContain('<a href="#code">Enter the code printed on your card</a>');
    expect(page).toContain('--focus: #ffdd00'); // the web UI's own stylesheet, inline
    expect(page).not.toContain('<script');
  });

  it('reads a posted HTML form, a repeated name as a list, and sends the page uncached', async () => {
    const app = Fastify();
    await residentPageRoutes(app, (pages) => {
      pages.post('/vote', async (req, reply) =>
        sendResidentPage(
          reply,
          html`${formText(req.body, 'code')}|${formList(req.body, 'project').join(',')}|${formList(req.body, 'none').length}`,
        ),
      );
    });
    const res = await app.inject({
      method: 'POST',
      url: '/vote',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'code=+AB12+&project=p1&project=p%202',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toBe('AB12|p1,p 2|0');
    await app.close();
  });
});
