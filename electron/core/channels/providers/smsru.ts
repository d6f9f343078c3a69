import type { ProviderFactory } from '../types';

// Placeholder until the smsru provider lands.
export const createSmsRu: ProviderFactory = () => {
  throw new Error('The smsru provider is not implemented yet');
};
