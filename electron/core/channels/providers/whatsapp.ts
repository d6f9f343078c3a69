import type { ProviderFactory } from '../types';

// Placeholder until the whatsapp provider lands.
export const createWhatsApp: ProviderFactory = () => {
  throw new Error('The whatsapp provider is not implemented yet');
};
