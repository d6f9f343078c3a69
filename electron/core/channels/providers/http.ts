import type { ProviderFactory } from '../types';

// Placeholder until the http provider lands.
export const createHttpGateway: ProviderFactory = () => {
  throw new Error('The http provider is not implemented yet');
};
