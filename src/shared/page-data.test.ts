import { describe, expect, it } from 'vitest';
import { listApiPath, pageApiPaths } from './page-data.js';

const none = new URLSearchParams();

describe('the API answers a page asks for first', () => {
  it('the home page asks what to do next; a programme page its programme; the partnerships list its places and rows too', () => {
    expect(pageApiPaths('/', none)).toEqual(['/home']);
    expect(pageApiPaths('/programmes/pbsa/monitoring', none)).toEqual(['/programmes/pbsa']);
    expect(pageApiPaths('/programmes/pbsa/partnerships/', none)).toEqual([
      '/programmes/pbsa',
      '/programmes/pbsa/places?pageSize=200',
      '/programmes/pbsa/partnerships?page=1&pageSize=25',
    ]);
    expect(pageApiPaths('/programmes/pbsa/partnerships', new URLSearchParams('q=Grape vine&page=3&placeId=p-1'))[2]).toBe(
      '/programmes/pbsa/partnerships?q=Grape+vine&page=3&pageSize=25&placeId=p-1',
    );
  });

  it('asks for nothing on pages without a programme, the new-programme form, or an address it cannot read', () => {
    expect(pageApiPaths('/sign-in', none)).toEqual([]);
    expect(pageApiPaths('/programmes', none)).toEqual([]);
    expect(pageApiPaths('/programmes/new', none)).toEqual([]);
    expect(pageApiPaths('/programmes/%E0%A4%A', none)).toEqual([]);
    expect(pageApiPaths('/programmes/a b', none)).toEqual(['/programmes/a%20b']);
  });

  it('builds a list page’s path as the list asks for it: empty filters left out, page 1 at the least', () => {
    expect(listApiPath('/x/places', new URLSearchParams('page=0&placeId='), ['placeId'])).toBe('/x/places?page=1&pageSize=25');
  });
});
