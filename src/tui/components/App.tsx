import { Box, Text, useApp, useInput, useStdin, useStdout } from 'ink';
import { useState } from 'react';
import type { Model } from '../../model/types.ts';
import { useAnalysis, type AnalyzeFn } from '../hooks/use-analysis.ts';
import { useSimulation } from '../hooks/use-simulation.ts';
import { useWhatIf } from '../hooks/use-what-if.ts';
import { commandsFor } from '../keymap.ts';
import { hasSwitch, SWITCHES } from '../overload-switches.ts';
import type { SimulateFn } from '../simulation.ts';
import type { ModelSource } from '../variables.ts';
import { editKey, editedPools, unswitched } from '../what-if.ts';
import { AccuracyLine } from './AccuracyLine.tsx';
import { Header } from './Header.tsx';
import { Help } from './Help.tsx';
import { KeyHints } from './KeyHints.tsx';
import { LatencyLine } from './LatencyLine.tsx';
import { Notes } from './Notes.tsx';
import { OverloadLine, SWITCH_KEY } from './OverloadLine.tsx';
import { SimulationLine } from './SimulationLine.tsx';
import { StageTable } from './StageTable.tsx';
import { VariablesLine } from './VariablesLine.tsx';

export interface AppProps {
  /** The model as loaded (file plus --rate/--set/--var); `r` returns to it. */
  readonly model: Model;
  /** The simulator, when the library has one; without it `s` says "simulation not available". */
  readonly simulate?: SimulateFn;
  /** Where the model came from: with it the model's `vars:` can be stepped (the model is loaded again). */
  readonly source?: ModelSource;
  /**
   * The public analyze, asynchronous (analyzeAsync): it confirms the figures the analytic methods do not get
   * within the accuracy target by a short simulation. Without it those figures stay marked provisional.
   */
  readonly analyze?: AnalyzeFn;
}

/** Lines besides the stage rows, notes and optional lines: header 2, table header 1, latency and simulation 2, key hints 1, margins 3, spare 1. */
const FIXED_LINES = 10;

/**
 * How the terminal's height is shared: the stage rows first (at least 3), the notes with what is left. No
 * height known (not a terminal): everything is shown. `extra`: the optional lines this screen draws (variables,
 * how the figures were obtained, overload, a message).
 */
export function layout(rows: number | undefined, stages: number, columns = 100, extra = 0): { stageRows: number; noteLines: number } {
  if (rows === undefined || !(rows > 0)) return { stageRows: Infinity, noteLines: Infinity };
  // Below 100 columns the latency line wraps onto a second line.
  const fixed = FIXED_LINES + extra + (columns < 100 ? 1 : 0);
  const stageRows = Math.max(3, Math.min(stages, rows - fixed));
  return { stageRows, noteLines: Math.max(0, rows - fixed - stageRows) };
}

/**
 * The what-if screen: header, variables, stage table, latency and SLO, how the figures were obtained, overload
 * figures and switches, simulation, notes, key hints. Every key press that edits the model re-runs the analysis
 * (see ../what-if.ts); figures the public analyze would simulate are confirmed without blocking the keys
 * (../hooks/use-analysis.ts).
 *
 * @example
 * render(<App model={model} source={{ reload }} simulate={simulateAsync} analyze={analyzeAsync} />)
 */
export function App({ model, simulate, source, analyze }: AppProps) {
  const [state, dispatch] = useWhatIf(model, source);
  const key = editKey(state);
  const analysis = useAnalysis(analyze, state.model, key, state.result, state.provisional);
  const simulation = useSimulation(simulate, state.model, key, state.simulationRequests);
  const [helpShown, setHelpShown] = useState(false);
  const { exit } = useApp();
  const { isRawModeSupported } = useStdin();
  const { stdout } = useStdout();

  useInput(
    (input, key) => {
      for (const command of commandsFor(input, key)) {
        if (command.type === 'quit') exit();
        else if (command.type === 'help') setHelpShown((shown) => !shown);
        else dispatch(command);
      }
    },
    // Without a terminal to read keys from (REQPATH_TUI_FORCE with piped stdin) the screen is drawn once.
    { isActive: isRawModeSupported === true },
  );

  const r = analysis.result;
  const switchable = unswitched(state);
  const switches = SWITCHES.filter((s) => hasSwitch(switchable, s));
  const hasVars = state.variables.steppable.length + state.variables.derived.length > 0;
  // The overload figures, their switches, the metastable warning, and the simulated goodput under the simulation line.
  const overloadLines = switchable.overload === undefined ? 0 : 2 + (switches.length > 0 ? 1 : 0) + (r.metastable ? 1 : 0);
  const extra = (hasVars ? 1 : 0) + (r.accuracy && r.stable ? 1 : 0) + overloadLines + (state.message ? 1 : 0);
  const { stageRows, noteLines } = layout(stdout?.rows, r.stages.length, stdout?.columns, extra);
  return (
    <Box flexDirection="column">
      <Header model={state.model} result={r} loadPercent={state.loadPercent} />
      <VariablesLine variables={state.variables} steps={state.varSteps} selected={state.selectedVar} focused={state.focus === 'variables'} />
      {state.message ? <Text color="yellow" wrap="truncate-end">{state.message}</Text> : null}
      <Box marginTop={1}>
        <StageTable result={r} selected={state.focus === 'stages' ? state.selected : undefined} editedPools={editedPools(state)} maxRows={stageRows} />
      </Box>
      <Box marginTop={1} flexDirection="column">
        <LatencyLine result={r} slo={state.model.slo} />
        <AccuracyLine result={r} status={analysis.status} />
        <OverloadLine model={switchable} result={r} off={state.off} />
        <SimulationLine state={simulation} analyticP99={r.latency.p99} p99Source={r.accuracy?.percentiles.kind === 'simulated' ? 'analyze (its own simulation)' : 'analytic'} />
      </Box>
      {helpShown ? <Help /> : null}
      <Box marginTop={1}>
        <Notes notes={r.notes} maxLines={noteLines} />
      </Box>
      <KeyHints variables={state.variables.steppable.length > 0} switches={switches.map((s) => SWITCH_KEY[s])} />
    </Box>
  );
}
