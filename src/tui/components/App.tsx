import { Box, useApp, useInput, useStdin, useStdout } from 'ink';
import { useState } from 'react';
import type { Model } from '../../model/types.ts';
import { useSimulation } from '../hooks/use-simulation.ts';
import { useWhatIf } from '../hooks/use-what-if.ts';
import { commandsFor } from '../keymap.ts';
import { editKey, editedPools } from '../what-if.ts';
import type { SimulateFn } from '../simulation.ts';
import { Header } from './Header.tsx';
import { Help } from './Help.tsx';
import { KeyHints } from './KeyHints.tsx';
import { LatencyLine } from './LatencyLine.tsx';
import { Notes } from './Notes.tsx';
import { SimulationLine } from './SimulationLine.tsx';
import { StageTable } from './StageTable.tsx';

export interface AppProps {
  /** The model as loaded (file plus --rate/--set); `r` returns to it. */
  readonly model: Model;
  /** The simulator, when the library has one; without it `s` says "simulation not available". */
  readonly simulate?: SimulateFn;
}

/**
 * The what-if screen: header, stage table, latency and SLO, simulation, notes, key hints. Every key press
 * that edits the model re-runs the analysis (see ../what-if.ts).
 *
 * @example
 * render(<App model={loadModel('models/seda-https-json.yaml')} simulate={simulate} />)
 */
/** Lines besides the stage rows and notes: header 2, table header 1, latency and simulation 2, key hints 1, margins 3, spare 1. */
const FIXED_LINES = 10;

/**
 * How the terminal's height is shared: the stage rows first (at least 3), the notes with what is left. No
 * height known (not a terminal): everything is shown.
 */
export function layout(rows: number | undefined, stages: number, columns = 100): { stageRows: number; noteLines: number } {
  if (rows === undefined || !(rows > 0)) return { stageRows: Infinity, noteLines: Infinity };
  // Below 100 columns the latency line wraps onto a second line.
  const fixed = FIXED_LINES + (columns < 100 ? 1 : 0);
  const stageRows = Math.max(3, Math.min(stages, rows - fixed));
  return { stageRows, noteLines: Math.max(0, rows - fixed - stageRows) };
}

export function App({ model, simulate }: AppProps) {
  const [state, dispatch] = useWhatIf(model);
  const simulation = useSimulation(simulate, state.model, editKey(state), state.simulationRequests);
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

  const r = state.result;
  const { stageRows, noteLines } = layout(stdout?.rows, r.stages.length, stdout?.columns);
  return (
    <Box flexDirection="column">
      <Header model={state.model} result={r} loadPercent={state.loadPercent} />
      <Box marginTop={1}>
        <StageTable result={r} selected={state.selected} editedPools={editedPools(state)} maxRows={stageRows} />
      </Box>
      <Box marginTop={1} flexDirection="column">
        <LatencyLine result={r} slo={state.model.slo} />
        <SimulationLine state={simulation} analyticP99={r.latency.p99} />
      </Box>
      {helpShown ? <Help /> : null}
      <Box marginTop={1}>
        <Notes notes={r.notes} maxLines={noteLines} />
      </Box>
      <KeyHints />
    </Box>
  );
}
