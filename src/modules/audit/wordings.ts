// Every audited entity's wording and every kind of record's name look-up, gathered from the modules
// (each keeps its own beside its audit shapes, in <module>/audit-wording.ts).
import { accountNames, accountWordings } from '../accounts/audit-wording.js';
import { engagementNames, engagementWordings } from '../engagement/audit-wording.js';
import { evaluationNames, evaluationWordings } from '../evaluation/audit-wording.js';
import { grantNames, grantWordings } from '../grants/audit-wording.js';
import { learningNames, learningWordings } from '../learning/audit-wording.js';
import { monitoringNames, monitoringWordings } from '../monitoring/audit-wording.js';
import { participationNames, participationWordings } from '../participation/audit-wording.js';
import { organisationNames, organisationWordings } from '../organisations/audit-wording.js';
import { pbNames, pbWordings } from '../participation/pb/audit-wording.js';
import { partnershipNames, partnershipWordings } from '../partnerships/audit-wording.js';
import { placeNames, placeWordings } from '../places/audit-wording.js';
import { programmeNames, programmeWordings } from '../programmes/audit-wording.js';
import { projectNames, projectWordings } from '../projects/audit-wording.js';
import { supportNames, supportWordings } from '../support/audit-wording.js';
import { brokerageNames, brokerageWordings } from '../support/brokerage/audit-wording.js';
import { planNames, planWordings } from '../support/plans/audit-wording.js';
import { theoryOfChangeNames, theoryOfChangeWordings } from '../theory-of-change/audit-wording.js';
import type { NameLookup } from './names.js';
import type { EntityWording, RefKind } from './wording.js';

export const ENTITY_WORDINGS: readonly EntityWording[] = [
  ...programmeWordings,
  ...placeWordings,
  ...organisationWordings,
  ...partnershipWordings,
  ...projectWordings,
  ...grantWordings,
  ...accountWordings,
  ...monitoringWordings,
  ...evaluationWordings,
  ...engagementWordings,
  ...supportWordings,
  ...planWordings,
  ...brokerageWordings,
  ...theoryOfChangeWordings,
  ...participationWordings,
  ...pbWordings,
  ...learningWordings,
];

const byType = new Map(ENTITY_WORDINGS.map((w) => [w.entityType, w]));
export const wordingOf = (entityType: string): EntityWording | undefined => byType.get(entityType);

export const NAME_LOOKUPS: Readonly<Record<RefKind, NameLookup>> = {
  ...programmeNames,
  ...placeNames,
  ...organisationNames,
  ...partnershipNames,
  ...projectNames,
  ...grantNames,
  ...accountNames,
  ...monitoringNames,
  ...evaluationNames,
  ...engagementNames,
  ...supportNames,
  ...planNames,
  ...brokerageNames,
  ...theoryOfChangeNames,
  ...participationNames,
  ...pbNames,
  ...learningNames,
};
