/** The computer's time zone: scheduled sends are shown in it (the summary, the launch confirmation, compose). */
export const localZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;
