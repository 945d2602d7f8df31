// Links to the registry's spreadsheets: the import's template and the registry as Cairn holds it.

/** The import's template, and the registry as it is (which the import reads back), to download. */
export function RegistryDownloads({ api, template }: { api: string; template?: boolean }) {
  return (
    <section aria-labelledby="registry-downloads">
      <h2 id="registry-downloads">{template ? 'Start from a template' : 'Download the registry'}</h2>
      <ul className="list">
        {template && (
          <li>
            Import template:{' '}
            <a href={`/api/v1${api}/registry-import/template.xlsx`} download>
              Excel (.xlsx, with notes on each column)
            </a>{' '}
            or{' '}
            <a href={`/api/v1${api}/registry-import/template.csv`} download>
              CSV
            </a>
          </li>
        )}
        <li>
          {template ? 'Or start from what Cairn holds: ' : 'Partnerships, places, organisations and projects: '}
          <a href={`/api/v1${api}/registry-export.xlsx`} download>
            Excel (.xlsx)
          </a>
          {template ? ' or ' : ', or as CSV: '}
          <a href={`/api/v1${api}/registry-export.csv`} download>
            {template ? 'CSV' : 'partnerships'}
          </a>
          {!template && (
            <>
              ,{' '}
              <a href={`/api/v1${api}/registry-export.csv?records=places`} download>
                places
              </a>
              ,{' '}
              <a href={`/api/v1${api}/registry-export.csv?records=organisations`} download>
                organisations
              </a>
              ,{' '}
              <a href={`/api/v1${api}/registry-export.csv?records=projects`} download>
                projects
              </a>
            </>
          )}
        </li>
      </ul>
      <p className="hint">The partnerships sheet has the import’s columns: change it and import it again to add partnerships.</p>
    </section>
  );
}
