/** The edited model and its analysis: a thin hook over the pure reducer in ../what-if.ts. */
import { useReducer, type Dispatch } from 'react';
import type { Model } from '../../model/types.ts';
import type { ModelSource } from '../variables.ts';
import { initialWhatIf, whatIfReducer, type WhatIfAction, type WhatIfState } from '../what-if.ts';

export function useWhatIf(base: Model, source?: ModelSource): [WhatIfState, Dispatch<WhatIfAction>] {
  return useReducer(whatIfReducer, undefined, () => initialWhatIf(base, source));
}
