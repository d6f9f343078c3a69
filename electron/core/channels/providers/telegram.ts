import type { ProviderFactory } from '../types';

// Placeholder until the telegram provider lands.
export const createTelegram: ProviderFactory = () => {
  throw new Error('The telegram provider is not implemented yet');
};
