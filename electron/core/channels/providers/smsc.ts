import type { ProviderFactory } from '../types';

// Placeholder until the smsc provider lands.
export const createSmsc: ProviderFactory = () => {
  throw new Error('The smsc provider is not implemented yet');
};
