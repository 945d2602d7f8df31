// A long table cut short: the first rows, then how many more there are. A 20,000-row file would otherwise
// make a page no phone can hold (the spreadsheet imports' previews and problem lists).
import type { ReactNode } from 'react';
import { Table } from './index.js';

export function CappedTable<T>(props: {
  rows: T[];
  /** The most rows shown. */
  limit: number;
  caption: string;
  captionHidden?: boolean;
  head: ReactNode[];
  /** One row of the table, a <tr> with its key. */
  row: (r: T, i: number) => ReactNode;
  /** The sentence under the table when rows are left out, given how many. */
  more: (n: number) => ReactNode;
}) {
  const { rows, limit } = props;
  return (
    <>
      <Table caption={props.caption} captionHidden={props.captionHidden} head={props.head}>
        {rows.slice(0, limit).map(props.row)}
      </Table>
      {rows.length > limit && <p>{props.more(rows.length - limit)}</p>}
    </>
  );
}
