import type { ProviderFactory } from '../types';

// Placeholder until the smtp provider lands.
export const createSmtp: ProviderFactory = () => {
  throw new Error('The smtp provider is not implemented yet');
};
