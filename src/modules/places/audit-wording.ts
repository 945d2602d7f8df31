// What a place's audit rows say, in words (see audit/wording.ts): each field's label, and how a place is named.
import { lookupNames } from '../audit/names.js';
import type { EntityWording } from '../audit/wording.js';
import { places } from './schema.js';

export const placeWording: EntityWording = {
  entityType: 'place',
  noun: 'Place',
  self: 'place',
  fields: {
    id: { label: 'Place', ref: 'place' },
    name: 'Name',
    nation: 'Nation',
    region: 'Region',
    localAuthority: 'Local authority',
    areaCode: 'Area code',
    deprivationIndex: 'Deprivation index',
    deprivationDecile: 'Deprivation decile (1 = most deprived)',
    createdAt: 'Added on',
  },
};

export const placeWordings = [placeWording];
export const placeNames = { place: lookupNames(places, places.id, places.name) };
