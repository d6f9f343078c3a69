import { z } from 'zod';

/** The delivery channels Vestnik knows. Opt-outs and consents are kept per channel. */
export const CHANNELS = ['sms', 'email', 'telegram', 'whatsapp'] as const;
export const channelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof channelSchema>;
