// Public face of the core for the shells (Electron main, web shell, CLI). Implementation in ./core.ts.
export { createCore, type Core, type CoreOptions } from './core';
export { CoreEvents } from './events';
export { defaultDataDir, defaultDbPath } from './paths';
