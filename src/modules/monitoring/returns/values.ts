/** The checks on one figure live in src/shared, where the return form runs them too. */
export {
  type ValueEntry,
  type ValueProblem,
  describeValue,
  isAnswered,
  missingRequired,
  valueProblems,
} from '../../../shared/return-values.js';
