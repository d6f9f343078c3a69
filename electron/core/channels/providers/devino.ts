import type { ProviderFactory } from '../types';

// Placeholder until the devino provider lands.
export const createDevino: ProviderFactory = () => {
  throw new Error('The devino provider is not implemented yet');
};
