import { contextBridge, ipcRenderer } from 'electron';
import { createRendererApi } from './api';

// The sandboxed preload: one CommonJS file that requires only `electron` (checked by tests/build).
contextBridge.exposeInMainWorld(
  'api',
  createRendererApi(ipcRenderer, __IPC_INVOKE_CHANNELS__, __IPC_EVENT_CHANNELS__),
);
