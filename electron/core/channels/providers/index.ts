import type { ProviderId } from '../../../../shared/domain/providers';
import type { ProviderFactory } from '../types';
import { createDevino } from './devino';
import { createHttpGateway } from './http';
import { createKannel } from './kannel';
import { createSandbox } from './sandbox';
import { createSmsc } from './smsc';
import { createSmsRu } from './smsru';
import { createSmtp } from './smtp';
import { createTelegram } from './telegram';
import { createWhatsApp } from './whatsapp';

/** Every provider, by id: one file each, all behind the contract in ../types.ts. */
export const PROVIDER_FACTORIES: Readonly<Record<ProviderId, ProviderFactory>> = {
  sandbox: createSandbox,
  devino: createDevino,
  smsru: createSmsRu,
  smsc: createSmsc,
  kannel: createKannel,
  http: createHttpGateway,
  smtp: createSmtp,
  telegram: createTelegram,
  whatsapp: createWhatsApp,
};
