import type { ListAnswer, PartnershipRow, Place } from '../api/index.js';
import { useApi } from '../app/data.js';
import { ListView } from '../ui/list.js';
import { useProgramme } from '../app/programme-frame.js';
import { Link } from '../app/router.js';
import { ButtonLink, NotAllowed, Page } from '../ui/index.js';
import { RegistryDownloads } from './downloads.js';

export function PartnershipList() {
  const { programme, api, base, crumbs, abilities } = useProgramme();
  const places = useApi<ListAnswer<Place>>(`${api}/places?pageSize=200`);
  const placeOptions = places.state === 'ready' ? places.data.data.map((p) => ({ value: p.id, label: p.name })) : [];
  return (
    <Page title={`Partnerships – ${programme.name}`} heading="Partnerships" caption={programme.name} breadcrumbs={crumbs()}>
      {abilities.scope === 'partnership' && <p>You see the partnerships you are a member of.</p>}
      <ListView<PartnershipRow>
        api={`${api}/partnerships`}
        noun={['partnership', 'partnerships']}
        caption="Partnerships"
        filters={placeOptions.length ? [{ name: 'placeId', label: 'Place', options: placeOptions }] : []}
        columns={[
          { head: 'Partnership', cell: (p) => <Link href={`${base}/partnerships/${p.id}`}>{p.name}</Link> },
          { head: 'Place', cell: (p) => p.place?.name ?? '' },
          { head: 'Lead organisation', cell: (p) => p.leadOrganisation?.name ?? '' },
          { head: 'Members', cell: (p) => p.memberCount },
        ]}
        actions={(answer) =>
          answer?.abilities.create ? (
            <div className="button-group">
              <ButtonLink href={`${base}/partnerships/new`}>Add a partnership</ButtonLink>
              {abilities.manageRegistry && (
                <ButtonLink href={`${base}/import`} secondary>
                  Import from a spreadsheet
                </ButtonLink>
              )}
            </div>
          ) : answer ? (
            <NotAllowed>Only programme managers can add partnerships.</NotAllowed>
          ) : null
        }
      />
      {abilities.scope === 'programme' && <RegistryDownloads api={api} />}
    </Page>
  );
}
