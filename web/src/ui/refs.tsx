// Choosing a record that another record points at (a partnership's place, a grant's recipient).
// Lists up to 200 by name; a longer list gets a search box to narrow it first.
import { type KeyboardEvent, useId, useState } from 'react';
import { type ListAnswer, qs } from '../api/index.js';
import { useApi } from '../app/data.js';
import { type FormState, SelectField } from './forms.js';

const LIMIT = 200;

export function RefSelect<T extends { id: string }>(props: {
  form: FormState;
  name: string;
  label: string;
  hint?: string;
  /** API list path, e.g. /programmes/x/places */
  api: string;
  labelOf: (row: T) => string;
  defaultValue?: { id: string; label: string } | null;
  /** Words for "none chosen"; leave out when a choice is required. */
  empty?: string;
  onChange?: (value: string) => void;
}) {
  const [q, setQ] = useState('');
  const [typed, setTyped] = useState('');
  const loaded = useApi<ListAnswer<T>>(`${props.api}${qs({ pageSize: LIMIT, q })}`, { keepPrevious: true });
  const findId = useId();
  if (loaded.state === 'loading') return <p className="loading">Loading the choices for “{props.label}”…</p>;
  if (loaded.state === 'error')
    return (
      <p className="error-message">
        Cairn could not load the choices for “{props.label}”: {loaded.error.message}
      </p>
    );
  const { data, page } = loaded.data;
  const options = data.map((r) => ({ value: r.id, label: props.labelOf(r) }));
  if (props.defaultValue && !options.some((o) => o.value === props.defaultValue!.id)) {
    options.unshift({ value: props.defaultValue.id, label: props.defaultValue.label });
  }
  const narrow = page.total > LIMIT || q !== '';
  const find = () => setQ(typed.trim());
  const enter = (e: KeyboardEvent<HTMLInputElement>) => {
    // Enter here narrows the list; it must not send the whole form.
    if (e.key === 'Enter') {
      e.preventDefault();
      find();
    }
  };
  return (
    <>
      {narrow && (
        <div className="form-group find-group">
          <label className="label" htmlFor={findId}>
            Find {props.label.toLowerCase()} by name
          </label>
          <div className="hint" id={`${findId}-hint`}>
            There are {page.total} to choose from, so the list below shows at most {LIMIT}.
          </div>
          <input
            id={findId}
            className="input width-medium"
            type="search"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onKeyDown={enter}
            aria-describedby={`${findId}-hint`}
          />{' '}
          <button type="button" className="button secondary inline" onClick={find}>
            Find
          </button>
        </div>
      )}
      <SelectField
        key={q}
        form={props.form}
        name={props.name}
        label={props.label}
        hint={props.hint}
        options={options}
        empty={props.empty ?? (options.length ? undefined : 'Nothing to choose yet')}
        defaultValue={props.defaultValue?.id ?? ''}
        onChange={props.onChange}
      />
    </>
  );
}
