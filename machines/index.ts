/**
 * Every process chart of a student case (processes.md §3), in one registry. The workflow,
 * the router, simulate and the diagrams read this list. A chart's previous version stays
 * listed next to the new one until running cases have been migrated (machines/registry.ts).
 */
import { definition as annualReview } from './annual-review';
import { definition as behavioralEmergency } from './behavioral-emergency';
import { definition as consentRequest } from './consent-request';
import { definition as countyProgramReferral } from './county-program-referral';
import { definition as discipline } from './discipline';
import { definition as dueProcess } from './due-process';
import { definition as earlyStart } from './early-start';
import { definition as exit } from './exit';
import { definition as expeditedHearing } from './expedited-hearing';
import { definition as iaes } from './iaes';
import { definition as iee } from './iee';
import { definition as iepAmendment } from './iep-amendment';
import { definition as iepMeeting } from './iep-meeting';
import { definition as initialEvaluation } from './initial-evaluation';
import { definition as mediation } from './mediation';
import { definition as npsPlacement } from './nps-placement';
import { definition as parentRequestedMeeting } from './parent-requested-meeting';
import { definition as privateSchool } from './private-school';
import { definition as reassessment } from './reassessment';
import { definition as recordsAccess } from './records-access';
import { definition as recordsAmendment } from './records-amendment';
import { definition as recordsForward } from './records-forward';
import { definition as revocationOfServices } from './revocation-of-services';
import { definition as scia } from './scia';
import { definition as secondaryTransition } from './secondary-transition-and-majority';
import { definition as surrogateParent } from './surrogate-parent';
import { definition as transferIn } from './transfer-in';
import type { ProcessDefinition } from './contract';
import { createRegistry } from './registry';

export const chartDefinitions: ProcessDefinition[] = [
  initialEvaluation,
  consentRequest,
  iepMeeting,
  annualReview,
  reassessment,
  parentRequestedMeeting,
  iepAmendment,
  revocationOfServices,
  earlyStart,
  transferIn,
  recordsForward,
  discipline,
  iaes,
  expeditedHearing,
  behavioralEmergency,
  secondaryTransition,
  exit,
  recordsAccess,
  recordsAmendment,
  surrogateParent,
  iee,
  mediation,
  dueProcess,
  npsPlacement,
  privateSchool,
  scia,
  countyProgramReferral,
];

export const chartRegistry = createRegistry(chartDefinitions);
