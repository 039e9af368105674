// Compiled into the preload by electron.vite.config.ts (`define`) from src/shared/ipc/contract.ts, so the
// sandboxed preload needs neither zod nor the contract module at run time.
declare const __IPC_INVOKE_CHANNELS__: readonly string[];
declare const __IPC_EVENT_CHANNELS__: readonly string[];
