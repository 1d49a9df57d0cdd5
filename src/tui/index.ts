/** The terminal UI's public surface: an explicit list. */
export { renderTui, type TuiOptions } from './render.tsx';
export { App, type AppProps } from './components/App.tsx';
export { Header, type HeaderProps } from './components/Header.tsx';
export { StageTable, type StageTableProps } from './components/StageTable.tsx';
export { LatencyLine, type LatencyLineProps } from './components/LatencyLine.tsx';
export { SimulationLine, type SimulationLineProps } from './components/SimulationLine.tsx';
export { Notes, type NotesProps } from './components/Notes.tsx';
export { Help, type HelpProps } from './components/Help.tsx';
export { KeyHints } from './components/KeyHints.tsx';
export { useWhatIf } from './hooks/use-what-if.ts';
export { useSimulation } from './hooks/use-simulation.ts';
export { initialWhatIf, whatIfReducer, editedPools, editKey, scaledLoad, type WhatIfState, type WhatIfAction } from './what-if.ts';
export { BINDINGS, commandFor, commandsFor, type Binding, type Command } from './keymap.ts';
export { SHORT_RUN, runShortSimulation, type SimulateFn, type SimulatedResult, type SimulationState, type SimulationSummary } from './simulation.ts';
export { sloStatus, type SloStatus, type SloBound } from './slo-status.ts';
