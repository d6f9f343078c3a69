import type { ProviderFactory } from '../types';

// Placeholder until the kannel provider lands.
export const createKannel: ProviderFactory = () => {
  throw new Error('The kannel provider is not implemented yet');
};
