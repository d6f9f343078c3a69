// The preload: runs sandboxed, in an isolated world, before the page. It exposes exactly one object,
// `window.vestnik` (see expose.ts for its security contract), and nothing else. scripts/build.mjs bundles it
// into one CommonJS file whose only require is 'electron', as a sandboxed preload demands.
import { contextBridge, ipcRenderer } from 'electron';
import { buildPreloadApi, EXPOSED_KEY } from './expose';

contextBridge.exposeInMainWorld(EXPOSED_KEY, buildPreloadApi(ipcRenderer));
