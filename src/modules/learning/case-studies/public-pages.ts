/**
 * Case studies published to the public, as resident pages (src/http/resident-pages.ts): anyone can read
 * them without an account, on an old phone, without JavaScript. Under /stories/<programme>/:
 * - /stories/<programme>: the programme's public case studies, newest first;
 * - /stories/<programme>/<id>: one case study, its five answers, themes, place and organisation, and up to
 *   five similar case studies among the public ones (scored as the exchange's "similar").
 * Only case studies that are published AND published to the public are ever shown, and never their
 * contact (it is not even read from the database here); email addresses and telephone numbers written in
 * the answers are replaced (src/http/contact-details.ts). Anything else answers the same "not found" page.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../../db/database.js';
import { withoutContactDetails } from '../../../http/contact-details.js';
import { html, residentPage, residentPageRoutes, sendResidentPage } from '../../../http/resident-pages.js';
import { places } from '../../places/schema.js';
import { programmes } from '../../programmes/schema.js';
import { CASE_STUDY_QUESTIONS } from '../domain/vocab.js';
import { similarity } from '../exchange/service.js';
import { caseStudies } from '../schema.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Only what a resident may read: never the contact, the partnership's drafts or anything unpublished. */
const publicColumns = {
  id: caseStudies.id,
  title: caseStudies.title,
  themes: caseStudies.themes,
  standards: caseStudies.standards,
  organisationName: caseStudies.organisationName,
  placeName: places.name,
  problem: caseStudies.problem,
  whatWeDid: caseStudies.whatWeDid,
  whatHelped: caseStudies.whatHelped,
  barriers: caseStudies.barriers,
  learning: caseStudies.learning,
  publishedAt: caseStudies.publishedAt,
};

const isPublic = and(eq(caseStudies.status, 'published'), eq(caseStudies.audience, 'public'));

function notFound() {
  return residentPage({
    title: 'Page not found',
    body: html`<p>There is no published case study at this address. It may have been taken down, or the address may be mistyped.</p>`,
  });
}

const longDate = (d: Date | null) =>
  d ? d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }) : '';

export async function caseStudyPublicPages(app: FastifyInstance, database: Database) {
  const { db } = database;
  const programmeOf = async (slug: string) => {
    if (slug.length > 60) return undefined;
    const [p] = await db
      .select({ id: programmes.id, name: programmes.name, slug: programmes.slug })
      .from(programmes)
      .where(eq(programmes.slug, slug));
    return p;
  };

  await residentPageRoutes(app, (pages) => {
    pages.get<{ Params: { programme: string } }>('/stories/:programme', { schema: { hide: true } }, async (req, reply) => {
      const programme = await programmeOf(req.params.programme);
      if (!programme) return sendResidentPage(reply, notFound(), 404);
      const rows = await db
        .select(publicColumns)
        .from(caseStudies)
        .leftJoin(places, eq(places.id, caseStudies.placeId))
        .where(and(eq(caseStudies.programmeId, programme.id), isPublic))
        .orderBy(desc(caseStudies.publishedAt), caseStudies.title)
        .limit(200);
      const body = rows.length
        ? html`<p>What partnerships in ${programme.name} did, what helped, what got in the way and what they are learning, in their own words.</p>
<ul class="plain-list">${rows.map(
            (r) =>
              html`<li><a href="/stories/${programme.slug}/${r.id}">${r.title}</a>${r.placeName || r.organisationName ? html` <span class="muted">${[r.organisationName, r.placeName].filter(Boolean).join(', ')}</span>` : ''}</li>`,
          )}</ul>`
        : html`<p>No case studies have been published yet.</p>`;
      return sendResidentPage(reply, residentPage({ title: 'Case studies', context: programme.name, body }));
    });

    pages.get<{ Params: { programme: string; id: string } }>('/stories/:programme/:id', { schema: { hide: true } }, async (req, reply) => {
      const programme = await programmeOf(req.params.programme);
      if (!programme || !UUID.test(req.params.id)) return sendResidentPage(reply, notFound(), 404);
      const [c] = await db
        .select(publicColumns)
        .from(caseStudies)
        .leftJoin(places, eq(places.id, caseStudies.placeId))
        .where(and(eq(caseStudies.id, req.params.id), eq(caseStudies.programmeId, programme.id), isPublic));
      if (!c) return sendResidentPage(reply, notFound(), 404);
      const { score, others } = similarity(c);
      const similar = await db
        .select({ id: caseStudies.id, title: caseStudies.title })
        .from(caseStudies)
        .where(and(eq(caseStudies.programmeId, programme.id), isPublic, others))
        .orderBy(desc(score), desc(caseStudies.publishedAt), caseStudies.id)
        .limit(5);
      const facts: [string, string][] = [
        ['Organisation', c.organisationName],
        ['Place', c.placeName ?? ''],
        ['Themes', c.themes.join(', ')],
        ['National Standards', c.standards.join(', ')],
        ['Published', longDate(c.publishedAt)],
      ];
      const body = html`<dl class="facts">${facts.filter(([, v]) => v).map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>
${CASE_STUDY_QUESTIONS.filter(({ field }) => c[field]).map(
  ({ field, question }) =>
    html`<h2>${question}</h2>${withoutContactDetails(c[field])
      .split(/\n+/)
      .map((p) => html`<p>${p}</p>`)}`,
)}
${
  similar.length
    ? html`<h2>Similar case studies</h2><ul class="plain-list">${similar.map((s) => html`<li><a href="/stories/${programme.slug}/${s.id}">${s.title}</a></li>`)}</ul>`
    : ''
}<p><a href="/stories/${programme.slug}">All case studies from ${programme.name}</a></p>`;
      return sendResidentPage(reply, residentPage({ title: c.title, context: programme.name, body }));
    });
  });
}
